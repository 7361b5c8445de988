"""SQL schema of the history database (its writes: `writes.py`, its columns: `derive.py`).

Layout (all keyed by ``generations.pk``, an explicit INTEGER PRIMARY KEY so
that VACUUM never renumbers rows behind the search index):

* ``generations``: one narrow row of denormalised summary columns per
  generation, indexed for every sort order, so listing never touches JSON.
  The time index also covers ``search_meta``, so short (metadata-only)
  queries scan the index rather than the table.
* ``payloads``: the raw JSON of the metadata and of the content, exactly as
  given (kept apart so scans of ``generations`` stay small).
* ``attempts``: one row per entry of ``provider_responses``.
* ``search_docs``: the lower-cased :func:`search_text` of each generation,
  and ``search``, an external-content FTS5 index over it with the
  ``trigram`` tokenizer (substring search). On SQLite builds without the
  trigram tokenizer (< 3.34) there is no ``search`` table and searches scan
  ``search_docs`` (correct, but slow on large histories).
* ``search_full``: the whole lower-cased search text of the rare generations whose content is
  longer than the index covers (:data:`CONTENT_INDEX_CAP`); text queries scan it besides the
  index (see ``explorer.store.search``), so they search every character of every content.
* ``captures``: generation IDs the proxy or a log follower captured, with the state of
  their lookup (see ``explorer.store.captures``); never a key.
* ``meta``: key/value bookkeeping (schema version, last open time).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from typing import Iterable

from explorer.store.derive import CONTENT_INDEX_CAP, search_text, search_texts, storable

SCHEMA_VERSION = 3
"""1: generations, payloads, attempts, search; 2: + captures (see ``explorer.store.captures``);
3: + search_full, the index covers 1 Mi characters of content instead of 64 Ki."""

OLD_CONTENT_INDEX_CAP = 64 * 1024
"""The index cap of schemas 1 and 2: their rows with a longer content are indexed again."""


TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS generations (
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, created_at TEXT, sort_time REAL NOT NULL,
    model TEXT, provider TEXT, api_type TEXT, total_cost REAL,
    tokens_prompt INTEGER, tokens_completion INTEGER, tokens_reasoning INTEGER, tokens_total INTEGER,
    latency REAL, generation_time REAL, attempts INTEGER NOT NULL, failures INTEGER NOT NULL,
    status TEXT NOT NULL, session_id TEXT, request_id TEXT, fetched_at REAL NOT NULL,
    has_content INTEGER NOT NULL, search_meta TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS payloads (pk INTEGER PRIMARY KEY, generation_json TEXT NOT NULL, content_json TEXT);
CREATE TABLE IF NOT EXISTS attempts (
    generation_pk INTEGER NOT NULL, idx INTEGER NOT NULL, provider TEXT, status INTEGER, latency REAL,
    is_byok INTEGER, model TEXT, PRIMARY KEY (generation_pk, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ix_generations_time ON generations (sort_time, pk, search_meta);
CREATE INDEX IF NOT EXISTS ix_generations_cost ON generations (total_cost);
CREATE INDEX IF NOT EXISTS ix_generations_latency ON generations (latency);
CREATE INDEX IF NOT EXISTS ix_generations_tokens ON generations (tokens_total);
CREATE INDEX IF NOT EXISTS ix_generations_fetched ON generations (fetched_at);
CREATE INDEX IF NOT EXISTS ix_generations_session ON generations (session_id, sort_time);
CREATE INDEX IF NOT EXISTS ix_generations_request ON generations (request_id, sort_time);
CREATE TABLE IF NOT EXISTS captures (
    id TEXT PRIMARY KEY, captured_at REAL NOT NULL, source TEXT NOT NULL, state TEXT NOT NULL,
    reason TEXT, updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_captures_time ON captures (captured_at);
"""

FTS_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5("
    "text, content='search_docs', content_rowid='pk', tokenize='trigram')"
)
"""External-content FTS5 index over ``search_docs.text``: the text is stored
once, in a plain table that can also be scanned directly."""

BULK_AFTER = 256
"""Past this many rows in one ``save_many``, FTS automerge is paused until the
end of the batch: about 2x faster bulk loads (FTS5's crisis merges still bound
the number of index segments)."""

FTS_AUTOMERGE = 4
"""FTS5's default ``automerge`` setting, restored after a bulk load."""

SEARCH_DOCS_TABLE = "CREATE TABLE IF NOT EXISTS search_docs (pk INTEGER PRIMARY KEY, text TEXT NOT NULL)"

SEARCH_FULL_TABLE = "CREATE TABLE IF NOT EXISTS search_full (pk INTEGER PRIMARY KEY, text TEXT NOT NULL)"

SUMMARY_COLUMNS = (
    "id", "created_at", "model", "provider", "api_type", "total_cost",
    "tokens_prompt", "tokens_completion", "tokens_reasoning", "latency",
    "generation_time", "attempts", "failures", "status", "session_id",
    "request_id", "fetched_at", "has_content",
)
"""Columns of ``generations`` read into a ``HistoryRow``, in field order."""


