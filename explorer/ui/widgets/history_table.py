"""`HistoryTable`: the rows of the history pane (stored generations, and this session's batch
failures), one line each; it only renders what the pane gives it.

A `RowList` (Line API): only the rows on screen are drawn, so a page of 200 rows, or a new
filter's page, costs what the thirty lines on screen cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message

from explorer.store.queries import HistoryFilter
from explorer.presentation.history_cells import (
    CELL_PADDING,
    COLUMNS,
    MIN_WIDTH as NARROWEST_ROW,
    NARROWEST,
    FailedEntry,
    column_widths,
    content_widths,
    fit,
    header_label,
    row_cells,
    row_width,
)
from explorer.ui.lines.row_list import RowList

if TYPE_CHECKING:
    from explorer.store.schema import HistoryRow

__all__ = ["COLUMNS", "FailedEntry", "HistoryTable"]

ROLES = ("failed", "mark", "muted", "warning")


class HistoryTable(RowList):
    """One row per generation; `FailedEntry` rows in the error colour, the two marked for
    comparison as A and B, batch results of this session as ✓ / ✗.

    The columns follow the list's width (`history_cells.column_widths`): as wide as the listed
    cells need, the ones that do not fit left out, the sorted column always shown."""

    COMPONENT_CLASSES = {f"history-table--{role}" for role in ROLES}

    DEFAULT_CSS = """
    HistoryTable {
        & > .history-table--failed { color: $text-error; }
        & > .history-table--mark { color: $text-accent; text-style: bold; }
        & > .history-table--muted { color: $text-muted; }
        & > .history-table--warning { color: $text-warning; }
    }
    """

    BINDINGS = [
        Binding("enter", "screen.open", "Open", id="history-open",
                tooltip="Show the highlighted generation from the history (no request)"),
    ]

    MIN_WIDTH = NARROWEST_ROW

    class EndReached(RowList.EndReached):
        """The user scrolled or moved to the last row: time to load more, if there is more."""

    class RowHighlighted(Message):
        """The cursor moved to another row."""

    class RowSelected(Message):
        """The highlighted row was clicked: open it."""

    class HeaderSelected(Message):
        """A sortable column's header was clicked."""

        def __init__(self, sort: str) -> None:
            super().__init__()
            self.sort = sort

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[HistoryRow | FailedEntry] = []
        self._keys: dict[str, int] = {}  # row key → index
        self._marks: Callable[[str], str] = lambda generation_id: ""
        self._sort = ("time", True)
        self._wanted = NARROWEST  # how wide the listed cells are, column by column
        self._to_top = False

    # -- what the pane calls -------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows are listed."""
        return len(self._rows)

    def set_columns(self, history_filter: HistoryFilter) -> None:
        """Show the sort in the header (the sorted column with its direction); the cursor goes
        back to the top, where the newly sorted rows will start."""
        self._sort = (history_filter.sort, history_filter.descending)
        self._to_top = True  # the next `show` does not follow a row of the old order
        self.set_row_count(len(self._rows), 0)

    def show(self, entries: Sequence[HistoryRow | FailedEntry], marks: Callable[[str], str], *,
             append: bool = False) -> None:
        """Show `entries` (after the current rows with `append`), keeping the cursor on the
        same generation when it is still listed. `marks(id)` is the mark column's text."""
        self._marks = marks
        highlighted = self.highlighted_key()
        cursor = self.cursor
        if not append:
            self._rows, self._keys = [], {}
        self._wanted = content_widths(entries, self._wanted if append else NARROWEST)
        for entry in entries:
            key = _key(entry)
            if key in self._keys:
                continue  # a row can shift to the next page while paging: list it once
            self._keys[key] = len(self._rows)
            self._rows.append(entry)
        if not append:
            cursor = 0 if self._to_top or highlighted is None else self._keys.get(highlighted, 0)
            self._to_top = False
        self.set_row_count(len(self._rows), cursor)

    def refresh_marks(self) -> None:
        """Redraw the mark column (after marking a row for comparison)."""
        self.redraw()

    def highlighted_key(self) -> str | None:
        """Row key of the highlighted row, or None when the table is empty."""
        entry = self.highlighted()
        return None if entry is None else _key(entry)

    def highlighted(self) -> HistoryRow | FailedEntry | None:
        """The highlighted entry, or None when the table is empty."""
        return self._rows[self.cursor] if self.cursor < len(self._rows) else None

    def entries(self) -> Iterable[HistoryRow | FailedEntry]:
        """Every entry listed, in order."""
        return iter(self._rows)

    # -- RowList -------------------------------------------------------------------------

    def cursor_moved(self) -> None:
        self.post_message(self.RowHighlighted())

    def row_clicked(self, row: int) -> None:
        self.post_message(self.RowSelected())

    def widths_at(self, width: int) -> tuple[int, ...]:
        """Each column's width (0: not shown) in rows `width` cells wide."""
        return column_widths(max(self.MIN_WIDTH, width), self._wanted, self._sort[0])

    def shown_columns(self) -> list[str]:
        """The keys of the columns shown at the list's present width."""
        widths = self.widths_at(self._rows_width())
        return [column.key for column, width in zip(COLUMNS, widths) if width]

    def header_clicked(self, x: int) -> None:
        for column, width in zip(COLUMNS, self.widths_at(self._rows_width())):
            if not width:
                continue
            x -= width + 2 * CELL_PADDING
            if x < 0:
                if column.sort is not None:
                    self.post_message(self.HeaderSelected(column.sort))
                return

    def render_header(self, width: int, style: Style) -> list[Segment]:
        sort, descending = self._sort
        widths = self.widths_at(width)
        segments = [Segment(_padded(fit(header_label(column, sort, descending, cells), cells,
                                        column.right)), style)
                    for column, cells in zip(COLUMNS, widths) if cells]
        return _filled(segments, widths, width, style)

    def render_row(self, row: int, width: int, style: Style, top: Style | None) -> list[Segment]:
        entry = self._rows[row]
        widths = self.widths_at(width)
        styles = {"": style if top is None else style + top}
        segments: list[Segment] = []
        texts: list[str] = []  # cells of the same style make one segment
        run_style = None
        for (text, role), column, cells in zip(row_cells(entry, self._marks(entry.id)), COLUMNS,
                                               widths):
            if not cells:
                continue
            cell_style = styles.get(role)
            if cell_style is None:
                cell_style = styles[role] = style + self.style_of(f"history-table--{role}",
                                                                  partial=True) + top
            if cell_style is not run_style and texts:
                segments.append(Segment("".join(texts), run_style))
                texts = []
            run_style = cell_style
            texts.append(_padded(fit(text, cells, column.right)))
        segments.append(Segment("".join(texts), run_style))
        return _filled(segments, widths, width, styles[""])

    def _rows_width(self) -> int:
        return max(self.MIN_WIDTH, self.size.width - self._bar_width())


def _key(entry: HistoryRow | FailedEntry) -> str:
    return ("failed:" if isinstance(entry, FailedEntry) else "stored:") + entry.id


def _filled(segments: list[Segment], widths: tuple[int, ...], width: int,
            style: Style) -> list[Segment]:
    """`segments` (cells `fit` to `widths`), then blank up to `width` cells."""
    used = row_width(widths)
    if used < width:
        segments.append(Segment(" " * (width - used), style))
    return segments


def _padded(text: str) -> str:
    return " " * CELL_PADDING + text + " " * CELL_PADDING
