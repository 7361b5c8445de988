"""The demo as a gateway: ``POST /chat/completions`` answered with a made-up completion.

Both forms of the OpenAI chat API: ``stream: false`` (one ``chat.completion`` JSON object) and
``stream: true`` (``text/event-stream``: ``data: {chunk}`` events, then ``data: [DONE]``). The
completion is deterministic (seeded by the model and the messages); the ID is new each time,
``gen-<unix now>-<random>``. Each answer records a generation in the live API's shape (metadata
and content; sometimes, decided by a hash of the prompt, after a fallback chain) that the demo's
generation endpoints serve once the pending delay has passed. So the whole capture loop (any
OpenAI client → proxy → demo → lookup) runs with no key and no network.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import string
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from explorer.demo.errors import encode_json, error_response, raw_json_response
from explorer.demo.synth import iso_timestamp, synthesize_generation

#: Recorded generations kept at most (the oldest go first): a long benchmark stays bounded.
MAX_RECORDED = 10_000
DEFAULT_MODEL = "openai/gpt-4o-mini"
_ID_ALPHABET = string.ascii_letters + string.digits

# model prefix → (provider, USD per 1M input tokens, USD per 1M output tokens)
_PROVIDERS = {
    "openai": ("OpenAI", 0.15, 0.60),
    "anthropic": ("Anthropic", 1.0, 5.0),
    "google": ("Google AI Studio", 0.30, 2.50),
    "mistralai": ("Mistral", 0.10, 0.30),
    "deepseek": ("DeepSeek", 0.27, 1.10),
}
_DEFAULT_PROVIDER = ("DeepInfra", 0.13, 0.40)
_FALLBACK_FROM = (("Together", 429), ("Fireworks", 502), ("Lambda", 503))
_OPENERS = ("Sure.", "Here is a short answer.", "Good question.", "In brief:", "Happy to help.")
_CLOSERS = (
    "This reply is made up by the demo gateway, so it is the same every time you ask.",
    "The demo invents this text; its stats appear in the explorer a few seconds from now.",
    "Look this generation up by its ID to see its cost, tokens and provider attempts.",
)


@dataclass(frozen=True)
class RecordedGeneration:
    """What the generation endpoints serve for an ID the gateway made."""

    generation: dict[str, Any]
    content: dict[str, Any]
    created: float  # the gateway's clock when it answered; the pending delay counts from here


@dataclass(frozen=True)
class Completion:
    """One made-up answer: the text and the numbers that describe it."""

    gen_id: str
    created: int
    model: str
    provider: str
    text: str
    tokens_prompt: int
    tokens_completion: int
    cost: float

    def usage(self) -> dict[str, Any]:
        return {"prompt_tokens": self.tokens_prompt, "completion_tokens": self.tokens_completion,
                "total_tokens": self.tokens_prompt + self.tokens_completion, "cost": self.cost}


def _message_text(messages: list[Any]) -> str:
    """The text of the last user message (string content, or the text parts of a list)."""
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                return " ".join(p.get("text", "") for p in content if isinstance(p, dict)
                                and isinstance(p.get("text"), str))
    return ""


def made_up_answer(model: str, messages: list[Any]) -> tuple[str, int]:
    """The deterministic completion for `messages` and a seed from the same hash (it picks the
    fallback chain and the numbers, so one prompt always gets the same record)."""
    digest = hashlib.sha256(encode_json([model, messages])).digest()
    rng = random.Random(digest)
    asked = " ".join(_message_text(messages).split())
    topic = asked if len(asked) <= 60 else asked[:57].rstrip() + "..."
    about = f' You asked: "{topic}".' if topic else ""
    text = f"{rng.choice(_OPENERS)}{about} {rng.choice(_CLOSERS)}"
    return text, int.from_bytes(digest[:8], "big")


class DemoGateway:
    """Answers chat completions and remembers the generation each one made (bounded)."""

    def __init__(self, *, clock: Callable[[], float], max_recorded: int = MAX_RECORDED,
                 chunk_delay: float = 0.0) -> None:
        self.clock = clock
        self.max_recorded = max_recorded
        self.chunk_delay = chunk_delay  # seconds between SSE chunks (0: as fast as possible)
        self.recorded: OrderedDict[str, RecordedGeneration] = OrderedDict()
        self._random = random.Random()

    def new_id(self) -> str:
        """A fresh generation ID, ``gen-<unix now>-<20 letters and digits>`` (tests may replace it)."""
        return f"gen-{int(self.clock())}-" + "".join(self._random.choices(_ID_ALPHABET, k=20))

    def lookup(self, gen_id: str) -> RecordedGeneration | None:
        """The generation recorded for `gen_id`, if the gateway made it (and still keeps it)."""
        return self.recorded.get(gen_id)

    async def complete(self, request: Request) -> Response:
        """``POST /chat/completions``: the completion as JSON or as an SSE stream."""
        try:
            body = json.loads(await request.body())
        except ValueError:
            return error_response(400, "Invalid JSON in the request body")
        if not isinstance(body, dict):
            return error_response(400, "The request body must be a JSON object")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return error_response(400, "messages: expected a non-empty array", {"param": "messages"})
        model = body.get("model") if isinstance(body.get("model"), str) and body.get("model") else DEFAULT_MODEL
        stream = body.get("stream") is True
        completion = self._record(model, messages, stream, request)
        if stream:
            return StreamingResponse(self._events(completion), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        return raw_json_response(encode_json(_completion_body(completion)))

    def _record(self, model: str, messages: list[Any], stream: bool, request: Request) -> Completion:
        now = self.clock()
        gen_id = self.new_id()
        text, seed = made_up_answer(model, messages)
        rng = random.Random(seed)
        provider, price_in, price_out = _PROVIDERS.get(model.split("/", 1)[0], _DEFAULT_PROVIDER)
        tokens_prompt = max(1, len(encode_json(messages)) // 4)
        tokens_completion = max(1, len(text) // 4)
        cost = round((tokens_prompt * price_in + tokens_completion * price_out) / 1e6, 10)
        created = _embedded_time(gen_id, now)
        completion = Completion(gen_id, created, model, provider, text, tokens_prompt, tokens_completion, cost)
        generation, _ = synthesize_generation(gen_id, created)
        latency = rng.randint(150, 700)
        attempts = _attempts(rng, generation["provider_responses"][0], model, provider, latency)
        generation.update(
            created_at=iso_timestamp(now), model=model, streamed=stream, latency=latency,
            generation_time=latency + rng.randint(300, 1500), tokens_prompt=tokens_prompt,
            tokens_completion=tokens_completion, native_tokens_prompt=tokens_prompt,
            native_tokens_completion=tokens_completion, usage=cost, total_cost=cost, provider_name=provider,
            provider_responses=attempts, user_agent=request.headers.get("user-agent", ""),
            http_referer=request.headers.get("http-referer"), api_type="completions",
        )
        content = {"error": None, "input": {"messages": messages},
                   "output": {"completion": text, "reasoning": None}}
        self.recorded[gen_id] = RecordedGeneration(generation, content, now)
        while len(self.recorded) > self.max_recorded:
            self.recorded.popitem(last=False)
        return completion

    async def _events(self, completion: Completion) -> AsyncIterator[bytes]:
        words = completion.text.split(" ")
        pieces = [word + " " for word in words[:-1]] + words[-1:]
        head = {"id": completion.gen_id, "provider": completion.provider, "model": completion.model,
                "object": "chat.completion.chunk", "created": completion.created}
        for piece in [*pieces, None]:
            delta = {"role": "assistant", "content": piece or ""}
            finish = None if piece is not None else "stop"
            choice = {"index": 0, "delta": delta, "finish_reason": finish, "native_finish_reason": finish,
                      "logprobs": None}
            yield b"data: " + encode_json({**head, "choices": [choice]}) + b"\n\n"
            if self.chunk_delay > 0:
                await asyncio.sleep(self.chunk_delay)
        yield b"data: " + encode_json({**head, "choices": [], "usage": completion.usage()}) + b"\n\n"
        yield b"data: [DONE]\n\n"


def _embedded_time(gen_id: str, now: float) -> int:
    """The unix seconds in a ``gen-<t>-…`` ID (so ``created`` follows the ID), else `now`."""
    stamp = gen_id.split("-")[1] if gen_id.count("-") >= 2 else ""
    return int(stamp) if stamp.isdigit() else int(now)


def _attempts(rng: random.Random, answered: dict[str, Any], model: str, provider: str,
              latency: int) -> list[dict[str, Any]]:
    """The provider attempts: the one that answered, after a failed one for about a third of
    the prompts (a fallback chain, as the live API records it)."""
    final = {**answered, "provider_name": provider, "model_permaslug": model, "latency": latency - 40,
             "status": 200}
    if rng.random() >= 1 / 3:
        return [final]
    failed_provider, status = rng.choice(_FALLBACK_FROM)
    failed = {**answered, "endpoint_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
              "id": f"req_{rng.getrandbits(96):024x}", "provider_name": failed_provider,
              "model_permaslug": model, "latency": rng.randint(40, 400), "status": status}
    return [failed, final]


def _completion_body(completion: Completion) -> dict[str, Any]:
    """The ``chat.completion`` object of a non-streamed answer."""
    message = {"role": "assistant", "content": completion.text, "refusal": None, "reasoning": None}
    choice = {"logprobs": None, "finish_reason": "stop", "native_finish_reason": "stop", "index": 0,
              "message": message}
    return {"id": completion.gen_id, "provider": completion.provider, "model": completion.model,
            "object": "chat.completion", "created": completion.created, "choices": [choice],
            "usage": completion.usage()}
