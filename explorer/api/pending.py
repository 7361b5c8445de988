"""Looking up a generation that may be too young for its stats: retry the pending 404.

A generation's stats appear a few seconds after it finishes; until then the API answers 404.
`lookup_when_ready` retries such a *pending* 404 (a young ID, see `NotFoundError.pending`) until
the stats are there or the client's pending window runs out. `show` and the capture pipeline
(proxy, log follower) share it, so they wait the way the TUI does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from explorer.api.errors import NotFoundError

if TYPE_CHECKING:
    from explorer.api.client import GenerationsClient, Lookup

#: Seconds between lookups of a pending ID: soon at first (stats often appear within a second or
#: two), then every few seconds, like the TUI's countdown.
PENDING_RETRY_SECONDS: tuple[float, ...] = (1, 2, 3)

WaitCallback = Callable[[NotFoundError, float, float], Awaitable[None]]
"""Called instead of sleeping: `(error, delay, window_left)`; it must wait `delay` seconds."""


class PendingWindowOver(Exception):
    """A young ID stayed "not ready yet" for the whole pending window."""

    def __init__(self, error: NotFoundError, window: float) -> None:
        super().__init__(error.one_line())
        self.error = error
        self.window = window


async def lookup_when_ready(
    client: GenerationsClient,
    generation_id: str,
    *,
    wait: bool = True,
    on_wait: WaitCallback | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    delays: Sequence[float] = PENDING_RETRY_SECONDS,
) -> Lookup:
    """`client.lookup`, retried while the ID is pending until it answers or the client's pending
    window runs out (then `PendingWindowOver`).

    With `wait` False the pending 404 is raised at once. Between tries `on_wait` runs (a countdown,
    say) if given, else `sleep(delay)`. Any other error is raised as it is.
    """
    tries = 0
    while True:
        try:
            return await client.lookup(generation_id)
        except NotFoundError as error:
            if tries and not error.pending:  # it was pending; now it is too old to be
                raise PendingWindowOver(error, client.pending_window) from None
            if not (wait and error.pending):
                raise
            window_left = client.pending_window - (error.age_seconds or 0.0)
            if window_left <= 0:
                raise PendingWindowOver(error, client.pending_window) from None
            delay = min(delays[min(tries, len(delays) - 1)], window_left)
            tries += 1
            if on_wait is not None:
                await on_wait(error, delay, window_left)
            else:
                await sleep(delay)
