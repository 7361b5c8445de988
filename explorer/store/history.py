"""Persistent history of looked-up generations, in SQLite.

Plain stdlib: no Textual import, usable from worker threads (every call takes
an internal lock; run calls through ``asyncio.to_thread`` from the UI).

Failure policy: the store never raises for storage trouble, and never loses a
write without saying so. Opening a corrupt file moves it aside; a file that
exists but cannot be written (read-only file, directory or file system), or
that a newer version wrote, is opened read-only (``writable`` False). A write
that meets a lock held by another process, a full disk or an I/O error is
tried again with backoff (:class:`WritePolicy`) and then given up: it returns
why ("Not saved to history: database is locked") and the store stays usable.
Any other SQLite error disables the store (reads return empty). Whenever the
store cannot write, every write returns :attr:`HistoryStore.warning`, a
one-line message for the UI; only the deliberate ``path=None`` returns None.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from explorer.store import database, schema, writes
from explorer.store.database import (
    WritePolicy,
    describe_error,
    is_corrupt_error,
    is_read_only_error,
    is_transient_error,
    move_aside,
    open_file,
)
from explorer.store.queries import COUNT_CAP, MIN_INDEXED_QUERY, searched_text
from explorer.store.schema import AttemptRow, HistoryRow, StoredGeneration
from explorer.store.search import SearchTables, count_text_matches, text_clause

T = TypeVar("T")

SHRINK_AFTER_CHARS = 1_000_000
"""After saving a generation this big, the connection's page cache (up to 32 MiB, full of the
pages just written) is given back: a big lookup's save would otherwise stay in the app's RSS."""

SORTS = {
    "time": "sort_time",
    "cost": "total_cost",
    "latency": "latency",
    "tokens": "tokens_total",
    "fetched": "fetched_at",
}
"""Sort keys accepted by :meth:`HistoryStore.list` and the column each uses."""


class HistoryStore:
    """SQLite history of generations (WAL mode, one transaction per write).

    Create it with :meth:`open`. ``enabled`` is False when history is off
    (no path, an unusable location, or an earlier SQLite error); ``warning``
    then explains why, in one line, except for the deliberate ``path=None``.
    ``writable`` is False as well for a history opened read-only (``enabled``,
    ``warning`` says so). Write methods return None once committed, else why not.
    """

    def __init__(self, path: Path | None, conn: sqlite3.Connection | None, fts: bool, warning: str | None,
                 *, policy: WritePolicy = WritePolicy(), writable: bool | None = None):
        """Use :meth:`open` instead."""
        self.path = path
        self.warning = warning
        self.enabled = conn is not None
        self.writable = self.enabled if writable is None else writable and self.enabled
        self.policy = policy
        self._conn = conn
        self._fts = fts
        self._tables = SearchTables.of(conn, fts)
        self._lock = threading.RLock()
        self._writes = 0  # own commits; with PRAGMA data_version, tells if data changed
        self._count_hint: tuple[tuple, int] | None = None  # (filters + data version, match count)
        self._giving_up = False  # the last write gave up: the next one tries once, not `policy.tries` times

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None, policy: WritePolicy | None = None) -> "HistoryStore":
        """Open (creating if needed) the history at ``path``; never raises for storage trouble.

        ``policy`` says how long a write waits for a lock and how often it is tried.
        """
        if path is None:
            return cls(None, None, False, None)
        policy = policy or database.DEFAULT_WRITE_POLICY
        opened = open_file(Path(path), policy)
        return cls(Path(path), opened.conn, opened.fts, opened.warning, policy=policy, writable=opened.writable)

    # --- plumbing ------------------------------------------------------------------------

    def _fail(self, exc: BaseException, action: str) -> str:
        """Disable the store after an SQLite error; a damaged file is also moved aside."""
        read_only = not self.writable
        self.close()
        self.warning = f"History disabled: could not {action} ({describe_error(exc)})"
        if is_corrupt_error(exc) and self.path is not None and not read_only:
            try:
                moved = move_aside(self.path)
                self.warning += f"; moved the damaged file to {moved}"
            except OSError:
                pass
        return self.warning

    def _read(self, default: T, action: str, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            if not self.enabled or self._conn is None:
                return default
            try:
                return fn(self._conn)
            except sqlite3.Error as exc:
                if str(exc).startswith("fts5:"):  # a query the index rejects: no match, not a storage fault
                    return default
                self._fail(exc, action)
                return default

    def _write(self, action: str, fn: Callable[[sqlite3.Connection], None], *,
               failure: str | None = None, retry: bool = True) -> str | None:
        """Run ``fn`` in one write transaction, tried again per the policy while the failure is
        transient (if ``retry``); None once committed, else why not (``failure``: how that
        message starts, by default "Could not <action>")."""
        failure = failure or f"Could not {action}"
        tries = 1 if self._giving_up or not retry else max(1, self.policy.tries)
        reason = ""
        for attempt in range(1, tries + 1):
            with self._lock:
                if self._conn is None or not self.writable:
                    if self.path is None:
                        return None  # history is off on purpose: nothing is lost
                    return self.warning or f"{failure}: the history is closed"
                try:
                    self._transaction(self._conn, fn)
                except sqlite3.Error as exc:
                    if is_read_only_error(exc):
                        self.writable = False
                        self.warning = f"History is read-only: {describe_error(exc)}; new lookups are not saved"
                        return self.warning
                    if not is_transient_error(exc):
                        return self._fail(exc, action)
                    reason = describe_error(exc)
                else:
                    self._giving_up = False
                    return None
            if attempt < tries:
                time.sleep(self.policy.delay(attempt))
        self._giving_up = True
        return f"{failure}: {reason}"

    def _transaction(self, conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], None]) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._writes += 1
            fn(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # --- writes --------------------------------------------------------------------------

    def save(self, generation: dict, content: dict | None, fetched_at: float | None = None) -> str | None:
        """Insert or replace one generation (by its ``id``) with its content.

        ``content=None`` means "not available": content saved earlier for the
        same id is kept. Raises ValueError if the generation has no string id.
        Returns None once committed, else why it was not saved.
        """
        return self.save_many([(generation, content)], fetched_at)

    def save_many(self, items: Iterable[tuple], fetched_at: float | None = None) -> str | None:
        """Save several generations in one transaction (same rules as :meth:`save`).

        Each item is ``(generation, content)`` or ``(generation, content, fetched_at)`` (its own
        fetch time; else ``fetched_at``, else now). ``items`` may be a generator (bulk seeding
        without holding everything in memory) if no retry is needed: a retried transaction
        needs a list. A ValueError for an item without id rolls back the whole batch. Returns
        None once all are committed, else why none was saved.
        """
        when = time.time() if fetched_at is None else float(fetched_at)
        largest = [0]

        def run(conn: sqlite3.Connection) -> None:
            largest[0] = writes.write_generations(conn, items, when, self._fts)

        failed = self._write("save to history", run, failure="Not saved to history",
                             retry=isinstance(items, (list, tuple)))  # a generator is consumed by one try
        if largest[0] >= SHRINK_AFTER_CHARS:
            self._read(None, "free the history's cache", lambda conn: conn.execute("PRAGMA shrink_memory"))
        return failed

    def clear(self) -> str | None:
        """Remove every generation. Returns None once committed, else why not."""

        def run(conn: sqlite3.Connection) -> None:
            for table in ("generations", "payloads", "attempts", "search_docs", "search_full", "captures"):
                conn.execute(f"DELETE FROM {table}")
            if self._fts:
                conn.execute("INSERT INTO search (search) VALUES ('delete-all')")

        return self._write("clear history", run, failure="History not cleared")

    def close(self) -> None:
        """Close the database; the store then behaves as disabled (without a warning)."""
        with self._lock:
            conn, self._conn = self._conn, None
            self.enabled = self.writable = False
            if conn is not None:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass

    def __enter__(self) -> "HistoryStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- reads ---------------------------------------------------------------------------

    def missing_ids(self, generation_ids: list[str]) -> list[str]:
        """The IDs among `generation_ids` that are not stored (all of them when disabled)."""

        def run(conn: sqlite3.Connection) -> list[str]:
            marks = ",".join("?" * len(generation_ids))
            found = {r[0] for r in conn.execute(
                f"SELECT id FROM generations WHERE id IN ({marks})", generation_ids)}
            return [i for i in generation_ids if i not in found]

        if not generation_ids:
            return []
        return self._read(list(generation_ids), "read history", run)

    def get(self, generation_id: str) -> StoredGeneration | None:
        """Return the saved generation and content with this id, or None."""

        def run(conn: sqlite3.Connection) -> StoredGeneration | None:
            row = conn.execute(
                "SELECT p.generation_json, p.content_json, g.fetched_at"
                " FROM generations g JOIN payloads p ON p.pk = g.pk WHERE g.id = ?",
                (schema.storable(generation_id),),
            ).fetchone()
            if row is None:
                return None
            content = None if row[1] is None else json.loads(row[1])
            return StoredGeneration(json.loads(row[0]), content, row[2])

        return self._read(None, "read history", run)

    def _filter_key(
        self, conn: sqlite3.Connection, query: str, session_id: str | None, request_id: str | None
    ) -> tuple:
        """Identify a filter over the current data (changes with any commit, ours or another's)."""
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        return (searched_text(query), session_id, request_id, self._writes, version)

    def _filters(
        self, conn: sqlite3.Connection, query: str, session_id: str | None, request_id: str | None,
        wanted: int | None,
    ) -> tuple[list[str], list[Any]]:
        """WHERE clauses (over ``generations g``) and their parameters; ``wanted``: how many
        matching rows the caller reads in sort order (None: all), see ``search.text_clause``."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (("session_id", session_id), ("request_id", request_id)):
            if value is not None:
                clauses.append(f"g.{column} = ?")
                params.append(value)
        text = searched_text(query)
        if text:
            clause, clause_params = text_clause(conn, self._tables, text, clauses, params, wanted)
            clauses.append(clause)
            params.extend(clause_params)
        return clauses, params

    def list(
        self, *, query: str = "", sort: str = "time", descending: bool = True, session_id: str | None = None,
        request_id: str | None = None, limit: int = 200, offset: int = 0,
    ) -> list[HistoryRow]:
        """Return one page of summaries, filtered and sorted.

        ``query`` is a case-insensitive substring searched in the id, model,
        provider, session and request ids and the whole content text (prompt,
        message texts, completion, reasoning). Queries under 3 characters
        search only the metadata columns. ``sort`` is one of :data:`SORTS`
        (ValueError otherwise); missing values sort last either way; a
        generation without ``created_at`` sorts by its fetch time.
        """
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(SORTS)}")
        direction = "DESC" if descending else "ASC"
        columns = ", ".join(f"g.{c}" for c in schema.SUMMARY_COLUMNS)

        def run(conn: sqlite3.Connection) -> list[HistoryRow]:
            key = self._filter_key(conn, query, session_id, request_id)
            clauses, params = self._filters(conn, query, session_id, request_id, limit + offset)
            where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
            rows = conn.execute(
                f"SELECT {columns} FROM generations g {where}"
                f" ORDER BY g.{SORTS[sort]} {direction} NULLS LAST, g.pk {direction} LIMIT ? OFFSET ?",
                [*params, max(0, limit), max(0, offset)],
            ).fetchall()
            if offset <= 0 and len(rows) < limit:  # a short first page: count() is then free
                self._count_hint = (key, len(rows))
            return [HistoryRow(*row[:-1], has_content=bool(row[-1])) for row in rows]

        return self._read([], "read history", run)

    def count(
        self, *, query: str = "", session_id: str | None = None, request_id: str | None = None,
        cap: int | None = COUNT_CAP,
    ) -> int:
        """Count the generations :meth:`list` would return, over all pages.

        Counting stops at ``cap + 1``: a result above ``cap`` means "more than
        ``cap``" (show e.g. "10,000+"). ``cap=None`` counts exactly, which for
        a common search word over a large history can take a while.
        """

        def run(conn: sqlite3.Connection) -> int:
            hint = self._count_hint
            if hint is not None and hint[0] == self._filter_key(conn, query, session_id, request_id):
                return hint[1] if cap is None else min(hint[1], cap + 1)
            text = searched_text(query)
            limit = "" if cap is None else f" LIMIT {int(cap) + 1}"
            if self._fts and session_id is None and request_id is None and len(text) >= MIN_INDEXED_QUERY:
                return count_text_matches(conn, self._tables, text, cap)
            clauses, params = self._filters(conn, query, session_id, request_id, None if cap is None else cap + 1)
            where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
            sql = f"SELECT count(*) FROM (SELECT 1 FROM generations g {where}{limit})"
            return conn.execute(sql, params).fetchone()[0]

        return self._read(0, "read history", run)

    def attempt_rows(
        self, *, query: str = "", session_id: str | None = None, request_id: str | None = None,
        limit: int | None = None,
    ) -> list[AttemptRow]:
        """Every provider attempt of the generations matching the filters (as in :meth:`list`).

        Ordered by generation (oldest saved first) then attempt index; ``limit``
        bounds the number of attempts returned.
        """

        def run(conn: sqlite3.Connection) -> list[AttemptRow]:
            clauses, params = self._filters(conn, query, session_id, request_id, None)
            where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
            rows = conn.execute(
                "SELECT a.provider, a.status, a.latency, a.is_byok, g.id, a.idx, a.model"
                f" FROM generations g JOIN attempts a ON a.generation_pk = g.pk {where}"
                " ORDER BY g.pk, a.idx LIMIT ?",
                [*params, -1 if limit is None else limit],
            ).fetchall()
            return [
                AttemptRow(p, s, lat, None if byok is None else bool(byok), gid, idx, model)
                for p, s, lat, byok, gid, idx, model in rows
            ]

        return self._read([], "read history", run)
