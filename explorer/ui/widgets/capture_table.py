"""`CaptureTable`: the live view's rows, one per captured generation, newest first.

A `RowList` (Line API): only the rows on screen are drawn, so a day of captures costs a frame no
more than the few rows shown. It only renders the rows it is given (`set_rows`) and the time
(`tick`, for the pending countdowns).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message

from explorer.presentation.capture_cells import CELL_PADDING, COLUMNS, column_widths, row_cells
from explorer.presentation.history_cells import fit
from explorer.store.captures import FAILED, LOADED, PENDING, CaptureRow
from explorer.ui.lines.row_list import RowList

STATE_COLUMN = len(COLUMNS) - 1


class CaptureTable(RowList):
    """Captured generations: time, ID, model, provider, cost, latency, attempts, state."""

    COMPONENT_CLASSES = {"capture-table--loaded", "capture-table--failed", "capture-table--pending"}
    DEFAULT_CSS = """
    CaptureTable {
        & > .capture-table--loaded { color: $text-success; }
        & > .capture-table--failed { color: $text-error; }
        & > .capture-table--pending { color: $text-warning; }
    }
    """
    BINDINGS = [
        Binding("enter", "open", "Open", id="live-open",
                tooltip="Show the highlighted generation (a failed one is looked up again)"),
    ]
    MIN_WIDTH = 60
    """Narrower than this the list scrolls sideways (from 78 cells down, columns give way)."""

    class Opened(Message):
        """The user asked to open `row` (Enter, or a click on the cursor row)."""

        def __init__(self, row: CaptureRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, pending_window: float = 60.0, clock=time.time, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pending_window = pending_window
        self._clock = clock
        self._rows: list[CaptureRow] = []

    @property
    def rows(self) -> Sequence[CaptureRow]:
        """The rows shown, newest first."""
        return self._rows

    def set_rows(self, rows: Sequence[CaptureRow]) -> None:
        """Show `rows`; the cursor stays on the generation it was on (new rows arrive on top)."""
        current = self.highlighted()
        self._rows = list(rows)
        cursor = 0
        if current is not None and self.cursor > 0:
            cursor = next((i for i, row in enumerate(self._rows) if row.id == current.id), 0)
        self.set_row_count(len(self._rows), cursor)

    def tick(self) -> None:
        """Redraw for the time now: the pending rows' countdowns move."""
        if any(row.state == PENDING for row in self._rows):
            self.redraw()

    def highlighted(self) -> CaptureRow | None:
        """The row under the cursor."""
        return self._rows[self.cursor] if self.cursor < len(self._rows) else None

    def action_open(self) -> None:
        """Open the highlighted generation."""
        if (row := self.highlighted()) is not None:
            self.post_message(self.Opened(row))

    def row_clicked(self, row: int) -> None:
        self.action_open()

    # -- RowList -------------------------------------------------------------------------

    def render_header(self, width: int, style: Style) -> list[Segment]:
        widths = column_widths(width)
        text = "".join(_padded(fit(column.title, cells, column.right))
                       for column, cells in zip(COLUMNS, widths) if cells)
        return [Segment(fit(text, width), style)]

    def render_row(self, row: int, width: int, style: Style, top: Style | None) -> list[Segment]:
        capture = self._rows[row]
        widths = column_widths(width)
        plain = style if top is None else style + top
        role = {LOADED: "loaded", FAILED: "failed", PENDING: "pending"}.get(capture.state)
        styles = [plain] * len(COLUMNS)
        if role is not None:  # a state this version does not know is plain text
            styles[STATE_COLUMN] = style + self.style_of(f"capture-table--{role}", partial=True)
            if top is not None:
                styles[STATE_COLUMN] += top
        segments = [Segment(_padded(fit(text, cells, column.right)), cell_style)
                    for text, column, cells, cell_style
                    in zip(row_cells(capture, self._clock(), self.pending_window), COLUMNS, widths, styles)
                    if cells]
        used = sum(cells + 2 * CELL_PADDING for cells in widths if cells)
        if used < width:
            segments.append(Segment(" " * (width - used), plain))
        return segments


def _padded(text: str) -> str:
    return " " * CELL_PADDING + text + " " * CELL_PADDING
