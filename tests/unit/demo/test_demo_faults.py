"""The ``fault-*`` IDs misbehave as documented, on both endpoints (in process)."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from explorer.demo.app import create_demo_app
from explorer.demo.faults import FAULT_IDS, HOSTILE_LINE_CHARS, HOSTILE_SNIPPETS

ENDPOINTS = ["/generation", "/generation/content"]


async def get(client_for, fault_id: str, endpoint: str, **app_kwargs) -> httpx.Response:
    async with client_for(create_demo_app(**app_kwargs)) as client:
        return await client.get(endpoint, params={"id": fault_id})


def test_fault_ids_are_documented():
    assert all(f.startswith("fault-") and FAULT_IDS[f] for f in FAULT_IDS)
    expected = {f"fault-{s}" for s in (401, 402, 403, 404, 429, 500, 502, 524, 529)} | {
        "fault-html", "fault-truncated", "fault-wrong-shape", "fault-drift", "fault-hang", "fault-reset",
        "fault-hostile", "fault-hostile-error"}
    assert set(FAULT_IDS) == expected


async def test_faults_still_require_a_key(client_for):
    async with client_for(create_demo_app(), key=None) as client:
        assert (await client.get("/generation", params={"id": "fault-500"})).status_code == 401


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_html_error_page(client_for, endpoint):
    response = await get(client_for, "fault-html", endpoint)
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text
    with pytest.raises(json.JSONDecodeError):
        response.json()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_truncated_json(client_for, endpoint):
    response = await get(client_for, "fault-truncated", endpoint)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.text.startswith('{"data":')
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_wrong_shape(client_for, endpoint):
    response = await get(client_for, "fault-wrong-shape", endpoint)
    assert response.status_code == 200
    assert isinstance(response.json()["data"], list)


async def test_drift_generation(client_for, spec):
    data = (await get(client_for, "fault-drift", "/generation")).json()["data"]
    for key in ("total_cost", "latency", "tokens_prompt", "tokens_completion", "usage"):
        assert data[key] is None, key
    assert {"cost_breakdown", "carbon_grams", "schema_version"} <= set(data)
    enums = spec.spec["components"]["schemas"]
    assert data["api_type"] not in enums["GenerationResponseDataApiType"]["enum"]
    assert any(a["provider_name"] not in enums["ProviderResponseProviderName"]["enum"]
               for a in data["provider_responses"])
    assert spec.errors("GenerationResponse", {"data": data})  # it really drifted from the spec


async def test_drift_content(client_for):
    data = (await get(client_for, "fault-drift", "/generation/content")).json()["data"]
    assert {"images", "reasoning_details"} <= set(data["output"])
    assert data["input"]["messages"][0]["role"] == "developer"


async def test_hostile_generation(client_for):
    data = (await get(client_for, "fault-hostile", "/generation")).json()["data"]
    assert "[bold red]x[/]" in data["model"] and "\x1b[31m" in data["model"]
    names = {a["provider_name"] for a in data["provider_responses"]}
    assert set(HOSTILE_SNIPPETS.values()) <= names
    for snippet in HOSTILE_SNIPPETS.values():
        assert snippet in data["provider_name"]


async def test_hostile_content(client_for):
    response = await get(client_for, "fault-hostile", "/generation/content")
    data = response.json()["data"]
    completion, reasoning = data["output"]["completion"], data["output"]["reasoning"]
    text = json.dumps(data["input"]["messages"], ensure_ascii=False)
    for snippet in HOSTILE_SNIPPETS.values():
        assert snippet in completion and snippet in reasoning
        assert snippet in json.loads(text)[0]["content"]
    for needle in ("\x1b]52;c;", "\x1b]0;pwned\x07", "\x00", "\r", "\u202e", "\u200b", "[link=https://evil.example]"):
        assert needle in completion
    assert max(len(line) for line in completion.split("\n")) >= HOSTILE_LINE_CHARS


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_hang_answers_after_hang_seconds(client_for, endpoint):
    started = time.monotonic()
    response = await get(client_for, "fault-hang", endpoint, hang_seconds=0.15)
    assert time.monotonic() - started >= 0.15
    assert response.status_code == 200 and response.json()["data"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_reset_in_process_is_a_protocol_error(client_for, endpoint):
    # Through ASGITransport the dropped connection surfaces as the same httpx error as over TCP.
    with pytest.raises(httpx.RemoteProtocolError):
        await get(client_for, "fault-reset", endpoint)
