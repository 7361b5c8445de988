"""`BatchScreen`: many IDs looked up concurrently (`explorer.api.batch.run_batch`) with a progress
bar; each ID ends ok (saved to the history, or flagged "not saved" with why) or with its error
listed; the counts and the summary say how many were not saved.

Pipeline: `start(ids)` (new token) → the exclusive batch worker → results into an inbox, one
`ResultsArrived` for all that wait there, and `BatchFinished` / `BatchStopped` at the end
(stale ones dropped) → `BatchTable`, progress bar.
A cancelled (or stopped) batch says how far it got: the title, the counts, the bar (its unfilled
part in the warning colour) and every ID it never looked up ("cancelled").
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
from textual.widgets import ProgressBar, Static

from explorer.ui.lines.key_bar import KeyBar
from explorer.api.errors import ApiError
from explorer.presentation.safe_text import one_line
from explorer.ui.screens.messages import LookupOpened, RefetchRequested, open_stored
from explorer.ui.screens.view_screen import VIEW_KEYS, ViewScreen
from explorer.ui.session_results import SessionResults
from explorer.ui.widgets.batch_table import BatchTable

if TYPE_CHECKING:
    from textual.timer import Timer

    from explorer.api.batch import BatchReport, BatchResult

PROGRESS_INTERVAL = 0.1
"""Seconds between repaints of the progress, the counts and the rows: results arrive at wire
speed (a thousand a second), the view follows at most ten times a second."""

DONE_HINT = "enter opens a result (a failed ID: looked up again) · h shows them in history"
"""The hint once a batch ended (short enough for 80 columns)."""


class BatchScreen(ViewScreen):
    """Progress and per-ID results of the current batch; it keeps running when closed."""

    BINDINGS = [
        Binding("h", "app.history('fetched')", "Show in history", id="batch-history",
                tooltip="Open the history pane, the newest fetched (this batch) first"),
        Binding("x", "cancel", "Cancel batch", id="batch-cancel",
                tooltip="Stop the batch: lookups in flight are dropped, results so far stay"),
        Binding("b", "close", "Close", id="batch-close", show=False,
                tooltip="Close the batch view (the batch keeps running)"),
        *VIEW_KEYS,
    ]

    class ResultsArrived(Message):
        """Results (ok or failed) wait in the screen's inbox: one message for all that arrive
        before it is handled (a message per ID cost the app more CPU than the ID's requests)."""

    class BatchFinished(Message):
        """Every ID of batch `token` ended."""

        def __init__(self, token: int, report: BatchReport) -> None:
            super().__init__()
            self.token = token
            self.report = report

    class BatchStopped(Message):
        """Batch `token` could not run (e.g. no API key), or failed unexpectedly."""

        def __init__(self, token: int, reason: str) -> None:
            super().__init__()
            self.token = token
            self.reason = reason

    def __init__(
        self,
        open_client: Callable[[], Awaitable[Any]],
        open_store: Callable[[], Awaitable[Any]],
        *,
        session_results: SessionResults,
        open_concurrency: Callable[[], Awaitable[int]],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__()
        self._open_client = open_client
        self._open_store = open_store
        self._session = session_results
        self._open_concurrency = open_concurrency  # asked per batch: the settings load lazily
        self._sleep = sleep
        self._token = 0
        self._ids: list[str] = []
        self._results: dict[str, BatchResult] = {}
        self._ok = self._unsaved = 0  # counted as results arrive (not recounted per result)
        self._cancelled = 0  # IDs never looked up: the batch was cancelled or stopped
        self._in_flight = False
        self._store: Any = None
        self._painted_at = float("-inf")  # when the progress was last painted (monotonic)
        self._paint_timer: Timer | None = None
        self._inbox: list[tuple[int, BatchResult]] = []  # (token, result) not handled yet

    def view_bindings(self) -> Sequence[Binding]:
        return [*BatchTable.BINDINGS, *self.BINDINGS]

    def compose(self) -> ComposeResult:
        with Vertical(id="batch-view"):
            yield Static("Batch", id="batch-title", classes="view-title", markup=False)
            yield ProgressBar(id="batch-progress", show_eta=False)
            yield Static(id="batch-counts", markup=False)
            yield BatchTable(id="batch-table")
            yield Static(id="batch-hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(BatchTable).focus()
        if self._ids:
            self._begin()

    @property
    def running(self) -> bool:
        """True while a batch is in flight."""
        return self._in_flight

    def start(self, ids: Sequence[str]) -> None:
        """Look up every distinct ID of `ids`, replacing (cancelling) any batch in flight."""
        from explorer.api.batch import unique_ids

        self._token += 1
        self._ids = unique_ids(ids)
        self._results = {}
        self._ok = self._unsaved = self._cancelled = 0
        if self.is_mounted:
            self._begin()

    def _begin(self) -> None:
        self._set_running(True)
        self.query_one(BatchTable).set_ids(self._ids)
        progress = self.query_one(ProgressBar)
        progress.remove_class("-cancelled")
        progress.update(total=len(self._ids), progress=0)
        self.query_one("#batch-title", Static).update(f"Batch · {len(self._ids):,} IDs")
        self._show_counts()
        self.query_one("#batch-hint", Static).update(
            "Running… esc or b hides this view (the batch keeps going) · x cancels it")
        self._run_batch(self._token, list(self._ids))

    # A description: without one Textual takes the repr of the arguments (every ID).
    @work(exclusive=True, group="batch", exit_on_error=False, description="batch")
    async def _run_batch(self, token: int, ids: list[str]) -> None:
        from explorer.api.batch import run_batch

        client = None
        try:
            concurrency = max(1, int(await self._open_concurrency()))
            if token == self._token:
                self.query_one("#batch-title", Static).update(
                    f"Batch · {len(ids):,} IDs · up to {concurrency} at a time")
            client = await self._open_client()
            store = self._store = await self._open_store()
            report = await run_batch(
                client, ids, concurrency=concurrency, store=store, sleep=self._sleep,
                on_result=lambda result: self._receive(token, result),
            )
        except ApiError as error:
            self.post_message(self.BatchStopped(token, error.one_line()))
        except Exception as error:  # never a traceback on screen
            text = f"{type(error).__name__}: {error}"
            self.post_message(self.BatchStopped(token, client.redact(text) if client else text))
        else:
            self.post_message(self.BatchFinished(token, report))

    def _receive(self, token: int, result: BatchResult) -> None:
        """A result of batch `token`, from the worker (on the event loop)."""
        self._inbox.append((token, result))
        if len(self._inbox) == 1:  # a message is on its way whenever the inbox holds any
            self.post_message(self.ResultsArrived())

    def on_batch_screen_results_arrived(self, _: ResultsArrived) -> None:
        arrived, self._inbox = self._inbox, []
        table, forget = self.query_one(BatchTable), getattr(self._store, "enabled", False)
        for token, result in arrived:
            if token != self._token:
                continue
            self._session.record(result)
            table.show_result(result)
            if forget and result.ok and result.save_error is None:
                result.lookup = None  # it is in the history: do not keep every content in memory
            self._results[result.id] = result
            self._ok += result.ok
            self._unsaved += result.save_error is not None
        self._paint_progress_soon()

    def _paint_progress_soon(self) -> None:
        """Paint the progress now, or once `PROGRESS_INTERVAL` has passed since the last time."""
        if self._paint_timer is not None:
            return  # already due
        wait = self._painted_at + PROGRESS_INTERVAL - time.monotonic()
        if wait <= 0:
            self._paint_progress()
        else:
            self._paint_timer = self.set_timer(wait, self._paint_progress)

    def _paint_progress(self) -> None:
        """The progress bar, the counts and the rows, as the results so far have them."""
        if self._paint_timer is not None:
            self._paint_timer.stop()
            self._paint_timer = None
        self._painted_at = time.monotonic()
        self.query_one(ProgressBar).update(progress=len(self._results))
        self._show_counts()
        self.query_one(BatchTable).redraw()

    def on_batch_screen_batch_finished(self, message: BatchFinished) -> None:
        if message.token != self._token:
            return
        self._set_running(False)
        self._paint_progress()
        report = message.report
        pauses = report.rate_limit_pauses
        parts = [f"Batch done · {len(report.results):,} IDs in {report.elapsed:,.1f} s",
                 f"up to {report.concurrency} at a time"]
        if pauses:
            parts.append(f"{pauses} rate-limit pause{'s' if pauses != 1 else ''} "
                         f"(concurrency lowered to {report.final_concurrency})")
        self.query_one("#batch-title", Static).update(" · ".join(parts))
        hint = DONE_HINT
        if (unsaved := report.unsaved_warning) is not None:  # never lost in silence
            hint = f"{one_line(unsaved, 300)}\n{hint}"
            self.notify(one_line(unsaved, 300), title="History", severity="warning", markup=False)
        self.query_one("#batch-hint", Static).update(hint)

    def on_batch_screen_batch_stopped(self, message: BatchStopped) -> None:
        if message.token != self._token:
            return
        self._set_running(False)
        self._end_early("stopped")
        self.query_one("#batch-hint", Static).update(one_line(f"Batch stopped: {message.reason}", 300))
        self.notify(one_line(message.reason, 300), title="Batch stopped", severity="error",
                    markup=False)

    def _show_counts(self) -> None:
        done, ok = len(self._results), self._ok
        counts = f"{done:,} / {len(self._ids):,} done · {ok:,} ok · {done - ok:,} failed"
        if self._unsaved:
            counts += f" · {self._unsaved:,} not saved to history"
        if self._cancelled:
            counts += f" · {self._cancelled:,} cancelled"
        self.query_one("#batch-counts", Static).update(counts)

    def _set_running(self, running: bool) -> None:
        self._in_flight = running
        self.refresh_bindings()  # x (cancel) shows only while a batch runs

    def _end_early(self, how: str) -> None:
        """The batch ended before every ID did (`how`: "cancelled", "stopped"): the rows never
        looked up say "cancelled", the bar keeps the unfilled part (in the warning colour) and
        the title says how far it got."""
        self._cancelled = self.query_one(BatchTable).cancel_pending()
        self.query_one(ProgressBar).add_class("-cancelled")
        self._paint_progress()
        self.query_one("#batch-title", Static).update(
            f"Batch: {len(self._results):,} of {len(self._ids):,} looked up — {how}")

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self._in_flight  # hidden from the footer when no batch runs
        return True

    def action_cancel(self) -> None:
        if not self._in_flight:
            return
        self._token += 1  # whatever the cancelled worker still posts is stale
        self.workers.cancel_group(self, "batch")
        self._set_running(False)
        self._end_early("cancelled")
        self.query_one("#batch-hint", Static).update(DONE_HINT)

    def action_open(self) -> None:
        """Show the highlighted result; a failed (or not yet done) ID is looked up again."""
        generation_id = self.query_one(BatchTable).highlighted_id()
        if generation_id is None:
            return
        result = self._results.get(generation_id)
        if result is None or not result.ok:
            self.post_message(RefetchRequested(generation_id))
        elif result.lookup is not None:
            self.post_message(LookupOpened(result.lookup, "from this batch"))
        else:
            self._open_stored(generation_id)

    @work(exclusive=True, group="batch-open", exit_on_error=False)
    async def _open_stored(self, generation_id: str) -> None:
        if not await open_stored(self, self._open_store, generation_id):
            self.post_message(RefetchRequested(generation_id))  # not in the history: look it up
