"""A lookup in flight, as the user follows it: the seconds it has waited (ticking on the status
view), the key that cancels it, and which server it goes to (in the title).

`LoadingClock` is paced by an injected `tick` (a sleep: `asyncio.sleep` in the app, a stepped
fake in tests) and reads the elapsed time from the injected `now`, so no test waits on the
wall clock.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.binding import Binding

from explorer.ui.lookup_state import Loading, LookupState, Pending
from explorer.ui.server_label import server_label

if TYPE_CHECKING:
    from explorer.ui.main_screen import MainScreen

CANCEL_LOOKUP = Binding(
    # A priority binding: the entry (which keeps focus while a lookup it started is in
    # flight) would take escape to mean "leave the entry". Shown only while it applies.
    "escape", "cancel_lookup", "Cancel lookup", id="cancel-lookup", priority=True,
    tooltip="Stop the lookup in flight; what was shown before stays",
)


def can_cancel(state: LookupState) -> bool:
    """True while a lookup is in flight (loading, or counting down to its next try)."""
    return isinstance(state, (Loading, Pending))


class LoadingClock:
    """While the status view says "Loading…", ticks the seconds waited once a second."""

    def __init__(self, screen: MainScreen, now: Callable[[], datetime],
                 tick: Callable[[float], Awaitable[None]]) -> None:
        self._screen = screen
        self._now = now
        self._tick = tick
        self._state: Loading | None = None
        # A plain task, not a worker: it is cancelled whenever a lookup ends, and a cancelled
        # worker would fail whoever waits for the app's workers.
        self._task: asyncio.Task[None] | None = None

    def follow(self, state: LookupState) -> None:
        """Tick for `state` if it is a lookup in flight with the status view showing; else stop."""
        if state is self._state:
            return
        self.stop()
        if isinstance(state, Loading) and state.on_screen is None:
            self._state = state
            self._task = asyncio.create_task(self._run(state), name="loading clock")

    def stop(self) -> None:
        """Stop ticking."""
        if self._task is not None:
            self._task.cancel()
        self._task = self._state = None

    def elapsed(self, state: Loading) -> int:
        """Whole seconds since `state`'s lookup started."""
        if state.started is None:
            return 0
        return max(0, int((self._now() - state.started).total_seconds()))

    async def _run(self, state: Loading) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            while True:
                await self._tick(1)
                if self._screen.state is not state or not self._screen.is_attached:
                    return
                self._screen.pane.status.show_loading(state.generation_id, self.elapsed(state))


async def show_server(screen: MainScreen) -> None:
    """Name the server in use in the app's sub-title and under the entry (its border's
    subtitle: the title above holds the app's name), once the client exists (no client, e.g.
    no API key: the lookup or the start says so, not this)."""
    from explorer.ui.widgets.id_entry import IdEntry

    try:
        client = await screen.services.client()
    except Exception:  # noqa: BLE001 — said elsewhere (start-up error in place)
        return
    screen.app.sub_title = label = server_label(client.base_url)
    screen.query_one(IdEntry).border_subtitle = f"server: {label}"
