"""Behaviour of the demo API: auth, pending flow, rate limiting once, latency, routing."""

from __future__ import annotations

import time

import pytest

from explorer.demo.app import create_demo_app
from explorer.demo.data import (
    DEMO_CASES,
    RATE_LIMITED_ID,
    UNKNOWN_ID_EXAMPLE,
    demo_ids,
    fresh_pending_id,
    get_demo_record,
)
from tests.support.clock import FakeClock

ENDPOINTS = ["/generation", "/generation/content"]
NOW = 1_800_000_000.0  # 2027-01-15: any fixed time works with an injected clock


async def test_known_id_returns_the_record(client_for):
    gen_id = DEMO_CASES["fallback-chain"]
    async with client_for(create_demo_app()) as client:
        meta = await client.get("/generation", params={"id": gen_id})
        content = await client.get("/generation/content", params={"id": gen_id})
    record = get_demo_record(gen_id)
    assert meta.json() == {"data": record.generation}
    assert content.json() == {"data": record.content}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_missing_or_empty_key_is_401(client_for, endpoint):
    app = create_demo_app()
    for key in (None, "", "   "):
        async with client_for(app, key=key) as client:
            response = await client.get(endpoint, params={"id": demo_ids()[0]})
        assert response.status_code == 401, repr(key)
        assert response.json()["error"]["code"] == 401


async def test_other_schemes_and_revoked_key_are_401(client_for):
    app = create_demo_app()
    async with client_for(app) as client:
        basic = await client.get("/generation", params={"id": demo_ids()[0]}, headers={"Authorization": "Basic eDp5"})
    async with client_for(app, key="demo-revoked-key") as client:
        revoked = await client.get("/generation", params={"id": demo_ids()[0]})
    assert basic.status_code == revoked.status_code == 401


async def test_any_non_empty_key_works_and_key_can_be_optional(client_for):
    async with client_for(create_demo_app(), key="sk-mg-v1-whatever") as client:
        assert (await client.get("/generation", params={"id": demo_ids()[0]})).status_code == 200
    async with client_for(create_demo_app(require_key=False), key=None) as client:
        assert (await client.get("/generation", params={"id": demo_ids()[0]})).status_code == 200
    async with client_for(create_demo_app(require_key=False), key="demo-revoked-key") as client:
        assert (await client.get("/generation", params={"id": demo_ids()[0]})).status_code == 401


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_unknown_id_is_404(client_for, endpoint):
    async with client_for(create_demo_app(clock=FakeClock(NOW).time)) as client:
        for gen_id in (UNKNOWN_ID_EXAMPLE, "gen-1234567890", "nonsense", "gen-1795012327-38AibNyyurlGFb0EkjKx"):
            response = await client.get(endpoint, params={"id": gen_id})
            assert response.status_code == 404, gen_id
            assert response.json()["error"] == {"code": 404, "message": "Generation not found", "metadata": None}


async def test_pending_flow_404_then_200(client_for, spec):
    clock = FakeClock(NOW)
    gen_id = fresh_pending_id(clock.now)
    async with client_for(create_demo_app(clock=clock.time, pending_seconds=4.0)) as client:
        for endpoint in ENDPOINTS:
            assert (await client.get(endpoint, params={"id": gen_id})).status_code == 404
        clock.now += 3.9
        assert (await client.get("/generation", params={"id": gen_id})).status_code == 404
        clock.now += 0.1
        meta = await client.get("/generation", params={"id": gen_id})
        content = await client.get("/generation/content", params={"id": gen_id})
        again = await client.get("/generation", params={"id": gen_id})
    assert meta.status_code == content.status_code == 200
    spec.validate("GenerationResponse", meta.json())
    spec.validate("GenerationContentResponse", content.json())
    data = meta.json()["data"]
    assert data["id"] == gen_id and data["created_at"].startswith("2027-01-15T08:00:00.")
    assert again.json() == meta.json()  # synthesized deterministically from the ID


async def test_pending_ids_from_the_future_or_long_ago_are_404(client_for):
    clock = FakeClock(NOW)
    async with client_for(create_demo_app(clock=clock.time)) as client:
        future = await client.get("/generation", params={"id": f"gen-{int(NOW) + 3600}-abc"})
        ancient = await client.get("/generation", params={"id": f"gen-{int(NOW) - 3 * 86400}-abc"})
        recent = await client.get("/generation", params={"id": f"gen-{int(NOW) - 3600}-abc"})
    assert future.status_code == ancient.status_code == 404
    assert recent.status_code == 200


async def test_pending_seconds_zero_answers_at_once(client_for):
    clock = FakeClock(NOW)
    async with client_for(create_demo_app(clock=clock.time, pending_seconds=0)) as client:
        response = await client.get("/generation", params={"id": fresh_pending_id(clock.now)})
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_rate_limited_once_per_endpoint_and_app(client_for, endpoint):
    app = create_demo_app()
    async with client_for(app) as client:
        first = await client.get(endpoint, params={"id": RATE_LIMITED_ID})
        second = await client.get(endpoint, params={"id": RATE_LIMITED_ID})
        third = await client.get(endpoint, params={"id": RATE_LIMITED_ID})
    assert first.status_code == 429 and first.headers["retry-after"] == "1"
    assert first.json()["error"]["code"] == 429
    assert second.status_code == third.status_code == 200
    async with client_for(create_demo_app()) as client:  # a fresh app has fresh state
        assert (await client.get(endpoint, params={"id": RATE_LIMITED_ID})).status_code == 429


async def test_rate_limit_is_tracked_per_endpoint(client_for):
    async with client_for(create_demo_app()) as client:
        assert (await client.get("/generation", params={"id": RATE_LIMITED_ID})).status_code == 429
        assert (await client.get("/generation", params={"id": RATE_LIMITED_ID})).status_code == 200
        assert (await client.get("/generation/content", params={"id": RATE_LIMITED_ID})).status_code == 429


async def test_latency_ms_delays_every_answer(client_for):
    async with client_for(create_demo_app(latency_ms=120)) as client:
        for endpoint in ENDPOINTS:
            started = time.monotonic()
            response = await client.get(endpoint, params={"id": demo_ids()[0]})
            assert time.monotonic() - started >= 0.12
            assert response.status_code == 200


async def test_errors_are_json_for_unknown_routes(client_for):
    async with client_for(create_demo_app()) as client:
        missing = await client.get("/generations")
        wrong_method = await client.post("/generation", params={"id": demo_ids()[0]})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == 404
    assert wrong_method.status_code == 405 and wrong_method.json()["error"]["code"] == 405


async def test_index_lists_ids(client_for):
    async with client_for(create_demo_app()) as client:
        index = await client.get("http://demo.test/")
    assert index.status_code == 200
    assert index.json()["demo_ids"] == demo_ids()
    assert index.json()["base_url"] == "http://demo.test/api/v1"
