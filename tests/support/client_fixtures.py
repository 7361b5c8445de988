"""Fixtures shared by the client tests (tests/unit/api in-process, tests/e2e/api over TCP):
the bodies a scripted server answers with, and a sleep that records the client's backoff.
Each folder's conftest imports them and adds its own `server` and `client`."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.clock import RecordedSleeps
from tests.support.fixtures import fixture_body

# The client's key in these tests: no error, log or parsed body may show it.
SENTINEL_KEY = "sk-mg-v1-SENTINEL-0123456789abcdef"


@pytest.fixture
def generation_body() -> dict[str, Any]:
    """A real answer of the live API (a fresh copy per test)."""
    return fixture_body("real-generation-cancelled-stream.json")


@pytest.fixture
def content_body() -> dict[str, Any]:
    return {"data": {"input": {"messages": [{"role": "user", "content": "hi"}]},
                     "output": {"completion": "hello", "reasoning": None}}}


@pytest.fixture
def sleeps() -> RecordedSleeps:
    """The client's sleep: records the delays instead of waiting."""
    return RecordedSleeps()
