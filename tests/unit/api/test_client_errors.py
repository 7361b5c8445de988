"""Each HTTP status to its error class, with its message and hint; retries and backoff; the key
redacted. The API answers in-process (`ScriptedServer.transport()`): only the mapping is tested."""

from __future__ import annotations

import time

import pytest

from explorer.api import errors
from explorer.api.client import GenerationsClient, RetryPolicy
from tests.support.client_fixtures import SENTINEL_KEY
from tests.support.responses import error_body, json_response, raw_response

STATUS_CASES = [
    (401, errors.UnauthorizedError, "Invalid API key"),
    (402, errors.PaymentRequiredError, "Insufficient credits"),
    (403, errors.ForbiddenError, "Forbidden"),
    (404, errors.NotFoundError, "Generation not found"),
    (500, errors.ServerError, "Internal error"),
    (502, errors.BadGatewayError, "Upstream failed"),
    (524, errors.EdgeTimeoutError, "Edge timeout"),
    (529, errors.ProviderOverloadedError, "Overloaded"),
    (418, errors.HttpStatusError, "I am a teapot"),
    (503, errors.HttpStatusError, "Unavailable"),
]


@pytest.mark.parametrize(("status", "cls", "message"), STATUS_CASES)
async def test_status_maps_to_typed_error_with_server_message(server, client, status, cls, message):
    server.always("generation", json_response(error_body(status, message), status))
    with pytest.raises(cls) as caught:
        await client.get_generation("gen-1000000000-abc")
    err = caught.value
    assert err.status == status
    assert message in err.message
    assert err.hint
    assert "\n" not in str(err)
    assert SENTINEL_KEY not in str(err)


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404])
async def test_client_errors_are_never_retried(server, client, sleeps, status):
    server.always("generation", json_response(error_body(status, "no"), status))
    with pytest.raises(errors.ApiError):
        await client.get_generation("gen-1000000000-abc")
    assert len(server.received) == 1
    assert sleeps == []


@pytest.mark.parametrize("status", [500, 502, 524, 529])
async def test_server_errors_retry_with_backoff_then_succeed(server, client, sleeps, generation_body, status):
    server.script("generation", json_response(error_body(status, "x"), status),
                  json_response(error_body(status, "x"), status), json_response(generation_body))
    gen = await client.get_generation("gen-1000000000-abc")
    assert gen.id == generation_body["data"]["id"]
    assert len(server.received) == 3
    assert sleeps == [0.5, 1.0]  # exponential backoff


async def test_retries_are_bounded_and_raise_the_last_error(server, client, sleeps):
    server.always("generation", json_response(error_body(502, "down"), 502))
    with pytest.raises(errors.BadGatewayError):
        await client.get_generation("gen-1000000000-abc")
    assert len(server.received) == 3


async def test_429_honours_retry_after_header(server, client, sleeps, generation_body):
    server.script("generation", json_response(error_body(429, "slow down"), 429, {"Retry-After": "7"}),
                  json_response(generation_body))
    await client.get_generation("gen-1000000000-abc")
    assert sleeps == [7.0]


async def test_429_reads_x_ratelimit_reset_in_epoch_ms(server, sleeps, generation_body):
    now = 1_800_000_000.0
    reset_ms = str(int((now + 4) * 1000))
    server.script("generation", json_response(error_body(429, "slow"), 429, {"X-RateLimit-Reset": reset_ms}),
                  json_response(generation_body))
    async with GenerationsClient(server.base_url, "k", transport=server.transport(), sleep=sleeps,
                                 clock=lambda: now) as c:
        await c.get_generation("gen-1000000000-abc")
    assert sleeps and abs(sleeps[0] - 4.0) < 0.01


async def test_429_exposes_retry_after_when_retries_exhausted(server, sleeps):
    server.always("generation", json_response(error_body(429, "slow"), 429, {"Retry-After": "2"}))
    async with GenerationsClient(server.base_url, "k", transport=server.transport(), sleep=sleeps,
                                 retry=RetryPolicy(attempts=1)) as c:
        with pytest.raises(errors.RateLimitedError) as caught:
            await c.get_generation("gen-1000000000-abc")
    assert caught.value.retry_after == 2.0
    assert "2 s" in caught.value.hint


async def test_retry_budget_stops_before_a_long_retry_after(server, sleeps):
    server.always("generation", json_response(error_body(429, "slow"), 429, {"Retry-After": "120"}))
    async with GenerationsClient(server.base_url, "k", transport=server.transport(), sleep=sleeps,
                                 retry=RetryPolicy(attempts=3, budget_seconds=30)) as c:
        with pytest.raises(errors.RateLimitedError):
            await c.get_generation("gen-1000000000-abc")
    assert sleeps == []  # waiting 120 s would blow the 30 s budget: give up at once


async def test_young_id_404_is_flagged_pending(server, client):
    server.always("generation", json_response(error_body(404, "Generation not found"), 404))
    young = f"gen-{int(time.time()) - 3}-abcdef"
    with pytest.raises(errors.NotFoundError) as caught:
        await client.get_generation(young)
    assert caught.value.pending
    assert caught.value.kind == "pending"
    assert "not ready" in caught.value.message


async def test_old_id_404_is_not_pending(server, client):
    server.always("generation", json_response(error_body(404, "Generation not found"), 404))
    with pytest.raises(errors.NotFoundError) as caught:
        await client.get_generation(f"gen-{int(time.time()) - 3600}-abcdef")
    assert not caught.value.pending
    assert "Generation not found" in caught.value.message


async def test_pending_window_is_configurable(server):
    server.always("generation", json_response(error_body(404, "nf"), 404))
    now = 2_000_000_000.0
    async with GenerationsClient(server.base_url, "k", transport=server.transport(), pending_window=5,
                                 clock=lambda: now) as c:
        with pytest.raises(errors.NotFoundError) as caught:
            await c.get_generation(f"gen-{int(now) - 10}-x")
    assert not caught.value.pending


async def test_server_echoing_the_key_is_redacted(server, client):
    server.always("generation", json_response(error_body(401, f"bad key {SENTINEL_KEY}"), 401))
    with pytest.raises(errors.UnauthorizedError) as caught:
        await client.get_generation("gen-1000000000-abc")
    assert SENTINEL_KEY not in str(caught.value)
    assert SENTINEL_KEY not in (caught.value.server_message or "")
    assert "***" in caught.value.message


async def test_html_error_page_is_named(server, client):
    server.always("generation", raw_response("<html><body>502 Bad Gateway</body></html>", 502, "text/html"))
    with pytest.raises(errors.BadGatewayError) as caught:
        await client.get_generation("gen-1000000000-abc")
    assert "HTML page" in caught.value.message


async def test_a_200_body_echoing_the_key_is_redacted(server, client, generation_body):
    body = dict(generation_body, data=dict(generation_body["data"], user_agent=f"k={SENTINEL_KEY}"))
    server.always("generation", json_response(body))
    generation = await client.get_generation("gen-1000000000-abc")
    assert generation.user_agent == "k=***"
    assert SENTINEL_KEY not in repr(generation.model_dump())
