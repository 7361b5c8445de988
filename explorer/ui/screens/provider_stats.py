"""`ProviderStatsScreen`: which provider is failing us, over the history (or the history pane's
filter / session): attempts, success rate, p50 / p95 latency and failures by status, as bars."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from explorer.analysis.provider_stats import bar, compute_stats
from explorer.presentation.history_cells import filter_text
from explorer.presentation import formatting as fmt
from explorer.presentation.safe_text import one_line
from explorer.store.queries import HistoryFilter
from explorer.ui.lines.key_bar import KeyBar
from explorer.ui.screens.view_screen import VIEW_KEYS, ViewScreen
from explorer.ui.styles import ERROR, MUTED, WARNING

if TYPE_CHECKING:
    from explorer.analysis.provider_stats import ProviderStats

# (title, width, right-aligned)
COLUMNS = (("Provider", 18, False), ("Attempts", 8, True), ("Success rate", 16, False),
           ("Failures", 16, False), ("p50", 8, True), ("p95", 8, True), ("Time lost", 9, True),
           ("Failures by status", 20, False))
SUCCESS_BAR = FAILURE_BAR = 10


def _cell(text: str, width: int, right: bool = False, style: str = "") -> Content:
    text = one_line(text, limit=width)
    return Content.styled(text.rjust(width) if right else text.ljust(width), style)


def header_line() -> Content:
    """The column titles."""
    return Content("  ").join(_cell(title, width, right, "bold") for title, width, right in COLUMNS)


def status_text(failures_by_status: dict[int | None, int]) -> str:
    """`429×9 · 502×6 · —×1`: failed attempts per HTTP status, most first."""
    return " · ".join(f"{fmt.text(status)}×{count}" for status, count in failures_by_status.items())


def stats_line(stats: ProviderStats, max_failures: int) -> Content:
    """One provider's row: numbers, a success-rate bar and a failures bar (scaled to the
    provider with most failures)."""
    rate = stats.success_rate
    rate_text = fmt.DASH if rate is None else f"{rate:.0%}"
    success = Content.assemble((bar(rate, 1.0, SUCCESS_BAR), "$success"), " ",
                               (rate_text.rjust(5), "" if rate is None or rate >= 0.5 else WARNING))
    failures = Content.assemble((bar(stats.failures, max_failures, FAILURE_BAR), "$error"), " ",
                                (f"{stats.failures:>5,}", f"bold {ERROR}" if stats.failures else MUTED))
    widths = {title: width for title, width, _ in COLUMNS}
    return Content("  ").join([
        _cell(fmt.text(stats.provider), widths["Provider"], style="bold"),
        _cell(f"{stats.attempts:,}", widths["Attempts"], right=True),
        success,
        failures,
        _cell(fmt.millis(stats.p50_latency_ms), widths["p50"], right=True),
        _cell(fmt.millis(stats.p95_latency_ms), widths["p95"], right=True),
        _cell(fmt.millis(stats.time_lost_ms) if stats.failures else fmt.DASH, widths["Time lost"],
              right=True, style="" if stats.failures else MUTED),
        _cell(status_text(stats.failures_by_status) or fmt.DASH, widths["Failures by status"],
              style=ERROR if stats.failures else MUTED),
    ])


class ProviderStatsScreen(ViewScreen):
    """Per-provider statistics, the provider with most failures first."""

    BINDINGS = [
        Binding("s", "close", "Close", id="stats-close", show=False,
                tooltip="Close the provider statistics"),
        *VIEW_KEYS,
    ]

    class StatsComputed(Message):
        """The statistics of the scope are ready."""

        def __init__(self, stats: list[ProviderStats], generations: int) -> None:
            super().__init__()
            self.stats = stats
            self.generations = generations

    def __init__(self, open_store: Callable[[], Awaitable[Any]],
                 history_filter: HistoryFilter | None = None) -> None:
        super().__init__()
        self._open_store = open_store
        self._filter = history_filter or HistoryFilter()

    def view_bindings(self) -> Sequence[Binding]:
        return self.BINDINGS

    def compose(self) -> ComposeResult:
        with Vertical(id="stats-view"):
            yield Static(f"Provider statistics · {filter_text(self._filter)} · computing…",
                         id="stats-title", classes="view-title", markup=False)
            with VerticalScroll(id="stats-scroll", can_focus=True):
                yield Static(header_line(), id="stats-header")
                yield Static(id="stats-rows")
            yield Static("Attempts of every generation in scope, failures first. Success: a 2xx "
                         "status. Latency percentiles (nearest rank) include failed attempts. "
                         "Time lost: latency of failed attempts.",
                         id="stats-legend", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#stats-scroll").focus()
        self._compute()

    @work(exclusive=True, group="stats", exit_on_error=False)
    async def _compute(self) -> None:
        store = await self._open_store()
        stats, generations = await asyncio.to_thread(compute_stats, store, self._filter)
        self.post_message(self.StatsComputed(stats, generations))

    def on_provider_stats_screen_stats_computed(self, message: StatsComputed) -> None:
        stats = message.stats
        attempts = sum(s.attempts for s in stats)
        failures = sum(s.failures for s in stats)
        noun = "generation" if message.generations == 1 else "generations"
        self.query_one("#stats-title", Static).update(
            f"Provider statistics · {filter_text(self._filter)} · {message.generations:,} {noun}, "
            f"{attempts:,} attempts, {failures:,} failed · most failures first"
        )
        rows = self.query_one("#stats-rows", Static)
        if not stats:
            rows.update(Content.styled("No provider attempts in scope (an empty history, or "
                                       "cached responses without attempts).", MUTED))
            return
        max_failures = max(s.failures for s in stats)
        rows.update(Content("\n").join(stats_line(s, max_failures) for s in stats))
