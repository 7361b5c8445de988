"""End-to-end fixtures: real servers on 127.0.0.1 (see `servers`), the real app under Pilot and
the real CLI (see `drive`), what reaches the terminal (see `terminal`).

Every wait is on an event or a condition; nothing sleeps to synchronise.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from explorer.demo.server import start_demo_server
from tests.e2e.drive import HANG_SECONDS, TIMEOUT
from tests.e2e.servers import BackgroundServer, RefusingPort


@pytest.fixture(scope="session")
def demo_api() -> Iterator[BackgroundServer]:
    """The demo API (faults included) under uvicorn on 127.0.0.1, shared by the whole run."""
    with BackgroundServer(lambda: start_demo_server(hang_seconds=HANG_SECONDS), "e2e-demo-api") as server:
        yield server


@pytest.fixture
def refusing_port() -> Iterator[RefusingPort]:
    port = RefusingPort()
    try:
        yield port
    finally:
        port.close()


@pytest.fixture
def cli_env(monkeypatch):
    """A key, one try, and a timeout: what `show` reads from the environment."""
    monkeypatch.setenv("MODELGATES_API_KEY", "e2e-key")
    monkeypatch.setenv("MODELGATES_RETRIES", "1")
    monkeypatch.setenv("MODELGATES_TIMEOUT", str(TIMEOUT))
    return monkeypatch