WRITE_COLUMNS = SUMMARY_COLUMNS + ("sort_time", "tokens_total", "search_meta")
"""Columns written by a save (``pk`` aside)."""


@dataclass(frozen=True)
class HistoryRow:
    """Summary of one stored generation, as shown in the history list.

    ``tokens_reasoning`` is ``native_tokens_reasoning``; ``attempts`` is the
    number of provider responses and ``failures`` those with a non-2xx HTTP
    status (a missing status counts as a failure); ``status`` is "cancelled", the
    finish reason, or "—"; ``has_content`` tells if content was saved.
    """

    id: str
    created_at: str | None
    model: str | None
    provider: str | None
    api_type: str | None
    total_cost: float | None
    tokens_prompt: int | None
    tokens_completion: int | None
    tokens_reasoning: int | None
    latency: float | None
    generation_time: float | None
    attempts: int
    failures: int
    status: str
    session_id: str | None
    request_id: str | None
    fetched_at: float
    has_content: bool


@dataclass
class StoredGeneration:
    """A generation as saved: the metadata and content JSON, and when it was fetched."""

    generation: dict
    content: dict | None
    fetched_at: float


@dataclass(frozen=True)
class AttemptRow:
    """One provider attempt (entry of ``provider_responses``) of a stored generation."""

    provider: str | None
    status: int | None
    latency: float | None
    is_byok: bool | None
    generation_id: str
    idx: int = 0
    model: str | None = None


class SchemaTooNewError(sqlite3.DatabaseError):
    """The file was written by a newer version of the app; leave it alone."""


def trigram_supported(conn: sqlite3.Connection) -> bool:
    """Return True if this SQLite build has FTS5 with the trigram tokenizer (>= 3.34)."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize='trigram')")
        conn.execute("DROP TABLE temp.trigram_probe")
        return True
    except sqlite3.Error:
        return False


def migrate(conn: sqlite3.Connection) -> bool:
    """Create or upgrade the schema in one write transaction; return True if search is FTS5.

    The transaction always writes (it records the open time), so a read-only
    file or directory fails here rather than on the first save.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(f"schema version {version} is newer than this app's {SCHEMA_VERSION}")
        for statement in TABLES.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(SEARCH_DOCS_TABLE)
        conn.execute(SEARCH_FULL_TABLE)
        fts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search'").fetchone() is not None
        if 0 < version < 3:  # an existing history that indexed 64 Ki characters of content
            reindex_long_contents(conn, fts)
        if not fts and trigram_supported(conn):  # new file, or first open with a newer SQLite
            conn.execute(FTS_TABLE)
            conn.execute("INSERT INTO search (search) VALUES ('rebuild')")
            fts = True
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_opened', ?)", (str(time.time()),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return fts


def reindex_long_contents(conn: sqlite3.Connection, fts: bool) -> int:
    """Index again the generations an older schema indexed only in part (content text past
    :data:`OLD_CONTENT_INDEX_CAP`), so searches find every word of them; return how many.

    Only those rows are read (their indexed text reached the old cap): the upgrade of a large
    history of ordinary generations reads each search text once and rewrites nothing else.
    """
    pks = [pk for (pk,) in conn.execute(
        "SELECT pk FROM search_docs WHERE length(text) > ?", (OLD_CONTENT_INDEX_CAP,))]
    done = 0
    for pk in pks:  # one content in memory at a time (each may be tens of MB)
        search_meta, content_json = conn.execute(
            "SELECT g.search_meta, p.content_json FROM generations g JOIN payloads p ON p.pk = g.pk"
            " WHERE g.pk = ?", (pk,)).fetchone() or (None, None)
        if content_json is not None:
            unindex_text(conn, pk, fts)
            index_text(conn, pk, *search_texts({"search_meta": search_meta}, json.loads(content_json)), fts)
            done += 1
    return done


def index_text(conn: sqlite3.Connection, pk: int, indexed: str, full: str | None, fts: bool) -> None:
    """Store a generation's search text (see ``derive.search_texts``) and index it."""
    conn.execute("INSERT INTO search_docs (pk, text) VALUES (?, ?)", (pk, indexed))
    if fts:
        conn.execute("INSERT INTO search (rowid, text) VALUES (?, ?)", (pk, indexed))
    if full is not None:
        conn.execute("INSERT INTO search_full (pk, text) VALUES (?, ?)", (pk, full))


def unindex_text(conn: sqlite3.Connection, pk: int, fts: bool) -> None:
    """Remove a generation's search text (the FTS index needs the old text to remove it)."""
    if fts:
        conn.execute(
            "INSERT INTO search (search, rowid, text) SELECT 'delete', pk, text FROM search_docs WHERE pk = ?",
            (pk,),
        )
    conn.execute("DELETE FROM search_docs WHERE pk = ?", (pk,))
    conn.execute("DELETE FROM search_full WHERE pk = ?", (pk,))
