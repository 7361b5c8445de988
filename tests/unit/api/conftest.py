"""Fixtures for what the client makes of an answer: a scripted API reached in-process (no
socket: `ScriptedServer.transport()`), and a client on it."""

from __future__ import annotations

import pytest

from explorer.api.client import GenerationsClient, RetryPolicy
from tests.support.client_fixtures import (  # noqa: F401  (fixtures)
    SENTINEL_KEY,
    content_body,
    generation_body,
    sleeps,
)
from tests.support.scripted_server import ScriptedServer


@pytest.fixture
def server() -> ScriptedServer:
    return ScriptedServer()


@pytest.fixture
async def client(server, sleeps):
    async with GenerationsClient(
        server.base_url, SENTINEL_KEY, retry=RetryPolicy(attempts=3, budget_seconds=30),
        timeout=5, sleep=sleeps, transport=server.transport(),
    ) as c:
        yield c
