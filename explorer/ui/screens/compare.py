"""`CompareScreen`: two generations from the history side by side — metadata with differences
highlighted and B/A ratios, provider attempts, and diffs of the completions and messages.

Every row is laid out for the width it has (`FittedLines`): the value and provider columns
grow with the window. From `SIDE_BY_SIDE_WIDTH` columns the metadata and the attempts sit side
by side; below it they are stacked, each the full width, and scroll together."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static, TabbedContent, TabPane

from explorer.presentation import formatting as fmt
from explorer.presentation.comparison import build_comparison
from explorer.presentation.safe_text import one_line
from explorer.ui.lines.key_bar import KeyBar
from explorer.ui.screens.view_screen import VIEW_KEYS, ViewScreen
from explorer.ui.styles import MUTED, SECTION_TITLE, STATUS_STYLES
from explorer.ui.widgets.diff_view import DiffView
from explorer.ui.widgets.fitted_lines import FittedLines

if TYPE_CHECKING:
    from explorer.presentation.comparison import AttemptCell, AttemptPairRow, Comparison, FieldDiff

LABEL, RATIO, VALUE_MIN = 15, fmt.RATIO_WIDTH, 8
NUMBER, STATUS, LATENCY, PROVIDER_MIN = 3, 3, 7, 6
SIDE_BY_SIDE_WIDTH = 140
"""Columns from which the metadata and the attempts sit side by side (below: stacked)."""


def _cell(text: str, width: int, style: str = "", right: bool = False) -> Content:
    text = one_line(text, limit=width)
    return Content.styled(text.rjust(width) if right else text.ljust(width), style)


def value_width(width: int) -> int:
    """Cells of each of the A and B value columns in a metadata row `width` cells wide."""
    return max(VALUE_MIN, (width - LABEL - RATIO - 3) // 2)


def metadata_header(width: int) -> Content:
    """`                A          B          B/A`."""
    value = value_width(width)
    return Content(" ").join([_cell("", LABEL), _cell("A", value, "bold"),
                              _cell("B", value, "bold"), _cell("B/A", RATIO, "bold", True)])


def metadata_line(row: FieldDiff, width: int) -> Content:
    """`total   $0.0012   $0.003   2.50×`, the values as wide as `width` allows."""
    value = value_width(width)
    ratio_style = "bold $text-accent" if row.ratio is not None and row.ratio != 1 else MUTED
    return Content(" ").join([
        _cell(row.label, LABEL, MUTED),
        _cell(row.a_text, value, MUTED if row.a_text == fmt.DASH else ""),
        _cell(row.b_text, value, MUTED if row.b_text == fmt.DASH else ""),
        _cell(fmt.ratio_text(row.ratio), RATIO, ratio_style, right=True),
    ])


def metadata_widgets(rows: list[FieldDiff]) -> list[FittedLines]:
    """The metadata rows under their section titles, as in the metadata panel."""
    widgets, section = [], None
    for row in rows:
        if row.section != section:
            section = row.section
            title = Content.styled(section, SECTION_TITLE)
            widgets.append(FittedLines(lambda width, title=title: title, classes="compare-section"))
        widgets.append(FittedLines(lambda width, row=row: metadata_line(row, width),
                                   classes=_row_classes(row.differs)))
    return widgets


def _attempt(cell: AttemptCell | None, side: int) -> Content:
    if cell is None:
        return _cell("", side)
    return Content(" ").join([
        _cell(cell.provider, max(PROVIDER_MIN, side - STATUS - LATENCY - 2)),
        _cell(cell.status, STATUS, STATUS_STYLES.get(cell.status_class, "")),
        _cell(cell.latency, LATENCY, right=True),
    ])


def attempt_line(row: AttemptPairRow, width: int) -> Content:
    """`2  DeepInfra   502   1.20 s │ Together    200   850 ms`, each side half of `width`."""
    side = (width - NUMBER - 3) // 2
    return Content.assemble(_cell(str(row.number), NUMBER, MUTED), _attempt(row.a, side),
                            (" │ ", MUTED), _attempt(row.b, side))


def title_line(a_id: str, b_id: str, width: int) -> Content:
    """`Compare · A gen-…  ↔  B gen-…`, shorter when the width is short."""
    a_id, b_id = one_line(a_id, 50), one_line(b_id, 50)
    text = f"Compare · A {a_id}  ↔  B {b_id}"
    if len(text) > width:
        text = f"A {a_id} ↔ B {b_id}"
    return Content(one_line(text, width))


def _row_classes(differs: bool) -> str:
    """A row's classes: `-differs` highlights it (theme colours, in the app's CSS)."""
    return "compare-row -differs" if differs else "compare-row"


class CompareScreen(ViewScreen):
    """Generation A (marked first) and B side by side; esc closes."""

    BINDINGS = [
        Binding("1", "show_diff('completion')", "Completion diff", id="compare-completion",
                tooltip="Show the diff of the two completions"),
        Binding("2", "show_diff('messages')", "Messages diff", id="compare-messages",
                tooltip="Show the diff of the two conversations"),
        *VIEW_KEYS,
    ]

    class ComparisonBuilt(Message):
        """Both generations were read and compared."""

        def __init__(self, comparison: Comparison) -> None:
            super().__init__()
            self.comparison = comparison

    def __init__(self, open_store: Callable[[], Awaitable[Any]], a_id: str, b_id: str) -> None:
        super().__init__()
        self._open_store = open_store
        self._ids = (a_id, b_id)

    def view_bindings(self) -> Sequence[Binding]:
        return self.BINDINGS

    def compose(self) -> ComposeResult:
        a_id, b_id = self._ids
        with Vertical(id="compare-view"):
            yield FittedLines(lambda width: title_line(a_id, b_id, width), id="compare-title",
                              classes="view-title")
            yield Static("Reading both generations from the history…", id="compare-ratios")
            with ScrollableContainer(id="compare-top", can_focus=False):
                with VerticalScroll(id="compare-metadata") as metadata:
                    metadata.border_title = "Metadata (differences highlighted, ratio B/A)"
                with VerticalScroll(id="compare-attempts") as attempts:
                    attempts.border_title = "Provider attempts  A │ B"
            with TabbedContent(id="compare-diffs"):
                with TabPane("Completion diff A → B", id="diff-completion"):
                    yield DiffView(id="completion-diff")
                with TabPane("Messages diff A → B", id="diff-messages"):
                    yield DiffView(id="messages-diff")
        yield KeyBar()

    def on_mount(self) -> None:
        self._build()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < SIDE_BY_SIDE_WIDTH, "-stacked")

    @work(exclusive=True, group="compare", exit_on_error=False)
    async def _build(self) -> None:
        store = await self._open_store()
        try:
            comparison = await asyncio.to_thread(build_comparison, store, *self._ids)
        except Exception as error:  # missing or damaged row: say so, never crash
            self.query_one("#compare-ratios", Static).update(
                Content.styled(one_line(f"Cannot compare: {error}", limit=300), "$text-error"))
            return
        self.post_message(self.ComparisonBuilt(comparison))

    async def on_compare_screen_comparison_built(self, message: ComparisonBuilt) -> None:
        comparison = message.comparison
        self.query_one("#compare-ratios", Static).update(Content.assemble(
            ("B / A:  ", "bold"),
            *[part for index, (name, ratio) in enumerate(comparison.ratios) for part in (
                ("  ·  " if index else "", MUTED), (f"{name} ", ""),
                (fmt.ratio_text(ratio), "bold $text-accent" if ratio is not None else MUTED))],
        ))
        await self.query_one("#compare-metadata").mount_all(
            [FittedLines(metadata_header, classes="compare-row"),
             *metadata_widgets(comparison.metadata)])
        attempt_rows = [FittedLines(lambda width, row=row: attempt_line(row, width),
                                    classes=_row_classes(row.differs))
                        for row in comparison.attempts]
        if not attempt_rows:
            attempt_rows = [Static(Content.styled("No attempt details on either side.", MUTED))]
        await self.query_one("#compare-attempts").mount_all(attempt_rows)
        self.query_one("#completion-diff", DiffView).show_diff(
            comparison.completion_diff, "The completions are identical (or both empty).")
        self.query_one("#messages-diff", DiffView).show_diff(
            comparison.messages_diff, "The conversations are identical (or both empty).")

    def action_show_diff(self, which: str) -> None:
        self.query_one(TabbedContent).active = f"diff-{which}"
        self.query_one(f"#{which}-diff", DiffView).focus()
