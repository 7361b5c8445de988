"""What each column of the history list shows, as plain text: pure, no Textual, so the list
widget only lays the cells out and paints them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size

from explorer.presentation import formatting as fmt
from explorer.store.queries import COUNT_CAP, MIN_INDEXED_QUERY, searched_text, searches_content
from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from explorer.store.queries import HistoryFilter
    from explorer.store.schema import HistoryRow

SORT_LABELS = {"time": "time", "cost": "cost", "latency": "latency", "fetched": "fetch time"}


@dataclass(frozen=True)
class FailedEntry:
    """A batch failure of this session: not in the store, listed so it is not forgotten."""

    id: str
    error: str


class Column(NamedTuple):
    """A column: its key, header label, width in cells at the narrowest, alignment, the sort
    it shows, the most it grows to (when its cells are that wide) and its rank: 0 is always
    shown, the others are shown by rank while there is room (the sorted column always)."""

    key: str
    label: str
    width: int
    right: bool
    sort: str | None
    widest: int
    rank: int


COLUMNS: tuple[Column, ...] = (
    Column("mark", "", 2, False, None, 2, 0),
    Column("time", "Created", 16, False, "time", 16, 0),
    Column("fetched", "Fetched", 16, False, "fetched", 16, 8),
    Column("model", "Model", 20, False, None, 64, 0),
    Column("provider", "Provider", 10, False, None, 32, 1),
    Column("cost", "Cost", 10, True, "cost", 12, 2),
    Column("latency", "Latency", 8, True, "latency", 10, 6),
    Column("tokens", "Tokens in → out", 15, False, None, 19, 3),
    Column("attempts", "Attempts", 8, True, None, 10, 5),
    Column("status", "Status", 6, False, None, 16, 4),
    Column("id", "ID", 20, False, None, 48, 7),
)
CELL_PADDING = 1  # cells each side of every column
MODEL = next(index for index, column in enumerate(COLUMNS) if column.key == "model")
COMFORTABLE_MODEL = 22
"""The model column's width before columns of a lower rank are shown (it takes what is left
after them, up to its widest cell): most model names fit."""
MIN_MODEL = 8
"""The model column gives way down to this when even the always-shown columns do not fit."""

Cell = tuple[str, str]
"""A cell's text and its role: "" (plain), "muted", "warning", "failed" or "mark"."""

NARROWEST = tuple(c.width for c in COLUMNS)
"""Cell widths of an empty list (what `content_widths` of no entries gives)."""


@lru_cache(maxsize=64)
def column_widths(available: int, wanted: tuple[int, ...] = NARROWEST,
                  sort: str = "time") -> tuple[int, ...]:
    """Each column's width (padding excluded; 0: not shown) in a list `available` cells wide.

    `wanted` is how wide each column's cells are (`content_widths`). The always-shown columns
    and the one of the `sort` are shown as wide as their cells (the model column up to
    `COMFORTABLE_MODEL`); then the others by rank, each only if it fits as wide as its cells
    (a number: as its narrowest): a column is left out rather than cut. The model column
    takes the room left, up to its widest cell."""
    def room_for(index: int, most: int = 10**6) -> int:
        column = COLUMNS[index]
        header = cell_len(column.label) + 2 if column.sort == sort else 0  # "Latency ↓"
        return min(most, column.widest, max(column.width, wanted[index], header))

    widths = [0] * len(COLUMNS)
    for index, column in enumerate(COLUMNS):
        if column.rank == 0 or column.sort == sort:
            widths[index] = room_for(index, COMFORTABLE_MODEL if index == MODEL else 10**6)

    def spare() -> int:
        return available - row_width(widths)

    if spare() < 0:  # not even those: the model column gives way (to a point)
        widths[MODEL] = max(MIN_MODEL, widths[MODEL] + spare())
    for index in sorted(range(len(COLUMNS)), key=lambda i: COLUMNS[i].rank):
        if widths[index] == 0:
            width = room_for(index)
            if spare() < width + 2 * CELL_PADDING and COLUMNS[index].right:
                width = COLUMNS[index].width  # a number loses its last digits, not its sense
            if spare() < width + 2 * CELL_PADDING:
                break
            widths[index] = width
    widths[MODEL] += max(0, min(spare(), room_for(MODEL) - widths[MODEL]))
    return tuple(widths)


