"""Fixtures for client tests: a scripted server on loopback and a client pointed at it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.api.client import GenerationsClient, RetryPolicy
from tests.support.fixtures import fixture_body  # noqa: F401  (imported from here by the suites)
from tests.support.scripted_server import RunningServer, ScriptedServer

SENTINEL_KEY = "sk-mg-v1-SENTINEL-0123456789abcdef"


@pytest.fixture
def generation_body() -> dict:
    return fixture_body("real-generation-cancelled-stream.json")


@pytest.fixture
def content_body() -> dict:
    return {"data": {"input": {"messages": [{"role": "user", "content": "hi"}]},
                     "output": {"completion": "hello", "reasoning": None}}}


class Sleeps(list):
    """An injected sleep that records the delays instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
async def server():
    scripted = ScriptedServer()
    async with RunningServer(scripted.app()) as running:
        scripted.base_url = f"http://127.0.0.1:{running.port}/api/v1"
        yield scripted


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def client(server, sleeps):
    async with GenerationsClient(
        server.base_url, SENTINEL_KEY, retry=RetryPolicy(attempts=3, budget_seconds=30),
        timeout=5, sleep=sleeps,
    ) as c:
        yield c
