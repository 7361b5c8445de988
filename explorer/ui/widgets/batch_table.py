"""`BatchTable`: one row per ID of a batch — pending, ok (model, cost), failed (the error) or
cancelled (the batch ended before it).

A `RowList` (Line API): only the rows on screen are drawn, and a result arriving changes a row's
data, not the screen: the batch view repaints at its own bounded rate (`redraw`), so results
arriving at wire speed (a thousand a second) cost a batch no more than the few lines shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding

from explorer.presentation.batch_results import result_details, result_outcome
from explorer.presentation.history_cells import fit
from explorer.presentation.safe_text import one_line
from explorer.ui.lines.row_list import RowList

if TYPE_CHECKING:
    from explorer.api.batch import BatchResult

RESULT_WIDTH = 9
"""Cells of the outcome column: `✗ failed`, `cancelled`."""
ID_WIDTHS = (13, 40)
"""Fewest and most cells of the ID column: it is as wide as the longest ID, within these."""
DETAILS_MIN = 16
"""Cells of the details below which the ID column gives up room (then the list scrolls)."""
HEADERS = ("#", "Generation ID", "Result", "Details")
PENDING = ("pending", "pending", "")
CANCELLED = ("cancelled", "cancelled", "")
"""(role, outcome, details) of an ID not ended yet, or never to end; the role names its
component class."""


class BatchTable(RowList):
    """The IDs of a batch in input order; only renders the results it is given."""

    COMPONENT_CLASSES = {"batch-table--ok", "batch-table--failed", "batch-table--pending",
                         "batch-table--cancelled"}

    DEFAULT_CSS = """
    BatchTable {
        & > .batch-table--ok { color: $text-success; }
        & > .batch-table--failed { color: $text-error; }
        & > .batch-table--pending { color: $text-muted; }
        & > .batch-table--cancelled { color: $text-warning; }
    }
    """

    BINDINGS = [
        Binding("enter", "screen.open", "Open", id="batch-open",
                tooltip="Show the highlighted result (a failed ID is looked up again)"),
    ]

    MIN_WIDTH = 1 + ID_WIDTHS[0] + RESULT_WIDTH + DETAILS_MIN + 2 * len(HEADERS)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}  # ID → row
        self._outcomes: list[tuple[str, str, str]] = []  # per row: (role, outcome, details)
        self._number_cells = 1
        self._id_cells = ID_WIDTHS[0]  # the longest ID's, within ID_WIDTHS

    # -- what the screen calls -----------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many IDs are listed."""
        return len(self._ids)

    def set_ids(self, ids: Sequence[str]) -> None:
        """List `ids`, every one pending."""
        self._ids = list(ids)
        self._rows = {generation_id: row for row, generation_id in enumerate(self._ids)}
        self._outcomes = [PENDING] * len(self._ids)
        self._number_cells = len(str(len(self._ids)))
        longest = max((len(generation_id) for generation_id in self._ids), default=0)
        self._id_cells = max(ID_WIDTHS[0], min(longest, ID_WIDTHS[1]))
        self.set_row_count(len(self._ids))

    def cancel_pending(self) -> int:
        """Mark every ID still pending "cancelled" (shown at the next `redraw`); returns how
        many."""
        cancelled = 0
        for row, outcome in enumerate(self._outcomes):
            if outcome[0] == "pending":
                self._outcomes[row] = CANCELLED
                cancelled += 1
        return cancelled

    def show_result(self, result: BatchResult) -> None:
        """Mark `result.id` ok or failed, with its details: shown at the next `redraw`."""
        row = self._rows.get(result.id)
        if row is None:
            return
        self._outcomes[row] = ("ok" if result.ok else "failed", result_outcome(result),
                               result_details(result))

    def highlighted_id(self) -> str | None:
        """The ID of the highlighted row."""
        return self._ids[self.cursor] if self.cursor < len(self._ids) else None

    def row_texts(self, generation_id: str) -> tuple[str, ...]:
        """The cells of `generation_id`'s row as text: number, ID, outcome, details."""
        row = self._rows[generation_id]
        return (str(row + 1), generation_id, *self._outcomes[row][1:])

    # -- RowList -------------------------------------------------------------------------

    def render_header(self, width: int, style: Style) -> list[Segment]:
        widths = self._widths(width)
        text = "".join(f" {fit(label, cells, right=index == 0)} "
                       for index, (label, cells) in enumerate(zip(HEADERS, widths)))
        return [Segment(fit(text, width), style)]

    def render_row(self, row: int, width: int, style: Style, top: Style | None) -> list[Segment]:
        role, outcome, details = self._outcomes[row]
        number_cells, id_cells, result_cells, details_cells = self._widths(width)
        plain = style if top is None else style + top
        marked = style + self.style_of(f"batch-table--{role}", partial=True)
        muted = style + self.style_of("batch-table--pending", partial=True)
        if top is not None:
            marked, muted = marked + top, muted + top
        segments = [
            Segment(f" {fit(str(row + 1), number_cells, right=True)} ", muted),
            Segment(f" {fit(one_line(self._ids[row], id_cells), id_cells)} ", plain),
            Segment(f" {fit(outcome, result_cells)} ", marked),
            Segment(f" {fit(one_line(details, details_cells), details_cells)} ",
                    marked if role == "failed" else plain),
        ]
        used = number_cells + id_cells + result_cells + details_cells + 2 * len(HEADERS)
        if used < width:
            segments.append(Segment(" " * (width - used), plain))
        return segments

    def _widths(self, width: int) -> tuple[int, int, int, int]:
        """Cells of each column in a row `width` cells wide: the details take what is left,
        and when that is under `DETAILS_MIN` the ID column gives some up (to its fewest)."""
        gaps = 2 * len(HEADERS)
        details = width - gaps - self._number_cells - self._id_cells - RESULT_WIDTH
        id_cells = self._id_cells
        if details < DETAILS_MIN:
            id_cells = max(ID_WIDTHS[0], id_cells - (DETAILS_MIN - details))
            details = max(DETAILS_MIN, width - gaps - self._number_cells - id_cells - RESULT_WIDTH)
        return self._number_cells, id_cells, RESULT_WIDTH, details
