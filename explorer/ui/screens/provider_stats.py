"""`ProviderStatsScreen`: which provider is failing us, over the history (or the history pane's
filter / session): attempts, success rate, p50 / p95 latency and failures by status, as bars.

The table is laid out for the width it has (`stats_layout`): narrower, the bars shrink and the
columns that matter least go (p50, the failures bar, p95, …) so that a row never wraps."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
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
from explorer.ui.widgets.fitted_lines import FittedLines

if TYPE_CHECKING:
    from explorer.analysis.provider_stats import ProviderStats

GAP = "  "
PROVIDER_WIDTHS = (10, 24)
"""Fewest and most cells of the provider column (as wide as the longest name, within these)."""
STATUS_MIN = 12
"""Fewest cells of the last column, failures by status (it takes what is left)."""


@dataclass(frozen=True)
class StatsLayout:
    """Which columns a row shows and how wide: bars of 10, 5 or 0 cells; p50, p95 and time
    lost shown or not; failures by status take what is left."""

    provider: int
    success_bar: int = 10
    failure_bar: int = 10
    p50: bool = True
    p95: bool = True
    lost: bool = True

    @property
    def success(self) -> int:
        """Cells of the success-rate column: the bar, then the rate."""
        return max(len("Success rate"), self.success_bar + 6) if self.success_bar else 7

    @property
    def failures(self) -> int:
        """Cells of the failures column: the bar, then the count."""
        return self.failure_bar + 6 if self.failure_bar else len("Failures")

    def columns(self) -> list[tuple[str, int, bool]]:
        """(title, cells, right-aligned) of every column but the last."""
        columns = [("Provider", self.provider, False), ("Attempts", 8, True),
                   ("Success rate" if self.success_bar else "Success", self.success, False),
                   ("Failures", self.failures, False)]
        columns += [("p50", 8, True)] if self.p50 else []
        columns += [("p95", 8, True)] if self.p95 else []
        columns += [("Time lost", 9, True)] if self.lost else []
        return columns

    def fixed_width(self) -> int:
        """Cells of every column but the last, with the gaps after them."""
        return sum(cells + len(GAP) for _, cells, _ in self.columns())


def stats_layout(width: int, providers: Sequence[str]) -> StatsLayout:
    """The fullest layout whose rows fit in `width` cells."""
    longest = max((len(name) for name in providers), default=0)
    layout = StatsLayout(provider=max(PROVIDER_WIDTHS[0], min(longest, PROVIDER_WIDTHS[1])))
    narrower = [  # least useful first
        dict(success_bar=5, failure_bar=5), dict(p50=False), dict(failure_bar=0),
        dict(p95=False), dict(provider=min(layout.provider, 14)), dict(success_bar=0),
        dict(lost=False), dict(provider=PROVIDER_WIDTHS[0]),
    ]
    for change in narrower:
        if layout.fixed_width() + STATUS_MIN <= width:
            break
        layout = replace(layout, **change)
    return layout


def _cell(text: str, width: int, right: bool = False, style: str = "") -> Content:
    text = one_line(text, limit=width)
    return Content.styled(text.rjust(width) if right else text.ljust(width), style)


def header_line(layout: StatsLayout, width: int) -> Content:
    """The column titles."""
    rest = width - layout.fixed_width()
    last = "Failures by status" if rest >= len("Failures by status") else "By status"
    return Content(GAP).join([*(_cell(title, cells, right, "bold")
                                for title, cells, right in layout.columns()),
                              _cell(last, max(0, rest), style="bold")])


def status_text(failures_by_status: dict[int | None, int]) -> str:
    """`429×9 · 502×6 · —×1`: failed attempts per HTTP status, most first."""
    return " · ".join(f"{fmt.text(status)}×{count}" for status, count in failures_by_status.items())


def stats_line(stats: ProviderStats, max_failures: int, layout: StatsLayout,
               width: int) -> Content:
    """One provider's row: numbers, a success-rate bar and a failures bar (scaled to the
    provider with most failures), as many columns as `layout` has."""
    rate = stats.success_rate
    rate_text = fmt.DASH if rate is None else f"{rate:.0%}"
    rate_style = "" if rate is None or rate >= 0.5 else WARNING
    success = Content.assemble((bar(rate, 1.0, layout.success_bar), "$success"), " ",
                               (rate_text.rjust(5), rate_style)) if layout.success_bar else \
        _cell(rate_text, layout.success, right=True, style=rate_style)
    count_style = f"bold {ERROR}" if stats.failures else MUTED
    failures = Content.assemble((bar(stats.failures, max_failures, layout.failure_bar), "$error"),
                                " ", (f"{stats.failures:>5,}", count_style)) \
        if layout.failure_bar else _cell(f"{stats.failures:,}", layout.failures, True, count_style)
    cells = [_cell(fmt.text(stats.provider), layout.provider, style="bold"),
             _cell(f"{stats.attempts:,}", 8, right=True), success, failures]
    if layout.p50:
        cells.append(_cell(fmt.millis(stats.p50_latency_ms), 8, right=True))
    if layout.p95:
        cells.append(_cell(fmt.millis(stats.p95_latency_ms), 8, right=True))
    if layout.lost:
        cells.append(_cell(fmt.millis(stats.time_lost_ms) if stats.failures else fmt.DASH, 9,
                           right=True, style="" if stats.failures else MUTED))
    cells.append(_cell(status_text(stats.failures_by_status) or fmt.DASH,
                       max(0, width - layout.fixed_width()),
                       style=ERROR if stats.failures else MUTED))
    return Content(GAP).join(cells)


def first_fitting(texts: Sequence[str], width: int) -> Content:
    """The first of `texts` that fits in `width` cells (the last one cut, if none does)."""
    return Content(next((text for text in texts if len(text) <= width),
                        one_line(texts[-1], width)))


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
        self._stats: list[ProviderStats] = []

    def view_bindings(self) -> Sequence[Binding]:
        return self.BINDINGS

    def compose(self) -> ComposeResult:
        with Vertical(id="stats-view"):
            yield FittedLines(self._title(None), id="stats-title", classes="view-title")
            with VerticalScroll(id="stats-scroll", can_focus=True):
                yield FittedLines(self._header, id="stats-header")
                yield FittedLines(id="stats-rows")
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

    def _title(self, message: StatsComputed | None) -> Callable[[int], Content]:
        """The title for a width: the scope and the totals, shorter when the width is short."""
        scope = filter_text(self._filter)
        if message is None:
            return lambda width: first_fitting([f"Provider statistics · {scope} · computing…",
                                                f"Providers · {scope} · computing…"], width)
        stats = message.stats
        attempts, failures = sum(s.attempts for s in stats), sum(s.failures for s in stats)
        noun = "generation" if message.generations == 1 else "generations"
        totals = f"{message.generations:,} {noun}, {attempts:,} attempts, {failures:,} failed"
        return lambda width: first_fitting([
            f"Provider statistics · {scope} · {totals} · most failures first",
            f"Provider statistics · {scope} · {totals}", f"Providers · {scope} · {totals}"],
            width)

    def _layout(self, width: int) -> StatsLayout:
        return stats_layout(width, [fmt.text(s.provider) for s in self._stats])

    def _header(self, width: int) -> Content:
        return header_line(self._layout(width), width)

    def _rows(self, width: int) -> Content:
        layout = self._layout(width)
        max_failures = max(s.failures for s in self._stats)
        return Content("\n").join(stats_line(s, max_failures, layout, width) for s in self._stats)

    def on_provider_stats_screen_stats_computed(self, message: StatsComputed) -> None:
        self._stats = message.stats
        self.query_one("#stats-title", FittedLines).show(self._title(message))
        self.query_one("#stats-header", FittedLines).show(self._header)
        rows = self.query_one("#stats-rows", FittedLines)
        if not self._stats:
            rows.show(lambda width: Content.styled(one_line(
                "No provider attempts in scope (an empty history, or cached responses without "
                "attempts).", width), MUTED))
            return
        rows.show(self._rows)
