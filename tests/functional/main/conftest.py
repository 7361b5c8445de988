"""Fixtures for the explorer UI tests: the demo API in-process, a fake clock, a recording
clipboard, and helpers to wait on the app without sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from explorer.api.client import GenerationsClient, RetryPolicy
from explorer.settings import DEMO_API_KEY, DEMO_BASE_URL
from explorer.demo.app import create_demo_app
from explorer.demo.data import DEMO_CASES
from explorer.services import Services
from explorer.ui.app import ExplorerApp, create_app
from tests.support.pilot import utc_local_time, wait_until  # noqa: F401  (fixture; re-exported)
from tests.support.screen import record_notify, screen_strips

SIZE = (120, 36)
# A fixed "now" for relative times: 2026-12-01 12:00:00 UTC (after every demo generation).
NOW = 1_795_953_600.0
FALLBACK_ID = DEMO_CASES["fallback-chain"]
TOOLS_ID = DEMO_CASES["tool-chat-image"]
REASONING_ID = DEMO_CASES["reasoning-long"]
STORM_ID = DEMO_CASES["provider-storm"]


class FakeClock:
    """Unix time that moves only when the app sleeps (or a test advances it)."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def time(self) -> float:
        return self.now

    def datetime(self) -> datetime:
        return datetime.fromtimestamp(self.now, timezone.utc)

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


class SteppedSleep:
    """A sleep the test releases one call at a time, advancing the clock as it goes."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.calls = 0
        self._steps: asyncio.Queue[None] = asyncio.Queue()

    async def __call__(self, seconds: float) -> None:
        self.calls += 1
        await self._steps.get()
        self.clock.now += seconds

    def release(self, steps: int = 1) -> None:
        for _ in range(steps):
            self._steps.put_nowait(None)


async def frozen_sleep(seconds: float) -> None:
    """Never returns: freezes a countdown (for the pending snapshot)."""
    await asyncio.Event().wait()


class CopyRecorder:
    """An injected clipboard: records what was copied; `works=False` plays "no clipboard"."""

    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.copied: list[str] = []

    def __call__(self, text: str) -> bool:
        self.copied.append(text)
        return self.works


class GatedTransport(httpx.AsyncBaseTransport):
    """Forwards to `inner`, but requests for `gated_id` wait until the test sets `gate`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, gated_id: str) -> None:
        self.inner = inner
        self.gated_id = gated_id
        self.gate = asyncio.Event()
        self.waiting = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.params.get("id") == self.gated_id:
            self.waiting += 1
            await self.gate.wait()
        return await self.inner.handle_async_request(request)


def demo_transport(clock: FakeClock, *, pending_seconds: float = 4.0) -> httpx.AsyncBaseTransport:
    """The demo API in-process, on the fake clock."""
    return httpx.ASGITransport(app=create_demo_app(clock=clock.time, pending_seconds=pending_seconds))


def demo_client(
    clock: FakeClock,
    *,
    api_key: str = DEMO_API_KEY,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy = RetryPolicy(),
    pending_seconds: float = 4.0,
) -> GenerationsClient:
    """A client on the in-process demo API (what `services.build_client(demo=True)` builds),
    with the client's own clock and sleep on the fake clock too."""
    return GenerationsClient(
        DEMO_BASE_URL,
        api_key,
        transport=transport or demo_transport(clock, pending_seconds=pending_seconds),
        retry=retry,
        clock=clock.time,
        sleep=clock.sleep,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def clipboard() -> CopyRecorder:
    return CopyRecorder()


@pytest.fixture
def make_app(clock: FakeClock, clipboard: CopyRecorder) -> Callable[..., ExplorerApp]:
    """`make_app(client=None, store=None, examples=(), **options)`: an app on the demo API,
    calm and on the fake clock; `options` are `create_app`'s."""

    def make(client: GenerationsClient | None = None, *, store: Any = None,
             examples: Sequence[tuple[str, str]] = (), **options: Any) -> ExplorerApp:
        options.setdefault("copy_text", clipboard)
        options.setdefault("now", clock.datetime)
        options.setdefault("sleep", clock.sleep)
        options.setdefault("animations", False)
        services = Services(client or demo_client(clock), store=store, examples=examples)
        return record_notify(create_app(services, **options))

    return make


async def settle(pilot) -> None:
    """Wait for every worker, then for the messages they posted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: ExplorerApp) -> str:
    """The plain text of what is on screen now."""
    return "".join(strip.text + "\n" for strip in screen_strips(app))
