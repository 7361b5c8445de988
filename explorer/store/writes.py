"""Saving generations in few SQLite statements: one multi-row statement per table per chunk.

Why chunks: the sqlite3 module releases the GIL around every statement it runs. During a batch
the history is written by a worker thread beside a busy event loop, and after each statement
that thread waits for the loop to hand the GIL back (~150 µs). Writing a row with six
statements made those waits the batch's bottleneck; a chunk of up to :data:`CHUNK_ROWS` rows
now costs about ten statements in all, whatever its size.

A chunk is written in the caller's transaction exactly as rows saved one by one would be: an
ID already stored keeps its ``pk`` (its attempts and search text are replaced), a new ID gets
the next ``pk`` in input order, an ID repeated in `items` is saved twice in order (the later
wins), and ``content=None`` keeps the content saved earlier.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from explorer.store.derive import dump_json, search_texts, storable, summary_values
from explorer.store.schema import BULK_AFTER, FTS_AUTOMERGE, WRITE_COLUMNS

CHUNK_ROWS = 256
"""Rows written by one multi-row statement."""

CHUNK_CHARS = 16 * 1024 * 1024
"""A chunk is written early once its JSON reaches this many characters (memory stays bounded
when contents are large)."""

_UPDATE_GENERATION = " ON CONFLICT (pk) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in WRITE_COLUMNS)
"""A stored generation is updated in place (its ``pk`` and row stay)."""

_ATTEMPT_COLUMNS = ("generation_pk", "idx", "provider", "status", "latency", "is_byok", "model")


@dataclass
class _Pending:
    """One item to save, its JSON already serialised."""

    id: str
    generation: dict
    content: dict | None
    content_json: str | None
    generation_json: str
    fetched_at: float


def write_generations(conn: sqlite3.Connection, items: Iterable[tuple], when: float, fts: bool) -> int:
    """Insert or replace generations (inside the caller's transaction); see ``HistoryStore.save_many``.

    An item is (generation, content) or (generation, content, fetched_at); `when` is the
    fetch time of items without one. Raises ValueError for a generation without a string id.
    Returns the characters of the largest item's JSON.
    """
    chunk: list[_Pending] = []
    ids: set[str] = set()
    chars = saved = largest = 0
    bulk = False
    for item in items:
        generation, content = item[0], item[1]
        if not isinstance(generation, dict) or not isinstance(generation.get("id"), str) or not generation["id"]:
            raise ValueError("a generation needs a non-empty string 'id' to be saved")
        key = storable(generation["id"])
        if key in ids:  # the earlier save must be stored before this one replaces it
            _write_chunk(conn, chunk, fts)
            chunk, ids, chars = [], set(), 0
        fetched_at = when if len(item) < 3 or item[2] is None else float(item[2])
        pending = _Pending(key, generation, content, None if content is None else dump_json(content),
                           dump_json(generation), fetched_at)
        chunk.append(pending)
        ids.add(key)
        size = len(pending.generation_json) + len(pending.content_json or "")
        chars += size
        largest = max(largest, size)
        saved += 1
        if saved == BULK_AFTER + 1 and fts:  # bulk load: merge index segments less eagerly
            conn.execute("INSERT INTO search (search, rank) VALUES ('automerge', 0)")
            bulk = True
        if len(chunk) >= CHUNK_ROWS or chars >= CHUNK_CHARS:
            _write_chunk(conn, chunk, fts)
            chunk, ids, chars = [], set(), 0
    _write_chunk(conn, chunk, fts)
    if bulk:
        conn.execute(f"INSERT INTO search (search, rank) VALUES ('automerge', {FTS_AUTOMERGE})")
    return largest


def _write_chunk(conn: sqlite3.Connection, chunk: list[_Pending], fts: bool) -> None:
    """Write `chunk` (distinct IDs) with one statement per table."""
    if not chunk:
        return
    marks = _marks(len(chunk))
    found = {row[0]: (row[1], row[2]) for row in conn.execute(
        "SELECT g.id, g.pk, p.content_json IS NOT NULL FROM generations g"
        f" LEFT JOIN payloads p ON p.pk = g.pk WHERE g.id IN ({marks})", [p.id for p in chunk])}
    next_pk = 0
    if len(found) < len(chunk):  # new rows take the next keys, as SQLite would give them
        next_pk = conn.execute("SELECT coalesce(max(pk), 0) FROM generations").fetchone()[0]
    generations: list[Any] = []
    payloads: list[Any] = []
    attempts: list[Any] = []
    docs: list[Any] = []
    full: list[tuple[int, str]] = []
    replaced: list[int] = []
    pks: list[int] = []
    for pending in chunk:
        content, content_json = pending.content, pending.content_json
        if pending.id in found:
            pk, had_content = found[pending.id]
            replaced.append(pk)
            if content is None and had_content:  # "not available": keep what was saved
                content_json = conn.execute("SELECT content_json FROM payloads WHERE pk = ?", (pk,)).fetchone()[0]
                content = json.loads(content_json)
        else:
            next_pk += 1
            pk = next_pk
        pks.append(pk)
        summary = summary_values(pending.generation, content, pending.fetched_at)
        generations.append(pk)
        generations.extend(summary[c] for c in WRITE_COLUMNS)
        payloads.extend((pk, pending.generation_json, content_json))
        for attempt in summary["attempt_rows"]:
            attempts.append(pk)
            attempts.extend(attempt)
        indexed, whole = search_texts(summary, content)
        docs.extend((pk, indexed))
        if whole is not None:
            full.append((pk, whole))
    if replaced:
        _remove_derived(conn, replaced, fts)
    _insert(conn, "INSERT INTO generations", ("pk", *WRITE_COLUMNS), generations, _UPDATE_GENERATION)
    _insert(conn, "INSERT OR REPLACE INTO payloads", ("pk", "generation_json", "content_json"), payloads)
    _insert(conn, "INSERT INTO attempts", _ATTEMPT_COLUMNS, attempts)
    _insert(conn, "INSERT INTO search_docs", ("pk", "text"), docs)
    if fts:  # the index reads the text just stored, in key order (FTS5 appends rising rowids)
        conn.execute(f"INSERT INTO search (rowid, text) SELECT pk, text FROM search_docs"
                     f" WHERE pk IN ({_marks(len(pks))}) ORDER BY pk", pks)
    if full:
        conn.executemany("INSERT INTO search_full (pk, text) VALUES (?, ?)", full)


def _remove_derived(conn: sqlite3.Connection, pks: list[int], fts: bool) -> None:
    """Remove the attempts and search text of the stored generations `pks` (about to be replaced)."""
    marks = _marks(len(pks))
    if fts:  # the FTS index needs the old text to remove it
        conn.execute(f"INSERT INTO search (search, rowid, text) SELECT 'delete', pk, text FROM search_docs"
                     f" WHERE pk IN ({marks})", pks)
    for table, column in (("search_docs", "pk"), ("search_full", "pk"), ("attempts", "generation_pk")):
        conn.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", pks)


def _insert(conn: sqlite3.Connection, head: str, columns: tuple[str, ...], values: list[Any],
            tail: str = "") -> None:
    """Insert the flat `values` (rows of `columns`) with as few statements as the variable limit allows."""
    width = len(columns)
    per_statement = max(1, min(CHUNK_ROWS * 4, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width))
    step = per_statement * width
    for start in range(0, len(values), step):
        part = values[start:start + step]
        conn.execute(_insert_sql(head, columns, len(part) // width, tail), part)


@lru_cache(maxsize=64)
def _insert_sql(head: str, columns: tuple[str, ...], rows: int, tail: str) -> str:
    row = "(" + ", ".join("?" * len(columns)) + ")"
    return f"{head} ({', '.join(columns)}) VALUES {', '.join([row] * rows)}{tail}"


@lru_cache(maxsize=64)
def _marks(count: int) -> str:
    return ", ".join("?" * count)
