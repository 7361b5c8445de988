"""Fixtures for the history, batch, statistics, compare and export views: a history store in
a temp dir seeded with the demo data set (`tests.support.stores`), transports that hold, count
or refuse requests, and helpers to open and read the history pane. The app, its clock and
clipboard come from tests/functional/conftest.py."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from explorer.store import HistoryStore
from explorer.ui.screens.history import HistoryScreen
from explorer.ui.widgets.history_table import HistoryTable
from explorer.ui.widgets.id_entry import IdEntry
from tests.support.pilot import settle
from tests.support.stores import seeded_store


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    store = seeded_store(tmp_path / "history.db")
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path) -> HistoryStore:
    store = HistoryStore.open(tmp_path / "empty.db")
    yield store
    store.close()


class OfflineTransport(httpx.AsyncBaseTransport):
    """A transport that fails the test if the app sends any request."""

    def __init__(self) -> None:
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        raise AssertionError(f"unexpected request: {request.url}")


class HeldTransport(httpx.AsyncBaseTransport):
    """Forwards to `inner`, but requests for the IDs in `held` wait until `release` is set:
    freezes a batch at a known point."""

    def __init__(self, inner: httpx.AsyncBaseTransport, held: set[str]) -> None:
        self.inner = inner
        self.held = held
        self.release = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.params.get("id") in self.held:
            await self.release.wait()
        return await self.inner.handle_async_request(request)


class CountingTransport(httpx.AsyncBaseTransport):
    """Forwards to `inner` and counts requests per ID."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.calls: dict[str, int] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = request.url.params.get("id", "")
        self.calls[key] = self.calls.get(key, 0) + 1
        return await self.inner.handle_async_request(request)


@pytest.fixture
def no_debounce(monkeypatch) -> None:
    """Typing in the history filter queries at once (the debounce sleeps on the fake clock
    anyway; this also keeps real-sleep apps fast)."""
    monkeypatch.setattr("explorer.ui.screens.history.DEBOUNCE_SECONDS", 0.0)


def listed(app) -> list[str]:
    """IDs in the history pane on screen, in order."""
    return [entry.id for entry in app.screen.query_one(HistoryTable).entries()]


async def open_history(pilot) -> HistoryScreen:
    """Press h (leaving the ID entry first) and wait for the first page."""
    if isinstance(pilot.app.focused, IdEntry):
        await pilot.press("escape")  # leave the ID entry: letter keys act
    await pilot.press("h")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HistoryScreen)
    return pilot.app.screen
