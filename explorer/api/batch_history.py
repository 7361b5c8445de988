"""Saving a batch's lookups to the history: in groups, off the event loop, nothing lost silently.

`HistoryWriter` collects finished lookups and commits whatever has gathered as one transaction
in a worker thread (`store.save_many`), so thousands of IDs do not pay one transaction each and
the event loop never waits on SQLite. While a group commits, the next one gathers: groups grow
by themselves when the store is slower than the lookups. At most `max_waiting` lookups wait to
be saved; past that, the batch waits for the store (memory stays bounded).

A result is reported only once its row is committed, or with `save_error` saying why it was
not saved (the store has already retried with backoff): a result shown ok is in the history or
flagged, never silently missing.

The store is duck-typed: `save_many(items) -> str | None` with items
`(generation, content, fetched_at)`, returning None once committed, else why not (else `save`
per item, the same way). No store module is imported here (the store sits above the API).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from explorer.api.batch import BatchResult

NOT_SAVED = "Not saved to history"
"""How the store's message for a write it gave up on starts."""

_END = object()


def history_off(store: Any) -> bool:
    """True when there is no history to save to on purpose (no store, or one switched off
    without a warning); a store that cannot write *with* a warning is not off: every row it
    does not save is flagged."""
    if store is None:
        return True
    return getattr(store, "enabled", True) is False and not getattr(store, "warning", None)


class HistoryWriter:
    """Commits finished lookups in groups (see the module docstring); `run` is its task."""

    def __init__(self, store: Any, report: Callable[[BatchResult, float], None], *,
                 max_group: int = 512, max_waiting: int = 1024) -> None:
        self._store = store
        self._report = report  # (result, when it started): called once the row's fate is known
        self._max_group = max_group
        self._queue: asyncio.Queue[Any] = asyncio.Queue(max_waiting)

    async def put(self, result: BatchResult, started: float) -> None:
        """Queue a successful result for saving (waits while `max_waiting` are queued)."""
        await self._queue.put((result, started))

    async def close(self) -> None:
        """No more results: `run` returns once the queued ones are saved and reported."""
        await self._queue.put(_END)

    async def run(self) -> None:
        """Save and report groups until `close`."""
        ended = False
        while not ended:
            group = [await self._queue.get()]
            while len(group) < self._max_group and not self._queue.empty():
                group.append(self._queue.get_nowait())
            if group[-1] is _END:  # close() comes after the last put
                group.pop()
                ended = True
            if not group:
                continue
            lookups = [result.lookup for result, _ in group]
            items = [(lookup.raw_generation, lookup.raw_content, lookup.fetched_at) for lookup in lookups]
            errors = await asyncio.to_thread(save_group, self._store, items)
            for (result, started), error in zip(group, errors):
                result.save_error = error
                self._report(result, started)


def save_group(store: Any, items: list[tuple]) -> list[str | None]:
    """Save `items` in one transaction; per item, None once committed, else why not. An item
    the store rejects (an exception, not a storage warning) does not sink the others: the
    group is then saved one item at a time."""
    save_many = getattr(store, "save_many", None)
    if save_many is None:
        return [_save_one(store.save, item) for item in items]
    try:
        warning = save_many(items)
    except Exception as error:
        if len(items) == 1:
            return [_failure(error)]
        return [_save_one(lambda *item: save_many([item]), item) for item in items]
    return [_warning(warning)] * len(items)


def _save_one(save: Callable[..., Any], item: tuple) -> str | None:
    try:
        return _warning(save(*item))
    except Exception as error:  # a row that cannot be stored must not stop the batch
        return _failure(error)


def _failure(error: Exception) -> str:
    return f"{NOT_SAVED}: {type(error).__name__}: {error}"


def _warning(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def unsaved_reason(save_error: str) -> str:
    """The reason in a store's "Not saved to history: <reason>" (the whole text otherwise)."""
    prefix = NOT_SAVED + ":"
    return save_error[len(prefix):].strip() if save_error.startswith(prefix) else save_error


def unsaved_summary(results: Iterable[BatchResult]) -> str | None:
    """One line: how many successful lookups were not saved to the history, and why, e.g.
    "412 of 500 not saved to history: database is locked"; None when every one was saved."""
    ok = 0
    reasons: Counter[str] = Counter()
    for result in results:
        if result.ok:
            ok += 1
            if result.save_error is not None:
                reasons[unsaved_reason(result.save_error)] += 1
    if not reasons:
        return None
    unsaved = sum(reasons.values())
    ranked = reasons.most_common()
    if len(ranked) == 1:
        why = ranked[0][0]
    else:
        why = "; ".join(f"{reason} ({count:,})" for reason, count in ranked)
    return f"{unsaved:,} of {ok:,} not saved to history: {why}"
