"""Captured generations: IDs the recording proxy or a log follower saw, and their lookups' state.

A capture is recorded *pending* the moment its ID is seen, then marked *loaded* (after its lookup
was saved with the normal :meth:`HistoryStore.save`) or *failed* with a one-line reason. The rows
live in the history database (table ``captures``), so a TUI in another process sees them: the
history is the shared channel, and :meth:`CaptureLog.change_token` tells cheaply whether anything
changed since the last look (``PRAGMA data_version``). No key is ever stored.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from explorer.store.history import HistoryStore

PENDING, LOADED, FAILED = "pending", "loaded", "failed"
MAX_REASON = 500
"""Characters of a failure reason kept (a reason is one line, not a body)."""


@dataclass(frozen=True)
class CaptureRow:
    """One captured generation, with the history's summary once its lookup is saved.

    ``source`` is ``"proxy"`` or ``"follow:<file>"``; ``state`` is pending, loaded or failed (then
    ``reason`` says why); the summary fields are None until the generation is in the history.
    """

    id: str
    captured_at: float
    source: str
    state: str
    reason: str | None
    updated_at: float
    model: str | None = None
    provider: str | None = None
    total_cost: float | None = None
    latency: float | None = None
    attempts: int | None = None
    failures: int | None = None


@dataclass(frozen=True)
class CaptureTotals:
    """Running totals over every capture: how many, in which state, the cost, the slowest."""

    count: int = 0
    pending: int = 0
    loaded: int = 0
    failed: int = 0
    total_cost: float = 0.0
    slowest_latency: float | None = None


_LIST = (
    "SELECT c.id, c.captured_at, c.source, c.state, c.reason, c.updated_at,"
    " g.model, g.provider, g.total_cost, g.latency, g.attempts, g.failures"
    " FROM captures c LEFT JOIN generations g ON g.id = c.id"
    " ORDER BY c.captured_at DESC, c.rowid DESC LIMIT ?"
)
_TOTALS = (
    "SELECT count(*), sum(c.state = 'pending'), sum(c.state = 'loaded'), sum(c.state = 'failed'),"
    " sum(g.total_cost), max(g.latency)"
    " FROM captures c LEFT JOIN generations g ON g.id = c.id"
)


class CaptureLog:
    """The ``captures`` table of one open history (same connection, lock and failure policy).

    Like the store, it never raises for storage trouble: with the history disabled, writes do
    nothing and reads are empty.
    """

    def __init__(self, store: HistoryStore, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._clock = clock

    def use_small_cache(self, kib: int = 2048) -> None:
        """Keep the connection's page cache small. A capture process saves one generation at a
        time, for hours: the store's default cache (sized for bulk loads and searches) would fill
        with written pages as the history grows, and its memory with it."""
        self.store._read(None, "set the cache size",
                         lambda conn: conn.execute(f"PRAGMA cache_size = -{max(64, int(kib))}"))

    def record_captured(self, ids: Iterable[str], source: str) -> list[str]:
        """Record `ids` as captured-pending; return those to look up: new ones, and ones whose
        earlier lookup failed (seen again, they get another chance).

        With the history disabled every ID is returned: the lookups still run.
        """
        ids = list(dict.fromkeys(ids))
        if not ids or not self.store.enabled:
            return ids
        fresh: list[str] = []

        def run(conn: sqlite3.Connection) -> None:
            now = self._clock()
            fresh.clear()  # a retried transaction starts over
            for gen_id in ids:
                cursor = conn.execute(
                    "INSERT INTO captures (id, captured_at, source, state, reason, updated_at)"
                    " VALUES (?1, ?2, ?3, ?4, NULL, ?2) ON CONFLICT (id) DO UPDATE SET"
                    " captured_at = ?2, source = ?3, state = ?4, reason = NULL, updated_at = ?2"
                    " WHERE captures.state = ?5", (gen_id, now, source, PENDING, FAILED))
                if cursor.rowcount:
                    fresh.append(gen_id)

        if self.store._write("record captured generations", run) is not None:
            return ids  # the history just failed: still look them up
        return fresh

    def mark_loaded(self, gen_id: str) -> str | None:
        """The lookup of `gen_id` is saved in the history; returns a warning if this failed."""
        return self._set_state(gen_id, LOADED, None)

    def mark_failed(self, gen_id: str, reason: str) -> str | None:
        """The lookup of `gen_id` failed for `reason` (one line, shortened)."""
        return self._set_state(gen_id, FAILED, " ".join(reason.split())[:MAX_REASON])

    def _set_state(self, gen_id: str, state: str, reason: str | None) -> str | None:
        def run(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE captures SET state = ?, reason = ?, updated_at = ? WHERE id = ?",
                         (state, reason, self._clock(), gen_id))

        return self.store._write("update a captured generation", run)

    def list_captures(self, limit: int = 200) -> list[CaptureRow]:
        """The newest `limit` captures, newest first, each with its history summary if saved."""

        def run(conn: sqlite3.Connection) -> list[CaptureRow]:
            return [CaptureRow(*row) for row in conn.execute(_LIST, (max(0, limit),))]

        return self.store._read([], "read captured generations", run)

    def totals(self) -> CaptureTotals:
        """Counts per state, the summed cost and the slowest latency of every capture."""

        def run(conn: sqlite3.Connection) -> CaptureTotals:
            count, pending, loaded, failed, cost, slowest = conn.execute(_TOTALS).fetchone()
            return CaptureTotals(count, pending or 0, loaded or 0, failed or 0, cost or 0.0, slowest)

        return self.store._read(CaptureTotals(), "read captured generations", run)

    def change_token(self) -> tuple[int, int] | None:
        """A value that changes whenever the history changes, from this process or another
        (``PRAGMA data_version`` plus this connection's own commits): poll it, and re-read only
        when it differs. None when the history is disabled."""
        return self.store._read(
            None, "read history",
            lambda conn: (conn.execute("PRAGMA data_version").fetchone()[0], self.store._writes))
