"""`LiveScreen`: every captured generation as it happens, newest first, with running totals.

Captures come from the recording proxy or a log follower, in this process (`--proxy`,
`--follow`) or in another (`modelgates-explorer proxy`, `capture --follow`): the history is the
shared channel. Pipeline: a timer polls the capture log's change token in a thread (one PRAGMA:
cheap), and only when it moved re-reads the newest rows and the totals → `CapturesRead` →
`CaptureTable`. A second timer ticks the pending rows' countdowns.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from explorer.presentation.capture_cells import totals_text
from explorer.settings import APP_NAME, PROXY_PORT
from explorer.store.captures import LOADED, CaptureLog, CaptureRow, CaptureTotals
from explorer.ui.lines.key_bar import KeyBar
from explorer.ui.screens.messages import RefetchRequested, open_stored
from explorer.ui.screens.view_screen import VIEW_KEYS, ViewScreen
from explorer.ui.widgets.capture_table import CaptureTable

if TYPE_CHECKING:
    from textual.timer import Timer

POLL_SECONDS = 0.5
"""How often the history is asked whether anything changed (a cheap PRAGMA)."""
ROWS_SHOWN = 1000
"""The newest captures listed; the totals count every capture."""


def how_to_capture(demo: bool) -> str:
    """The hint shown while nothing is captured: the ways to feed this view."""
    flag = " --demo" if demo else ""
    return ("Waiting for generations. Capture them with a recording proxy — "
            f"`{APP_NAME} --proxy {PROXY_PORT}{flag}` here, or `{APP_NAME} proxy{flag}` in another terminal, "
            f"then point your client's base URL at http://127.0.0.1:{PROXY_PORT}/api/v1 — or follow a log: "
            f"`{APP_NAME} --follow app.log{flag}` / `{APP_NAME} capture --follow app.log{flag}`.")


class LiveScreen(ViewScreen):
    """Captured generations: time, ID, model, provider, cost, latency, attempts and state."""

    DEFAULT_CSS = """
    LiveScreen {
        #live-view { height: 1fr; }
        #live-sources, #live-totals { height: auto; padding: 0 1; }
        #live-sources { color: $text-muted; }
        #live-totals { text-style: bold; }
        #live-table { height: 1fr; }
        #live-hint { height: auto; padding: 1 2; color: $text-muted; }
    }
    """
    BINDINGS = [
        Binding("l", "close", "Close", id="live-close", show=False,
                tooltip="Close the live view (capturing goes on)"),
        *VIEW_KEYS,
    ]

    class CapturesRead(Message):
        """The newest captures and the totals, read after the history changed."""

        def __init__(self, rows: list[CaptureRow], totals: CaptureTotals) -> None:
            super().__init__()
            self.rows = rows
            self.totals = totals

    def __init__(self, open_store: Callable[[], Awaitable[Any]], *, sources: Callable[[], str],
                 demo: bool = False, pending_window: float = 60.0,
                 clock: Callable[[], float] = time.time, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self._open_store = open_store
        self._sources = sources
        self._demo = demo
        self._pending_window = pending_window
        self._clock = clock
        self._poll_seconds = poll_seconds
        self._capture_log: CaptureLog | None = None
        self._change_token: object = None
        self._sources_shown = ""
        self._live_timers: list[Timer] = []

    def view_bindings(self) -> Sequence[Binding]:
        return [*CaptureTable.BINDINGS, *self.BINDINGS]

    def compose(self) -> ComposeResult:
        with Vertical(id="live-view"):
            yield Static("Live · captured generations, newest first", id="live-title",
                         classes="view-title", markup=False)
            yield Static(id="live-sources", markup=False)
            yield Static(totals_text(CaptureTotals()), id="live-totals", markup=False)
            yield CaptureTable(pending_window=self._pending_window, clock=self._clock, id="live-table")
            yield Static(how_to_capture(self._demo), id="live-hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(CaptureTable).focus()
        self._live_timers = [self.set_interval(self._poll_seconds, self.poll),
                        self.set_interval(1.0, self.query_one(CaptureTable).tick)]
        self.poll()

    def on_screen_resume(self) -> None:
        for timer in self._live_timers:
            timer.resume()
        self.poll()

    def on_screen_suspend(self) -> None:
        # The view stays installed once opened: closed, it neither polls nor ticks.
        for timer in self._live_timers:
            timer.pause()

    def poll(self) -> None:
        """Re-read the captures if the history changed since the last look (and say what this
        window's own captures are doing)."""
        sources = self._sources()
        if sources != self._sources_shown:
            self._sources_shown = sources
            self.query_one("#live-sources", Static).update(sources)
        self._read()

    @work(exclusive=True, group="live-poll", exit_on_error=False)
    async def _read(self) -> None:
        if self._capture_log is None:
            store = await self._open_store()
            if store is None:
                return
            self._capture_log = CaptureLog(store)
        log = self._capture_log
        token = await asyncio.to_thread(log.change_token)
        if token is not None and token == self._change_token:
            return
        rows, totals = await asyncio.to_thread(lambda: (log.list_captures(ROWS_SHOWN), log.totals()))
        self._change_token = token
        self.post_message(self.CapturesRead(rows, totals))

    def on_live_screen_captures_read(self, message: CapturesRead) -> None:
        self.query_one("#live-totals", Static).update(totals_text(message.totals))
        self.query_one(CaptureTable).set_rows(message.rows)
        self.query_one("#live-hint").display = not message.rows

    def on_capture_table_opened(self, message: CaptureTable.Opened) -> None:
        if message.row.state == LOADED:
            self._open_stored(message.row.id)
        else:
            self.post_message(RefetchRequested(message.row.id))

    @work(exclusive=True, group="live-open", exit_on_error=False)
    async def _open_stored(self, generation_id: str) -> None:
        if not await open_stored(self, self._open_store, generation_id, note="captured · "):
            self.post_message(RefetchRequested(generation_id))  # gone from the history: look it up
