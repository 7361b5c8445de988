"""What the history pane asks the store for, and what one page of answers holds.

Pure and synchronous (no Textual): the pane runs `read_page` in a worker thread, and the
provider statistics screen reads the same filter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from explorer.store.schema import HistoryRow

PAGE_SIZE = 200
MIN_INDEXED_QUERY = 3
"""Text queries shorter than this search the IDs, model and provider only (the content's
substring index needs three characters); longer ones search the whole content as well."""
COUNT_CAP = 10_000
"""Default cap of `HistoryStore.count`: counting every match of a very common search word costs
time proportional to the matches, so counting stops at `COUNT_CAP + 1` ("10,000+")."""


def searched_text(query: str) -> str:
    """A text query as searched: NUL characters dropped, surrounding blanks trimmed."""
    return query.replace("\x00", "").strip()


def searches_content(query: str) -> bool:
    """True when the text query is long enough to search the content too (see
    `MIN_INDEXED_QUERY`), not only the IDs, model and provider."""
    return len(searched_text(query)) >= MIN_INDEXED_QUERY


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