def row_width(widths: Sequence[int]) -> int:
    """Cells a row of columns `widths` (0: not shown) takes, padding included."""
    return sum(width + 2 * CELL_PADDING for width in widths if width)


def content_widths(entries: Iterable[HistoryRow | FailedEntry],
                   wanted: tuple[int, ...] = NARROWEST) -> tuple[int, ...]:
    """How wide each column's cells are for `entries`, at least `wanted` (the widths of the
    entries shown before, when entries are added)."""
    widest = list(wanted)
    for entry in entries:
        for index, (text, _role) in enumerate(row_cells(entry, "", times=False)):
            size = len(text)
            if size > widest[index] or not text.isascii():  # (cells ≠ characters: not ASCII)
                widest[index] = max(widest[index], cell_len(text))
    return tuple(widest)


MIN_WIDTH = max(row_width(column_widths(0, NARROWEST, c.sort)) for c in COLUMNS if c.sort)
"""The narrowest row (the always-shown columns and a sorted one): narrower lists scroll sideways."""


def header_label(column: Column, sort: str, descending: bool, width: int) -> str:
    """The header text; the sorted column shows its direction (closer up when narrow)."""
    if column.sort is None or column.sort != sort:
        return column.label
    arrow = "↓" if descending else "↑"
    spaced = f"{column.label} {arrow}"
    return spaced if cell_len(spaced) <= width else f"{column.label}{arrow}"


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` in exactly `width` cells, padded left (`right`) or right. Text too long is cut
    with an ellipsis; a right-aligned number only loses its last digits ($0.00094537 in 10
    cells: $0.0009453)."""
    size = cell_len(text)
    if size > width:
        if right:
            return set_cell_size(text, width)
        return set_cell_size(text, width - 1) + "…" if width > 0 else ""
    padding = " " * (width - size)
    return padding + text if right else text + padding


def row_cells(entry: HistoryRow | FailedEntry, mark: str, *, times: bool = True) -> list[Cell]:
    """The cells of one row, in `COLUMNS` order (network text is made one safe line; `fit`
    cuts it to width). Without `times`, the time cells (always 16 cells wide) are left blank."""
    generation_id = one_line(entry.id, 200)
    if isinstance(entry, FailedEntry):
        return [(mark, "mark"), ("not stored", "failed"), ("", ""), (generation_id, "failed"),
                (fmt.DASH, "muted"), ("", ""), ("", ""), ("", ""), ("", ""),
                (one_line(entry.error, 200), "failed"), (generation_id, "failed")]
    attempts = attempts_text(entry)
    return [
        (mark, "mark"),
        (created_text(entry) if times else "", ""),
        (fetched_text(entry) if times else "", ""),
        (one_line(fmt.text(entry.model), 200), ""),
        (one_line(fmt.text(entry.provider), 200), ""),
        _number(fmt.usd(entry.total_cost)),
        _number(fmt.millis(entry.latency)),
        (tokens_text(entry), ""),
        (attempts, "muted" if attempts == fmt.DASH else "warning" if entry.failures else ""),
        (one_line(fmt.text(entry.status), 200), ""),
        (generation_id, "muted"),
    ]


def _number(value: str) -> Cell:
    return value, "muted" if value == fmt.DASH else ""


FILTER_PLACEHOLDER = "Filter: ID, model, provider, session, or any text of the content  (/)"
FILTER_COVERS = "IDs, model, provider and every message, the completion and the reasoning in full"
"""What a filter of `MIN_INDEXED_QUERY` characters or more searches."""
SHORT_QUERY_NOTE = f"under {MIN_INDEXED_QUERY} characters: IDs, model and provider only"


def filter_text(history_filter: HistoryFilter) -> str:
    """`matching "claude" · session s-1`, or `all generations`; a query too short to search
    the content says so."""
    parts = []
    query = searched_text(history_filter.query)
    if query:
        short = "" if searches_content(query) else f" ({SHORT_QUERY_NOTE})"
        parts.append(f'matching "{one_line(query, 40)}"{short}')
    if history_filter.session_id:
        parts.append(f"session {one_line(history_filter.session_id, 40)}")
    if history_filter.request_id:
        parts.append(f"request {one_line(history_filter.request_id, 40)}")
    return " · ".join(parts) or "all generations"


def detail_text(entry: HistoryRow | FailedEntry | None, history_filter: HistoryFilter) -> str:
    """The line under the list: the highlighted generation's ID, session, request and fetch
    time; for an empty list, why (and, for a search, what it searched)."""
    if entry is None:
        if not history_filter.narrowed:
            return "Nothing listed yet."
        query = searched_text(history_filter.query)
        if not query:
            return "Nothing matches."
        if not searches_content(query):
            return (f"Nothing matches: a filter under {MIN_INDEXED_QUERY} characters searches IDs,"
                    " model and provider only.")
        return f"Nothing matches: the filter searches {FILTER_COVERS}."
    if isinstance(entry, FailedEntry):
        return (f"{one_line(entry.id, 60)} · {one_line(entry.error, 120)} · not stored"
                " · enter or f tries again")
    parts = [one_line(entry.id, 60)]
    if entry.session_id:
        parts.append(f"session {one_line(entry.session_id, 40)}")
    if entry.request_id:
        parts.append(f"request {one_line(entry.request_id, 40)}")
    parts.append(f"fetched {_fetched_time(entry)}")
    return " · ".join(parts)


def sort_text(history_filter: HistoryFilter) -> str:
    """`sorted by cost ↓`."""
    arrow = "↓" if history_filter.descending else "↑"
    return f"sorted by {SORT_LABELS.get(history_filter.sort, history_filter.sort)} {arrow}"


def fetched_note(fetched_at: float) -> str:
    """`from history · fetched <local time>`: where a generation opened from the store came from."""
    from datetime import datetime, timezone

    return f"from history · fetched {fmt.local_time(datetime.fromtimestamp(fetched_at, timezone.utc))}"


def count_text(total: int | None, shown: int) -> str:
    """`19 generations`, `200 of 10,000+ shown`."""
    if total is None:
        return f"{shown:,} shown"
    amount = f"{COUNT_CAP:,}+" if total > COUNT_CAP else f"{total:,}"
    noun = "generation" if total == 1 else "generations"
    return f"{amount} {noun}" if shown >= total else f"{shown:,} of {amount} {noun} shown"


def created_text(row: HistoryRow) -> str:
    """Local creation time to the minute, `2026-11-28 14:03`."""
    created = fmt.parse_timestamp(row.created_at)
    return fmt.local_time(created)[:16] if created else fmt.DASH


def fetched_text(row: HistoryRow) -> str:
    """Local time it was fetched, to the minute, `2026-11-28 14:05` (what `w` sorts by)."""
    return _fetched_time(row)[:16]


def _fetched_time(row: HistoryRow) -> str:
    from datetime import datetime, timezone

    return fmt.local_time(datetime.fromtimestamp(row.fetched_at, timezone.utc))


def tokens_text(row: HistoryRow) -> str:
    """`1,204 → 356`: prompt → completion tokens."""
    return f"{fmt.count(row.tokens_prompt)} → {fmt.count(row.tokens_completion)}"


def attempts_text(row: HistoryRow) -> str:
    """`3` or `3 (2✗)` when some attempts failed."""
    return f"{row.attempts} ({row.failures}✗)" if row.failures else str(row.attempts)
