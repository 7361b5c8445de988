"""What each column of the history list shows, as plain text: pure, no Textual, so the list
widget only lays the cells out and paints them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size

from explorer.presentation import formatting as fmt
from explorer.store.queries import COUNT_CAP
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
    """A column: its key, header label, width in cells, alignment and the sort it shows."""

    key: str
    label: str
    width: int
    right: bool
    sort: str | None


COLUMNS: tuple[Column, ...] = (
    Column("mark", "", 2, False, None),
    Column("time", "Created", 16, False, "time"),
    Column("model", "Model", 22, False, None),
    Column("provider", "Provider", 12, False, None),
    Column("cost", "Cost", 10, True, "cost"),
    Column("latency", "Latency", 8, True, "latency"),
    Column("tokens", "Tokens in → out", 15, False, None),
    Column("attempts", "Attempts", 8, True, None),
    Column("status", "Status", 9, False, None),
)
CELL_PADDING = 1  # cells each side of every column
FLEXIBLE = 2  # the model column gives up (or takes) width to fit the list's width
MIN_FLEXIBLE, MAX_FLEXIBLE = 12, 48

Cell = tuple[str, str]
"""A cell's text and its role: "" (plain), "muted", "warning", "failed" or "mark"."""


@lru_cache(maxsize=16)
def column_widths(available: int) -> tuple[int, ...]:
    """Column widths (padding excluded) for a list `available` cells wide: the model column
    shrinks or grows so the row fits when it can; narrower lists scroll sideways."""
    widths = [column.width for column in COLUMNS]
    natural = sum(widths) + 2 * CELL_PADDING * len(widths)
    flexible = widths[FLEXIBLE] + available - natural
    widths[FLEXIBLE] = max(MIN_FLEXIBLE, min(MAX_FLEXIBLE, flexible))
    return tuple(widths)


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


def row_cells(entry: HistoryRow | FailedEntry, mark: str) -> list[Cell]:
    """The cells of one row (network text is made one safe line; `fit` cuts it to width)."""
    if isinstance(entry, FailedEntry):
        return [(mark, "mark"), ("not stored", "failed"), (one_line(entry.id, 200), "failed"),
                (fmt.DASH, "muted"), ("", ""), ("", ""), ("", ""), ("", ""),
                (one_line(entry.error, 200), "failed")]
    attempts = attempts_text(entry)
    return [
        (mark, "mark"),
        (created_text(entry), ""),
        (one_line(fmt.text(entry.model), 200), ""),
        (one_line(fmt.text(entry.provider), 200), ""),
        _number(fmt.usd(entry.total_cost)),
        _number(fmt.millis(entry.latency)),
        (tokens_text(entry), ""),
        (attempts, "muted" if attempts == fmt.DASH else "warning" if entry.failures else ""),
        (one_line(fmt.text(entry.status), 200), ""),
    ]


def _number(value: str) -> Cell:
    return value, "muted" if value == fmt.DASH else ""


def filter_text(history_filter: HistoryFilter) -> str:
    """`matching "claude" · session s-1`, or `all generations`."""
    parts = []
    if history_filter.query.strip():
        parts.append(f'matching "{one_line(history_filter.query.strip(), 40)}"')
    if history_filter.session_id:
        parts.append(f"session {one_line(history_filter.session_id, 40)}")
    if history_filter.request_id:
        parts.append(f"request {one_line(history_filter.request_id, 40)}")
    return " · ".join(parts) or "all generations"


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


def tokens_text(row: HistoryRow) -> str:
    """`1,204 → 356`: prompt → completion tokens."""
    return f"{fmt.count(row.tokens_prompt)} → {fmt.count(row.tokens_completion)}"


def attempts_text(row: HistoryRow) -> str:
    """`3` or `3 (2✗)` when some attempts failed."""
    return f"{row.attempts} ({row.failures}✗)" if row.failures else str(row.attempts)
