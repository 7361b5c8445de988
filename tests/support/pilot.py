"""Helpers shared by the Pilot-driven suites (tests/ui, tests/ui_history, tests/e2e)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest


async def wait_until(pilot, condition: Callable[[], bool], *, rounds: int = 500) -> None:
    """Let the app process messages until `condition()` holds (no wall-clock sleeping)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("condition never became true")


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch):
    """Local times on screen do not depend on the host's time zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
