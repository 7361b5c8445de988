"""`HistoryTable`: the rows of the history pane (stored generations, and this session's batch
failures), one line each; it only renders what the pane gives it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from explorer.analysis import formatting as fmt
from explorer.text import one_line
from explorer.history_query import (
    HistoryFilter,
    attempts_text,
    created_text,
    tokens_text,
)

if TYPE_CHECKING:
    from explorer.store.schema import HistoryRow


@dataclass(frozen=True)
class FailedEntry:
    """A batch failure of this session: not in the store, listed so it is not forgotten."""

    id: str
    error: str


# (key, label, width, right-aligned, sort it shows)
COLUMNS: tuple[tuple[str, str, int, bool, str | None], ...] = (
    ("mark", "", 2, False, None),
    ("time", "Created", 16, False, "time"),
    ("model", "Model", 22, False, None),
    ("provider", "Provider", 12, False, None),
    ("cost", "Cost", 10, True, "cost"),
    ("latency", "Latency", 8, True, "latency"),
    ("tokens", "Tokens in → out", 15, False, None),
    ("attempts", "Attempts", 8, True, None),
    ("status", "Status", 9, False, None),
)


class HistoryTable(DataTable):
    """One row per generation; `FailedEntry` rows in the error colour, the two marked for
    comparison as A and B, batch results of this session as ✓ / ✗."""

    COMPONENT_CLASSES = {"history-table--failed", "history-table--mark",
                         "history-table--muted", "history-table--warning"}

    DEFAULT_CSS = """
    HistoryTable {
        .history-table--failed { color: $text-error; }
        .history-table--mark { color: $text-accent; text-style: bold; }
        .history-table--muted { color: $text-muted; }
        .history-table--warning { color: $text-warning; }
    }
    """

    BINDINGS = [
        Binding("enter", "screen.open", "Open", id="history-open",
                tooltip="Show the highlighted generation from the history (no request)"),
    ]

    class EndReached(Message):
        """The user scrolled or moved to the last row: time to load more, if there is more."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._entries: dict[str, HistoryRow | FailedEntry] = {}
        self._marks: Callable[[str], str] = lambda generation_id: ""

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._scrolled, init=False)
        self.watch(self.app, "theme", self._rerender, init=False)

    def set_columns(self, history_filter: HistoryFilter) -> None:
        """(Re)create the columns; the sorted one shows its direction."""
        self.clear(columns=True)
        arrow = " ↓" if history_filter.descending else " ↑"
        for key, label, width, right, sort in COLUMNS:
            shown = label + arrow if sort == history_filter.sort else label
            self.add_column(Text(shown, justify="right" if right else "left"), width=width, key=key)

    def show(self, entries: Sequence[HistoryRow | FailedEntry], marks: Callable[[str], str], *,
             append: bool = False) -> None:
        """Show `entries` (after the current rows with `append`), keeping the cursor on the
        same generation when it is still listed. `marks(id)` is the mark column's text."""
        self._marks = marks
        highlighted = self.highlighted_key()
        if not append:
            self.clear()
            self._entries = {}
        for entry in entries:
            key = _key(entry)
            if key in self._entries:
                continue  # a row can shift to the next page while paging: list it once
            self._entries[key] = entry
            self.add_row(*self._cells(entry), key=key)
        if not append and highlighted in self._entries:
            self.move_cursor(row=self.get_row_index(highlighted), animate=False)

    def refresh_marks(self) -> None:
        """Redraw the mark column (after marking a row for comparison)."""
        for key, entry in self._entries.items():
            self.update_cell(key, "mark", self._mark_cell(entry))

    def highlighted_key(self) -> str | None:
        """Row key of the highlighted row, or None when the table is empty."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def highlighted(self) -> HistoryRow | FailedEntry | None:
        """The highlighted entry, or None when the table is empty."""
        key = self.highlighted_key()
        return None if key is None else self._entries.get(key)

    def entries(self) -> Iterable[HistoryRow | FailedEntry]:
        """Every entry listed, in order."""
        return self._entries.values()

    # -- rendering -----------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"history-table--{name}", partial=True)

    def _mark_cell(self, entry: HistoryRow | FailedEntry) -> Text:
        return Text(self._marks(entry.id), style=self._style("mark"), no_wrap=True)

    def _cells(self, entry: HistoryRow | FailedEntry) -> list[Text]:
        if isinstance(entry, FailedEntry):
            failed = self._style("failed")
            return [
                self._mark_cell(entry),
                Text("not stored", style=failed),
                _text(entry.id, 22, failed),
                Text(fmt.DASH, style=self._style("muted")),
                *(Text("") for _ in range(4)),
                _text(entry.error, 200, failed),
            ]
        muted = self._style("muted")
        return [
            self._mark_cell(entry),
            Text(created_text(entry)),
            _text(fmt.text(entry.model), 22),
            _text(fmt.text(entry.provider), 12),
            _number(fmt.usd(entry.total_cost), muted),
            _number(fmt.millis(entry.latency), muted),
            _text(tokens_text(entry), 15),
            _number(attempts_text(entry), muted,
                    self._style("warning") if entry.failures else Style()),
            _text(fmt.text(entry.status), 9),
        ]

    def _rerender(self) -> None:
        """Theme changed: rendered styles come from the theme, so render the rows again."""
        self.app.call_after_refresh(self._rerender_rows)

    def _rerender_rows(self) -> None:
        for key, entry in self._entries.items():
            for (column, *_), cell in zip(COLUMNS, self._cells(entry)):
                self.update_cell(key, column, cell)

    def _scrolled(self, scroll_y: float) -> None:
        if self.row_count and scroll_y >= self.max_scroll_y:
            self.post_message(self.EndReached())

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.row_count - 1:
            self.post_message(self.EndReached())


def _key(entry: HistoryRow | FailedEntry) -> str:
    return ("failed:" if isinstance(entry, FailedEntry) else "stored:") + entry.id


def _text(value: str, limit: int, style: Style | str = "") -> Text:
    """Network text as plain data (never markup), one line, cut to `limit`."""
    return Text(one_line(value, limit=limit), style=style, no_wrap=True, end="")


def _number(value: str, muted: Style, style: Style | str = "") -> Text:
    return Text(value, style=muted if value == fmt.DASH else style, justify="right", no_wrap=True)
