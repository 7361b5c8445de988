"""Fixtures for the client over real TCP: a scripted server on loopback and a client pointed
at it through the real network transport."""

from __future__ import annotations

import pytest

from explorer.api.client import GenerationsClient, RetryPolicy
from tests.support.client_fixtures import (  # noqa: F401  (fixtures)
    SENTINEL_KEY,
    content_body,
    generation_body,
    sleeps,
)
from tests.support.scripted_server import RunningServer, ScriptedServer


@pytest.fixture
async def server():
    scripted = ScriptedServer()
    async with RunningServer(scripted.app()) as running:
        scripted.base_url = f"http://127.0.0.1:{running.port}/api/v1"
        yield scripted


@pytest.fixture
async def client(server, sleeps):
    async with GenerationsClient(
        server.base_url, SENTINEL_KEY, retry=RetryPolicy(attempts=3, budget_seconds=30),
        timeout=5, sleep=sleeps,
    ) as c:
        yield c
