"""The demo as a gateway: `POST /chat/completions` (JSON and SSE, OpenAI format) with a made-up,
deterministic completion, and the generation it records: 404 for the pending delay, then 200 on
both endpoints, in the live API's shape (sometimes after a fallback chain); bounded."""

from __future__ import annotations

import json
import re

import pytest

from explorer.api.models import ContentEnvelope, GenerationEnvelope
from explorer.demo.app import create_demo_app
from tests.support.clock import NOW, FakeClock

PENDING = 4.0
MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is a gateway?"}]
ID_SHAPE = re.compile(rf"^gen-{int(NOW)}-[A-Za-z0-9]{{20}}$")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(clock):
    return create_demo_app(pending_seconds=PENDING, clock=clock.time)


async def complete(client, stream: bool = False, messages=MESSAGES, model: str = "anthropic/claude-haiku-4.5"):
    return await client.post("/chat/completions", json={"model": model, "messages": messages, "stream": stream})


def events(body: str) -> list[str]:
    assert body.endswith("\n\n")
    parts = body[:-2].split("\n\n")
    assert all(part.startswith("data: ") for part in parts)
    return [part.removeprefix("data: ") for part in parts]


async def test_a_completion_in_the_openai_shape_same_text_for_the_same_prompt(app, client_for):
    async with client_for(app) as client:
        first, second = (await complete(client)).json(), (await complete(client)).json()
        other = (await complete(client, messages=[{"role": "user", "content": "Something else"}])).json()
    assert ID_SHAPE.match(first["id"]) and first["id"] != second["id"]
    assert (first["object"], first["model"], first["created"]) == ("chat.completion", "anthropic/claude-haiku-4.5",
                                                                   int(NOW))
    message = first["choices"][0]["message"]
    assert message["role"] == "assistant" and "What is a gateway?" in message["content"]
    assert message["content"] == second["choices"][0]["message"]["content"]
    assert other["choices"][0]["message"]["content"] != message["content"]
    usage = first["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] and usage["cost"] > 0


async def test_a_stream_is_sse_chunks_then_done_with_the_same_text(app, client_for):
    async with client_for(app) as client:
        plain = (await complete(client)).json()
        response = await complete(client, stream=True)
    assert response.headers["content-type"].startswith("text/event-stream")
    data = events(response.text)
    assert data[-1] == "[DONE]"
    chunks = [json.loads(item) for item in data[:-1]]
    assert len({chunk["id"] for chunk in chunks}) == 1 and ID_SHAPE.match(chunks[0]["id"])
    assert all(chunk["object"] == "chat.completion.chunk" for chunk in chunks)
    text = "".join(c["choices"][0]["delta"]["content"] for c in chunks if c["choices"])
    assert text == plain["choices"][0]["message"]["content"]
    assert [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]][-1] == "stop"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["cost"] == plain["usage"]["cost"]


async def test_the_generation_is_pending_then_served_on_both_endpoints(app, client_for, clock, spec):
    async with client_for(app) as client:
        answer = (await complete(client, stream=True)).text
        gen_id = json.loads(events(answer)[0])["id"]
        usage = json.loads(events(answer)[-2])["usage"]
        clock.now += PENDING - 0.5
        pending = [await client.get(path, params={"id": gen_id}) for path in ("/generation", "/generation/content")]
        clock.now += 0.5
        meta, content = [await client.get(path, params={"id": gen_id})
                         for path in ("/generation", "/generation/content")]
    assert [r.status_code for r in pending] == [404, 404]
    assert pending[0].json()["error"]["message"] == "Generation not found"
    assert meta.status_code == content.status_code == 200
    generation = GenerationEnvelope.model_validate(meta.json()).data
    assert (generation.id, generation.model, generation.streamed) == (gen_id, "anthropic/claude-haiku-4.5", True)
    assert generation.total_cost == usage["cost"] and generation.tokens_prompt == usage["prompt_tokens"]
    assert generation.attempts[-1].status == 200 and generation.provider_name == generation.attempts[-1].provider_name
    spec.with_todays_enums().validate("GenerationResponse", meta.json())
    spec.validate("GenerationContentResponse", content.json())
    stored = ContentEnvelope.model_validate(content.json()).data
    assert content.json()["data"]["input"]["messages"] == MESSAGES
    chunks = [json.loads(item) for item in events(answer)[:-1]]
    assert stored.output.completion == "".join(c["choices"][0]["delta"]["content"] for c in chunks if c["choices"])


async def test_some_prompts_went_through_a_fallback_chain_always_the_same_ones(app, client_for, clock):
    chains = {}
    async with client_for(app) as client:
        for n in range(12):
            for _ in range(2):
                messages = [{"role": "user", "content": f"prompt {n}"}]
                gen_id = (await complete(client, messages=messages)).json()["id"]
                chains.setdefault(n, []).append(app.state.demo_api.gateway.lookup(gen_id).generation)
    attempts = {n: [len(g["provider_responses"]) for g in pair] for n, pair in chains.items()}
    assert all(first == second for first, second in attempts.values())  # decided by the prompt
    assert {counts[0] for counts in attempts.values()} == {1, 2}  # some with a chain, some without
    for pair in chains.values():
        failed, *rest = pair[0]["provider_responses"]
        if rest:
            assert failed["status"] in (429, 502, 503) and rest[0]["status"] == 200
            assert failed["provider_name"] != rest[0]["provider_name"]


async def test_the_recorded_generations_are_bounded(app, client_for):
    gateway = app.state.demo_api.gateway
    gateway.max_recorded = 3
    async with client_for(app) as client:
        ids = [(await complete(client)).json()["id"] for _ in range(5)]
    assert list(gateway.recorded) == ids[2:] and gateway.lookup(ids[0]) is None


async def test_bad_requests_answer_in_the_api_error_shape(app, client_for):
    async with client_for(app) as client:
        not_json = await client.post("/chat/completions", content=b"{nope")
        no_messages = await client.post("/chat/completions", json={"model": "x"})
        wrong_method = await client.get("/chat/completions")
    async with client_for(app, key=None) as anonymous:
        no_key = await complete(anonymous)
    assert [r.status_code for r in (not_json, no_messages, wrong_method, no_key)] == [400, 400, 405, 401]
    assert no_messages.json()["error"]["metadata"] == {"param": "messages"}
    assert all(set(r.json()) == {"error"} for r in (not_json, no_messages, wrong_method, no_key))
