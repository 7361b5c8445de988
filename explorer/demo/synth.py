"""Deterministic generators for demo content that is too big or too dynamic to commit.

- :func:`long_conversation` expands the compact ``content_recipe`` of the large-content record
  (thousands of messages, a 20,000-line completion) so the repository stays small.
- :func:`synthesize_generation` invents a plausible generation for any ID, seeded by the ID,
  used by the demo API's pending flow and as the base of some fault payloads.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from datetime import UTC, datetime
from typing import Any

#: Every key the older spec marks required on GenerationResponseData (plus request_id and
#: session_id), then the ones today's API adds and requires, in a readable order.
GENERATION_FIELDS: tuple[str, ...] = (
    "id", "created_at", "model", "app_id", "external_user", "streamed", "cancelled", "latency",
    "moderation_latency", "generation_time", "tokens_prompt", "tokens_completion", "native_tokens_prompt",
    "native_tokens_completion", "native_tokens_completion_images", "native_tokens_reasoning",
    "native_tokens_cached", "num_media_prompt", "num_input_audio_prompt", "num_media_completion",
    "num_search_results", "num_fetches", "origin", "http_referer", "user_agent", "is_byok", "finish_reason",
    "native_finish_reason", "usage", "total_cost", "cache_discount", "upstream_inference_cost", "router",
    "provider_name", "provider_responses", "api_type", "upstream_id", "request_id", "session_id",
    "service_tier", "web_search_engine", "data_region", "preset_id", "workspace_id",
)  # fmt: skip
#: Keys of today's API that the older spec does not list (required by the official SDK).
TODAYS_GENERATION_FIELDS = frozenset({"data_region", "preset_id", "workspace_id"})
#: The workspace every synthesized generation is attributed to (the demo account's default).
DEMO_WORKSPACE_ID = "6f0c9d2e-4b1a-4e8f-9a37-2c5d81e0b4f6"

_SERVICES = ("api-gateway", "billing", "search", "auth", "ingest", "notifier", "ledger", "thumbnails")
_REGIONS = ("eu-west-1", "us-east-1", "us-west-2", "ap-south-1", "sa-east-1")
_EVENTS = ("deploy ok", "deploy rolled back", "p99 above SLO", "5xx burst", "recovered", "paged on-call",
           "cache cold start", "config reload", "scaled out", "scaled in", "cert renewed", "queue backlog")


def iso_timestamp(seconds: float) -> str:
    """Format unix ``seconds`` like the API does: ``2026-02-24T21:19:33.705Z``."""
    moment = datetime.fromtimestamp(seconds, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _clock(seconds: int) -> str:
    """``HH:MM:SS`` for ``seconds`` after 09:00 (the incident started in the morning)."""
    seconds += 9 * 3600
    return f"{seconds // 3600 % 24:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def long_conversation(recipe: dict[str, Any]) -> dict[str, Any]:
    """Build the content of the large record from ``recipe`` (seed, messages, completion_lines).

    The conversation is an incident-review chat: the user pastes status lines, the assistant
    acknowledges them, and the final answer is a numbered digest with one line per event.
    """
    rng = random.Random(recipe["seed"])
    total = int(recipe["messages"])
    messages: list[dict[str, Any]] = [{
        "role": "system",
        "content": "You are an SRE assistant. The user pastes incident-channel lines one by one; acknowledge "
                   "each briefly. When asked, produce a digest with exactly one numbered line per event.",
    }]
    while len(messages) < total - 1:
        step = len(messages) // 2
        service, region, event = rng.choice(_SERVICES), rng.choice(_REGIONS), rng.choice(_EVENTS)
        stamp = _clock(step * 11 + rng.randint(0, 10))
        line = f"[{stamp}] {service} {region}: {event} (ticket OPS-{4000 + step})"
        messages.append({"role": "user", "content": line})
        if len(messages) < total - 1:
            messages.append({"role": "assistant", "content": f"Noted: {service} in {region}, {event} at {stamp}."})
    messages.append({"role": "user", "content": "That's everything. Now the full digest, one numbered line per event."})

    lines = []
    for index in range(1, int(recipe["completion_lines"]) + 1):
        service, region, event = rng.choice(_SERVICES), rng.choice(_REGIONS), rng.choice(_EVENTS)
        lines.append(f"{index:05d} {_clock(index * 2 + rng.randint(0, 1))} {service} {region} {event}")
    return {"error": None, "input": {"messages": messages},
            "output": {"completion": "\n".join(lines), "reasoning": None}}


# model, permaslug, provider, USD per 1M input tokens, USD per 1M output tokens
_MODELS = (
    ("openai/gpt-4o-mini", "openai/gpt-4o-mini-2024-07-18", "OpenAI", 0.15, 0.60),
    ("anthropic/claude-haiku-4.5", "anthropic/claude-4.5-haiku-20251001", "Anthropic", 1.0, 5.0),
    ("google/gemini-2.5-flash", "google/gemini-2.5-flash", "Google AI Studio", 0.30, 2.50),
    ("meta-llama/llama-3.3-70b-instruct", "meta-llama/llama-3.3-70b-instruct", "DeepInfra", 0.13, 0.40),
)
_PROMPTS = (
    ("Summarise this stand-up note in one sentence: API migration is 80% done, blocked on the auth review.",
     "The API migration is about 80% complete and is waiting on the auth review before it can finish."),
    ("Translate to French: The meeting moved to Thursday at 10.",
     "La réunion a été déplacée à jeudi à 10 h."),
    ("Suggest a name for a Python function that removes duplicate emails case-insensitively.",
     "`dedupe_emails_casefold(emails: list[str]) -> list[str]` — it says what it removes and how it compares."),
)


def synthesize_generation(gen_id: str, created: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return ``(generation, content)`` for ``gen_id``: plausible, spec-complete and deterministic."""
    rng = random.Random(hashlib.sha256(gen_id.encode("utf-8")).digest())
    model, permaslug, provider, price_in, price_out = rng.choice(_MODELS)
    prompt, answer = rng.choice(_PROMPTS)
    tokens_prompt, tokens_completion = rng.randint(18, 60), rng.randint(20, 90)
    native_prompt = tokens_prompt + rng.randint(0, 3)
    native_completion = tokens_completion + rng.randint(-4, 4)
    cost = round((native_prompt * price_in + native_completion * price_out) / 1e6, 10)
    latency = rng.randint(180, 900)
    upstream_id = "chatcmpl-" + "".join(rng.choice("0123456789abcdef") for _ in range(24))
    attempt = {
        "endpoint_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "id": upstream_id,
        "is_byok": False,
        "latency": latency - rng.randint(10, 60),
        "model_permaslug": permaslug,
        "provider_name": provider,
        "status": 200,
    }
    generation: dict[str, Any] = dict.fromkeys(GENERATION_FIELDS)
    generation.update(
        id=gen_id, created_at=iso_timestamp(int(created) + rng.randint(0, 999) / 1000), model=model,
        streamed=True, cancelled=False, latency=latency, generation_time=latency + rng.randint(400, 2500),
        tokens_prompt=tokens_prompt, tokens_completion=tokens_completion, native_tokens_prompt=native_prompt,
        native_tokens_completion=native_completion, native_tokens_completion_images=0, native_tokens_reasoning=0,
        native_tokens_cached=0, num_media_completion=0, origin="", user_agent="modelgates-explorer-demo/1.0",
        is_byok=False, finish_reason="stop", native_finish_reason="stop", usage=cost, total_cost=cost,
        provider_name=provider, provider_responses=[attempt], api_type="completions", upstream_id=upstream_id,
        response_cache_source_id=None, data_region="global", workspace_id=DEMO_WORKSPACE_ID,
    )
    content = {
        "error": None,
        "input": {"messages": [{"role": "user", "content": prompt}]},
        "output": {"completion": answer, "reasoning": None},
    }
    return generation, content
