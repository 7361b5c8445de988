"""`HistoryScreen`: past generations from the local history, filtered as you type.

Pipeline: a key or the filter → `reload` (new token) → the exclusive page worker (debounce,
then `read_page` in a thread) → `PageLoaded` (dropped when stale) → `HistoryTable`. Opening a
row reads it from the store in a thread and posts `LookupOpened` to the app: no request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from explorer.presentation.safe_text import one_line
from explorer.presentation.history_cells import (FILTER_COVERS, FILTER_PLACEHOLDER, count_text,
                                                  detail_text, filter_text, sort_text)
from explorer.store.queries import HistoryFilter, HistoryPage, read_page
from explorer.ui.compat import (resume_screen_updates, skip_restyle_on_resume,
                                swallow_echoed_resize)
from explorer.ui.lines.key_bar import KeyBar
from explorer.ui.screens.messages import RefetchRequested, open_stored
from explorer.ui.screens.view_screen import VIEW_KEYS, ViewScreen
from explorer.ui.session_results import SessionResults
from explorer.ui.widgets.history_table import FailedEntry, HistoryTable

if TYPE_CHECKING:
    from explorer.store.schema import HistoryRow

DEBOUNCE_SECONDS = 0.15
FIRST_PAGE_WAIT_SECONDS = 0.05
SORT = Binding.Group("Sort", compact=True)
GROUP = Binding.Group("Group", compact=True)


class HistoryFilterInput(Input):
    """The pane's filter: ID, model, provider, session / request ID, or any text of the content
    (every message, the completion, the reasoning)."""

    BINDINGS = [
        Binding("escape,down,enter", "screen.focus_table", "To the list", id="history-to-list",
                tooltip="Leave the filter for the list, where the letter keys work"),
    ]


class HistoryScreen(ViewScreen):
    """The history pane: newest first, filter as you type, sort, group, mark two to compare."""

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="history-filter",
                tooltip=f"Type to filter: it searches {FILTER_COVERS}"),
        Binding("t", "sort('time')", "Time", id="history-sort-time", group=SORT,
                tooltip="Sort by creation time (again: reverse)"),
        Binding("c", "sort('cost')", "Cost", id="history-sort-cost", group=SORT,
                tooltip="Sort by total cost (again: reverse)"),
        Binding("l", "sort('latency')", "Latency", id="history-sort-latency", group=SORT,
                tooltip="Sort by latency (again: reverse)"),
        Binding("w", "sort('fetched')", "Fetched", id="history-sort-fetched", group=SORT,
                tooltip="Sort by when it was fetched: a batch's results come first"),
        Binding("g", "group('session_id')", "Session", id="history-session", group=GROUP,
                tooltip="Only the highlighted generation's session (again: all)"),
        Binding("i", "group('request_id')", "Request", id="history-request", group=GROUP,
                tooltip="Only the highlighted generation's request ID (again: all)"),
        Binding("space", "mark", "Mark", id="history-mark",
                tooltip="Mark the highlighted generation for comparison (two at most)"),
        Binding("d", "compare", "Compare", id="history-compare",
                tooltip="Compare the two marked generations side by side"),
        Binding("f", "refetch", "Re-fetch", id="history-refetch",
                tooltip="Look the highlighted generation up again from the API"),
        Binding("s", "stats", "Stats", id="history-stats",
                tooltip="Provider statistics of what is listed (filter and session apply)"),
        Binding("m", "more", "More", id="history-more",
                tooltip="Load the next page (also when scrolling to the end)"),
        Binding("b", "app.batch_view", "Batch", id="history-batch", show=False,
                tooltip="Show the batch view (when a batch ran in this session)"),
        Binding("h", "close", "Close", id="history-close", show=False,
                tooltip="Close the history pane"),
        *VIEW_KEYS,
    ]

    AUTO_FOCUS = "#history-table"  # not the filter input: a focus change restyles both
    HORIZONTAL_BREAKPOINTS = []  # the pane has no narrow layout: no classes, no restyle on open

    class PageLoaded(Message):
        """A page of the history arrived for the query numbered `token`."""

        def __init__(self, token: int, page: HistoryPage, failures: list[FailedEntry],
                     store_note: str) -> None:
            super().__init__()
            self.token = token
            self.page = page
            self.failures = failures
            self.store_note = store_note
            self.shown = False

    def __init__(
        self,
        open_store: Callable[[], Awaitable[Any]],
        *,
        session_results: SessionResults | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__()
        self._open_store = open_store
        self._session = session_results or SessionResults()
        self._sleep = sleep
        self.filter = HistoryFilter()
        self.marked: list[str] = []
        self._token = 0
        self._shown = 0
        self._total: int | None = None
        self._has_more = False
        self._loading = False
        self._store_note = ""
        self._resumed = False
        self._first_page = asyncio.Event()
        self._first_page_loaded: HistoryScreen.PageLoaded | None = None

    def view_bindings(self) -> Sequence[Binding]:
        return [*HistoryTable.BINDINGS, *self.BINDINGS]

    def compose(self) -> ComposeResult:
        self.reload()  # the first page is read (in a thread) while the pane is built
        # Straight on the screen, no container: every container is drawn under its children.
        yield Static("History", id="history-title", classes="view-title", markup=False)
        filter_input = HistoryFilterInput(placeholder=FILTER_PLACEHOLDER, id="history-filter-input")
        filter_input.cursor_blink = self.app.animation_level != "none"
        yield filter_input
        yield HistoryTable(id="history-table")  # (a store's note goes above it, if it has one)
        yield Static(id="history-detail", markup=False)

    async def on_mount(self) -> None:
        self.query_one(HistoryTable).set_columns(self.filter)
        # The frame timer started now ticks at once after the first frame (for the layout
        # Textual does after a screen's first frame), not up to a frame period later.
        resume_screen_updates(self)
        # The pane's first frame shows its rows when they come quickly (they were read while
        # the pane was built), rather than an empty list and, a frame later, the rows.
        try:
            await asyncio.wait_for(self._first_page.wait(), FIRST_PAGE_WAIT_SECONDS)
        except asyncio.TimeoutError:
            pass  # a slow store: the page shows when it comes
        if self._first_page_loaded is not None:
            self.on_history_screen_page_loaded(self._first_page_loaded)
        # The keys come last: they depend on the first page ("More" or not), and a change of
        # keys after the first frame would cost another one.
        await self.mount(KeyBar())

    def on_resize(self, event: events.Resize) -> None:
        # Shown, the pane is sent a Resize of the size it was just laid out at: laying it and
        # the main screen out again would change nothing. (The app lays out a new size itself.)
        swallow_echoed_resize(self, event)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # (This runs before Textual's own handler of the event, which draws the first frame.)
        if self._resumed:  # shown again: the history may have grown meanwhile
            self.reload()
        else:  # shown the first time: styled when mounted a moment ago, not again
            skip_restyle_on_resume(event)
        self._resumed = True

    # -- queries -------------------------------------------------------------------------

    def reload(self, *, debounce: bool = False) -> None:
        """Read the first page again (new data, filter or sort); the cursor stays put."""
        self._token += 1
        self._loading = True
        self._fetch_page(self._token, self.filter, 0, debounce)

    @work(exclusive=True, group="history-page", exit_on_error=False)
    async def _fetch_page(self, token: int, history_filter: HistoryFilter, offset: int,
                          debounce: bool) -> None:
        if debounce:
            await self._sleep(DEBOUNCE_SECONDS)  # a newer keystroke cancels this worker
        store = await self._open_store()
        page = await asyncio.to_thread(read_page, store, history_filter, offset)
        failures = []
        if offset == 0 and not (history_filter.session_id or history_filter.request_id):
            failures = [FailedEntry(gid, error)
                        for gid, error in self._session.failures_matching(history_filter.query)]
        if store is None:
            store_note = "History is off: there is no history store in this session."
        else:
            store_note = one_line(getattr(store, "warning", None) or "", limit=300)
        loaded = self.PageLoaded(token, page, failures, store_note)
        if not self._first_page.is_set():
            self._first_page_loaded = loaded
            self._first_page.set()
        self.post_message(loaded)

    def on_history_screen_page_loaded(self, message: PageLoaded) -> None:
        if message.token != self._token or message.shown:
            return  # an older query (a newer one is on its way), or shown already
        message.shown = True
        self._loading = False
        page = message.page
        self.query_one(HistoryTable).show([*message.failures, *page.rows], self._mark,
                                          append=page.offset > 0)
        self._shown = page.offset + len(page.rows)
        if page.total is not None:
            self._total = page.total
        if page.has_more != self._has_more:
            self._has_more = page.has_more
            self.refresh_bindings()  # "More" shows only while there is more
        self._show_title()
        if message.store_note != self._store_note:  # a change of size: a new layout
            self._show_note(message.store_note)
        self._show_detail()

    def on_history_table_end_reached(self) -> None:
        if self._has_more:
            self.action_more()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value == self.filter.query:
            return  # e.g. the input's first value on mount: no new query to wait for
        self.filter = replace(self.filter, query=event.value)
        self.reload(debounce=True)

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more" and not self._has_more:
            return False
        return True

    def action_focus_filter(self) -> None:
        self.query_one(HistoryFilterInput).focus()

    def action_focus_table(self) -> None:
        self.query_one(HistoryTable).focus()

    def action_sort(self, sort: str) -> None:
        """Sort by `sort`; the same key again reverses the order."""
        self.filter = self.filter.sorted_by(sort)
        self.query_one(HistoryTable).set_columns(self.filter)
        self.reload()

    def show_sorted(self, sort: str) -> None:
        """Everything, sorted by `sort`, largest / newest first: after a batch, by fetch time,
        so its results come first."""
        self.filter = HistoryFilter(sort=sort)
        if self.is_mounted:
            with self.prevent(Input.Changed):
                self.query_one(HistoryFilterInput).value = ""
            self.query_one(HistoryTable).set_columns(self.filter)
            self.query_one(HistoryTable).focus()

    def on_history_table_header_selected(self, event: HistoryTable.HeaderSelected) -> None:
        self.action_sort(event.sort)

    def action_group(self, field: str) -> None:
        """Keep only the highlighted row's session (or request); again: back to all."""
        label = "session" if field == "session_id" else "request ID"
        if getattr(self.filter, field) is not None:
            self.filter = replace(self.filter, **{field: None})
            self.reload()
            return
        entry = self._highlighted_stored(f"filter by {label}")
        if entry is None:
            return
        value = getattr(entry, field)
        if value is None:
            self.notify(f"This generation has no {label}.", severity="warning", markup=False)
            return
        self.filter = replace(self.filter, **{field: value})
        self.reload()

    def action_mark(self) -> None:
        """Mark (or unmark) the highlighted generation as A, then B, for comparison."""
        entry = self._highlighted_stored("compare")
        if entry is None:
            return
        if entry.id in self.marked:
            self.marked.remove(entry.id)
        else:
            self.marked = [*self.marked, entry.id][-2:]
        self.query_one(HistoryTable).refresh_marks()
        if len(self.marked) == 2:
            self.notify("Two generations marked: press d to compare them.", title="Compare")

    def action_compare(self) -> None:
        if len(self.marked) < 2:
            self.notify(f"Mark two generations with space first ({len(self.marked)} marked).",
                        severity="warning")
            return
        from explorer.ui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(self._open_store, *self.marked))

    def action_stats(self) -> None:
        from explorer.ui.screens.provider_stats import ProviderStatsScreen

        self.app.push_screen(ProviderStatsScreen(self._open_store, self.filter))

    def action_more(self) -> None:
        """Load the next page, if there is one and no query is in flight."""
        if self._has_more and not self._loading:
            self._loading = True
            self._fetch_page(self._token, self.filter, self._shown, False)

    def action_refetch(self) -> None:
        entry = self.query_one(HistoryTable).highlighted()
        if entry is not None:
            self.post_message(RefetchRequested(entry.id))

    def action_open(self) -> None:
        """Open the highlighted generation from the history (a failed one is tried again)."""
        entry = self.query_one(HistoryTable).highlighted()
        if isinstance(entry, FailedEntry):
            self.post_message(RefetchRequested(entry.id))
        elif entry is not None:
            self._open_stored(entry.id)

    @work(exclusive=True, group="history-open", exit_on_error=False)
    async def _open_stored(self, generation_id: str) -> None:
        if not await open_stored(self, self._open_store, generation_id):
            self.notify("That generation is no longer in the history.", severity="warning")

    # -- rendering -----------------------------------------------------------------------

    def _highlighted_stored(self, purpose: str) -> HistoryRow | None:
        entry = self.query_one(HistoryTable).highlighted()
        if isinstance(entry, FailedEntry):
            self.notify(f"A failed lookup is not in the history: cannot {purpose}.",
                        severity="warning", markup=False)
            return None
        return entry

    def _mark(self, generation_id: str) -> str:
        compare = "AB"[self.marked.index(generation_id)] if generation_id in self.marked else " "
        return compare + (self._session.mark(generation_id) or " ")

    def _show_title(self) -> None:
        parts = ["History", count_text(self._total, self._shown), sort_text(self.filter),
                 filter_text(self.filter)]
        if self._has_more:
            parts.append("m or scroll down for more")
        # One line whatever it says: a repaint, not a new layout of the screen.
        self.query_one("#history-title", Static).update(" · ".join(parts), layout=False)

    def _show_note(self, note: str) -> None:
        """The store's one-line warning above the list (mounted the first time there is one:
        most sessions never have one)."""
        self._store_note = note
        shown = self.query("#history-note")
        if shown:
            shown.first(Static).update(note)
            shown.first(Static).display = bool(note)
        elif note:
            self.mount(Static(note, id="history-note", markup=False),
                       before=self.query_one(HistoryTable))

    def _show_detail(self) -> None:
        text = detail_text(self.query_one(HistoryTable).highlighted(), self.filter)
        self.query_one("#history-detail", Static).update(text, layout=False)  # one line

    def on_history_table_row_highlighted(self) -> None:
        self._show_detail()

    def on_history_table_row_selected(self) -> None:
        self.action_open()
