"""What the client makes of an answer: malformed bodies, IDs refused before sending, both
requests of a lookup at once, a timeout. In-process (`ScriptedServer.transport()`); the
network itself is tested in tests/e2e/api."""

from __future__ import annotations

import asyncio
import json

import pytest

from explorer.api import errors
from explorer.api.client import GenerationsClient, RetryPolicy
from tests.support.responses import error_body, json_response, raw_response

ONE_TRY = RetryPolicy(attempts=1)


async def test_html_200_body_is_invalid_response(server, client):
    server.always("generation", raw_response("<!DOCTYPE html><html>login</html>", 200, "text/html"))
    with pytest.raises(errors.InvalidResponseError) as caught:
        await client.get_generation("gen-1000000000-abc")
    assert "HTML page instead of JSON" in caught.value.message


async def test_truncated_json_is_named(server, client, generation_body):
    text = json.dumps(generation_body)
    server.always("generation", raw_response(text[: len(text) // 2]))
    with pytest.raises(errors.InvalidResponseError) as caught:
        await client.get_generation("gen-1000000000-abc")
    assert "truncated" in caught.value.message


@pytest.mark.parametrize(("body", "expected"), [
    ({"data": [1, 2, 3]}, "'data' should be an object"),
    ({"nodata": {}}, "'data' is missing"),
    ({"data": {"id": "gen-1", "total_cost": "lots"}}, "'data.total_cost' should be a number"),
    ([1, 2], "expected a JSON object, got a list"),
])
async def test_wrong_shape_names_the_field_not_a_pydantic_dump(server, client, body, expected):
    server.always("generation", json_response(body))
    with pytest.raises(errors.InvalidResponseError) as caught:
        await client.get_generation("gen-1000000000-abc")
    assert expected in caught.value.message
    assert "pydantic" not in caught.value.message and "validation error" not in caught.value.message


async def test_empty_body_is_invalid(server, client):
    server.always("generation", raw_response(b""))
    with pytest.raises(errors.InvalidResponseError, match="empty body"):
        await client.get_generation("gen-1000000000-abc")


@pytest.mark.parametrize("blank", ["", "   ", "\t\n", "''", '" "'])
async def test_empty_ids_are_refused_before_any_request(server, client, blank):
    with pytest.raises(errors.InvalidIdError):
        await client.get_generation(blank)
    assert server.received == []


async def test_overlong_id_is_refused_before_sending(server, client):
    with pytest.raises(errors.InvalidIdError, match="10,000 characters"):
        await client.lookup("g" * 10_000)
    assert server.received == []


async def test_lookup_has_both_endpoints_in_flight_at_once(server, client, generation_body, content_body):
    both_arrived = asyncio.Event()
    arrived: list[str] = []

    def gate(body):
        async def handler(request):
            arrived.append(request.url.path)
            if len(arrived) == 2:
                both_arrived.set()
            # Neither answers until the other has arrived: sequential requests would time out.
            await asyncio.wait_for(both_arrived.wait(), timeout=5)
            return json_response(body)
        return handler

    server.always("generation", gate(generation_body))
    server.always("content", gate(content_body))
    lookup = await client.lookup("gen-1000000000-abc")
    assert server.max_in_flight == 2
    assert lookup.content is not None and lookup.content.output.completion == "hello"
    assert lookup.raw_generation == generation_body["data"]


async def test_lookup_keeps_metadata_when_content_is_forbidden(server, client, generation_body):
    server.always("generation", json_response(generation_body))
    server.always("content", json_response(error_body(403, "Content not stored"), 403))
    lookup = await client.lookup("gen-1000000000-abc")
    assert lookup.generation.model == generation_body["data"]["model"]
    assert lookup.content is None
    assert isinstance(lookup.content_error, errors.ForbiddenError)


async def test_lookup_raises_metadata_error_and_cancels_content(server, client):
    server.always("generation", json_response(error_body(401, "Invalid API key"), 401))
    server.always("content", json_response(error_body(401, "Invalid API key"), 401))
    with pytest.raises(errors.UnauthorizedError):
        await client.lookup("gen-1000000000-abc")


async def test_hang_through_an_in_process_transport_still_times_out():
    import httpx

    from explorer.demo.app import create_demo_app

    transport = httpx.ASGITransport(app=create_demo_app(hang_seconds=30))
    async with GenerationsClient("http://demo/api/v1", "demo-key", transport=transport,
                                 timeout=0.2, retry=ONE_TRY) as c:
        with pytest.raises(errors.RequestTimeoutError):
            await c.get_generation("fault-hang")


async def test_a_lone_surrogate_escape_parses_as_json_does(server, client, generation_body):
    # The fast parser refuses "\ud800"; the body must still parse, exactly as json reads it.
    body = dict(generation_body, data=dict(generation_body["data"], model="odd/model-\ud800-x"))
    server.always("generation", raw_response(json.dumps(body)))
    generation = await client.get_generation("gen-1000000000-abc")
    assert generation.model == "odd/model-\ud800-x"
