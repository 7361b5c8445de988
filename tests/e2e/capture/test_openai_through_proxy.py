"""The official `openai` SDK sends chat completions, streamed and not, through the recording proxy
to the demo gateway: it gets the upstream's bytes unchanged, and each generation then appears in
the history, looked up (metadata, content, attempts), with no key stored anywhere."""

from __future__ import annotations

import openai
import pytest

from tests.e2e.capture.conftest import CLIENT_KEY, stored_bytes

FIXED_ID = "gen-1796140806-SameIdForBothRequests"
MESSAGES = [{"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Name three uses of a paperclip."}]


def sdk(base_url: str) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=base_url, api_key=CLIENT_KEY, max_retries=0, timeout=10)


@pytest.fixture
def fixed_id(gateway_app):
    """Every completion gets the same ID, so a direct and a proxied answer are byte for byte equal."""
    gateway_app.state.demo_api.gateway.new_id = lambda: FIXED_ID
    return FIXED_ID


def comparable(headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items() if k.lower() != "date"}


async def test_a_completion_passes_unchanged_and_lands_in_the_history(gateway, rig_for, fixed_id, tmp_path):
    async with rig_for(gateway.base_url) as rig, sdk(gateway.base_url) as plain, sdk(rig.base_url) as client:
        direct = await plain.chat.completions.with_raw_response.create(
            model="anthropic/claude-haiku-4.5", messages=MESSAGES)
        proxied = await client.chat.completions.with_raw_response.create(
            model="anthropic/claude-haiku-4.5", messages=MESSAGES)
        assert proxied.http_response.status_code == direct.http_response.status_code == 200
        assert proxied.http_response.content == direct.http_response.content
        assert comparable(proxied.http_response.headers) == comparable(direct.http_response.headers)
        completion = proxied.parse()
        assert completion.id == fixed_id and "paperclip" in completion.choices[0].message.content

        ended = await rig.ended(fixed_id)
        assert ended.kind == "loaded", ended.reason
    [row] = rig.log.list_captures()
    assert (row.id, row.state, row.source, row.model) == (fixed_id, "loaded", "proxy", "anthropic/claude-haiku-4.5")
    assert row.total_cost == completion.usage.cost and row.attempts >= 1
    saved = rig.log.store.get(fixed_id)
    assert saved.content["input"]["messages"] == MESSAGES
    assert saved.content["output"]["completion"] == completion.choices[0].message.content
    assert CLIENT_KEY.encode() not in stored_bytes(tmp_path / "history.sqlite3")


async def test_a_stream_passes_unchanged_and_lands_in_the_history(gateway, rig_for, fixed_id, tmp_path):
    async def body(base_url: str) -> tuple[bytes, dict]:
        async with sdk(base_url) as client, client.chat.completions.with_streaming_response.create(
                model="openai/gpt-4o-mini", messages=MESSAGES, stream=True) as response:
            return b"".join([chunk async for chunk in response.iter_bytes()]), comparable(response.headers)

    async with rig_for(gateway.base_url) as rig:
        direct, direct_headers = await body(gateway.base_url)
        proxied, proxied_headers = await body(rig.base_url)
        assert proxied == direct and proxied.endswith(b"data: [DONE]\n\n")
        assert proxied_headers == direct_headers
        assert proxied_headers["content-type"].startswith("text/event-stream")
        ended = await rig.ended(fixed_id)
        assert ended.kind == "loaded", ended.reason
    [row] = rig.log.list_captures()
    assert row.state == "loaded" and row.model == "openai/gpt-4o-mini" and row.total_cost > 0
    assert rig.log.store.get(fixed_id).generation["streamed"] is True
    assert CLIENT_KEY.encode() not in stored_bytes(tmp_path / "history.sqlite3")


async def test_the_sdk_parses_streams_through_the_proxy_and_every_generation_is_captured(gateway, rig_for):
    async with rig_for(gateway.base_url) as rig, sdk(rig.base_url) as client:
        ids, texts = [], []
        for n in range(3):
            stream = await client.chat.completions.create(
                model="openai/gpt-4o-mini", stream=True,
                messages=[{"role": "user", "content": f"Question number {n}"}])
            text = ""
            async for chunk in stream:
                text += chunk.choices[0].delta.content or "" if chunk.choices else ""
                last = chunk
            ids.append(last.id)
            texts.append(text)
        plain = await client.chat.completions.create(model="openai/gpt-4o-mini", messages=MESSAGES)
        ids.append(plain.id)
        await rig.until(lambda: sum(e.kind == "loaded" for e in rig.events) == 4)
    assert len(set(ids)) == 4 and all(f"Question number {n}" in texts[n] for n in range(3))
    rows = {row.id: row for row in rig.log.list_captures()}
    assert set(rows) == set(ids) and {row.state for row in rows.values()} == {"loaded"}
    assert rig.clients.open_count == 0  # the key's client is gone with its lookups
