"""`BatchTable`: one row per ID of a batch — pending, ok (model, cost) or failed (the error).

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

NUMBER_WIDTH, ID_WIDTH, RESULT_WIDTH, DETAILS_WIDTH = 6, 38, 8, 40
"""Cells of each column (details: at least, it takes what is left)."""
HEADERS = ("#", "Generation ID", "Result", "Details")
PENDING = ("pending", "pending", "")
"""(role, outcome, details) of an ID not ended yet; the role names its component class."""


class BatchTable(RowList):
    """The IDs of a batch in input order; only renders the results it is given."""

    COMPONENT_CLASSES = {"batch-table--ok", "batch-table--failed", "batch-table--pending"}

    DEFAULT_CSS = """
    BatchTable {
        & > .batch-table--ok { color: $text-success; }
        & > .batch-table--failed { color: $text-error; }
        & > .batch-table--pending { color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("enter", "screen.open", "Open", id="batch-open",
                tooltip="Show the highlighted result (a failed ID is looked up again)"),
    ]

    MIN_WIDTH = NUMBER_WIDTH + ID_WIDTH + RESULT_WIDTH + DETAILS_WIDTH + 2 * len(HEADERS)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}  # ID → row
        self._outcomes: list[tuple[str, str, str]] = []  # per row: (role, outcome, details)

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
        self.set_row_count(len(self._ids))

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
        details = max(DETAILS_WIDTH, width - (NUMBER_WIDTH + ID_WIDTH + RESULT_WIDTH)
                      - 2 * len(HEADERS))
        return NUMBER_WIDTH, ID_WIDTH, RESULT_WIDTH, details

