"""Fixtures for the demo API's tests, in-process: the spec's validators (`tests.support.spec`),
the real cancelled-stream body, and clients on a demo app through `httpx.ASGITransport`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.support.fixtures import fixture_body
from tests.support.spec import spec  # noqa: F401  (fixture)

DEMO_BASE = "http://demo.test/api/v1"


@pytest.fixture(scope="session")
def cancelled_fixture() -> dict[str, Any]:
    """The real cancelled-stream generation (`tests/fixtures/`)."""
    return fixture_body("real-generation-cancelled-stream.json")["data"]


@pytest.fixture
def client_for() -> Callable[..., httpx.AsyncClient]:
    """Build an in-process client for a demo app: ``async with client_for(app) as client``."""

    def make(app: Any, key: str | None = "demo-key") -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=DEMO_BASE, headers=headers)

    return make
