"""What the history pane asks the store for, and what one page of answers holds.

Pure and synchronous (no Textual): the pane runs `read_page` in a worker thread, and the
provider statistics screen reads the same filter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from explorer.presentation import formatting as fmt
from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from explorer.store.schema import HistoryRow

PAGE_SIZE = 200
COUNT_CAP = 10_000
SORT_LABELS = {"time": "time", "cost": "cost", "latency": "latency", "fetched": "fetch time"}


@dataclass(frozen=True)
class HistoryFilter:
    """Text filter, session / request ID filter and sort order of the history pane."""

    query: str = ""
    sort: str = "time"
    descending: bool = True
    session_id: str | None = None
    request_id: str | None = None

    def sorted_by(self, sort: str) -> HistoryFilter:
        """Sort by `sort`, descending first; asking for the current sort flips the direction."""
        if sort == self.sort:
            return replace(self, descending=not self.descending)
        return replace(self, sort=sort, descending=True)

    @property
    def narrowed(self) -> bool:
        """True when some generations are filtered out."""
        return bool(self.query.strip() or self.session_id or self.request_id)

    def store_filters(self) -> dict[str, Any]:
        """The keyword arguments `HistoryStore.list/count/attempt_rows` filter with."""
        return {"query": self.query, "session_id": self.session_id, "request_id": self.request_id}

    def describe(self) -> str:
        """`matching "claude" · session s-1`, or `all generations`."""
        parts = []
        if self.query.strip():
            parts.append(f'matching "{one_line(self.query.strip(), 40)}"')
        if self.session_id:
            parts.append(f"session {one_line(self.session_id, 40)}")
        if self.request_id:
            parts.append(f"request {one_line(self.request_id, 40)}")
        return " · ".join(parts) or "all generations"

    def sort_text(self) -> str:
        """`sorted by cost ↓`."""
        return f"sorted by {SORT_LABELS.get(self.sort, self.sort)} {'↓' if self.descending else '↑'}"


@dataclass(frozen=True)
class HistoryPage:
    """Rows `offset`… of a filter, and (first page only) how many match in all."""

    rows: list[HistoryRow]
    offset: int
    total: int | None
    has_more: bool


def read_page(store: Any, history_filter: HistoryFilter, offset: int = 0,
              limit: int = PAGE_SIZE) -> HistoryPage:
    """One page from `store` (blocking: call it from a thread). One extra row is read to
    know whether there is more."""
    if store is None:
        return HistoryPage([], offset, 0, False)
    rows = store.list(sort=history_filter.sort, descending=history_filter.descending,
                      limit=limit + 1, offset=offset, **history_filter.store_filters())
    total = None
    if offset == 0:
        total = store.count(cap=COUNT_CAP, **history_filter.store_filters())
    return HistoryPage(rows[:limit], offset, total, len(rows) > limit)


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
