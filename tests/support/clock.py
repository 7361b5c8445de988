"""The one fake clock: time moves only when the app sleeps or a test moves it; no test waits
on the wall clock.

- `FakeClock`: Unix time (`time()`), the same instant as a UTC datetime (`datetime()`), and a
  `sleep` that advances it and only yields to the event loop.
- `SteppedSleep`: a sleep the test releases one call at a time.
- `frozen_sleep`: a sleep that never returns (freezes a countdown).
- `RecordedSleeps`: a sleep that records the delays it was asked for and only yields.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

# A fixed "now" for relative times: 2026-12-01 12:00:00 UTC (after every demo and fault generation).
NOW = 1_795_953_600.0


class FakeClock:
    """Unix time that moves only when the app sleeps (or a test advances `now`)."""

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


class RecordedSleeps(list):
    """An injected sleep that records the delays it was asked for and only yields to the loop."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)
        await asyncio.sleep(0)
