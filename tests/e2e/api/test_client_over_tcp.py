"""The client over the real network transport (aiohttp) to a scripted server on 127.0.0.1:
connection refused, a hanging server, and what reaches the server on the wire (IDs, headers)."""

from __future__ import annotations

import asyncio
import socket

import pytest

from explorer.api import errors
from explorer.api.client import USER_AGENT, GenerationsClient, RetryPolicy
from tests.support.client_fixtures import SENTINEL_KEY
from tests.support.responses import json_response

ONE_TRY = RetryPolicy(attempts=1)


async def test_connection_refused_is_a_network_error(sleeps):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens on this port now
    async with GenerationsClient(f"http://127.0.0.1:{port}/api/v1", "k", sleep=sleeps) as c:
        with pytest.raises(errors.NetworkError) as caught:
            await c.get_generation("gen-1000000000-abc")
    assert "refused" in caught.value.message
    assert len(sleeps) == 2  # network errors are retried, within bounds


async def test_hanging_server_times_out(server):
    release = asyncio.Event()

    async def hang(_request):
        await release.wait()

    server.always("generation", hang)
    async with GenerationsClient(server.base_url, "k", timeout=0.3, retry=ONE_TRY) as c:
        with pytest.raises(errors.RequestTimeoutError) as caught:
            await c.get_generation("gen-1000000000-abc")
    release.set()
    assert "timed out" in caught.value.message


@pytest.mark.parametrize("weird", ["a&b=c", "x/y/../z", "frag#ment", "100%25", "with space",
                                   "ünïcødé-生成", "q?x=1&id=other", "+plus+"])
async def test_ids_reach_the_server_intact(server, client, generation_body, weird):
    server.always("generation", json_response(generation_body))
    await client.get_generation(weird)
    assert server.received[-1].id == weird


async def test_headers_carry_bearer_key_and_user_agent(server, client, generation_body):
    server.always("generation", json_response(generation_body))
    await client.get_generation("gen-1000000000-abc")
    headers = server.received[0].headers
    assert headers["authorization"] == f"Bearer {SENTINEL_KEY}"
    assert headers["user-agent"] == USER_AGENT and "modelgates-explorer/" in USER_AGENT
