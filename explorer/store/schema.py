"""SQL schema of the history database and the derivation of its columns.

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
* ``meta``: key/value bookkeeping (schema version, last open time).
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

SCHEMA_VERSION = 1

CONTENT_INDEX_CAP = 64 * 1024
"""Only the first 64 Ki characters of a generation's content text are indexed
for search: words past that point in a huge conversation are not found.
(Trigram indexing costs about 0.3-1 microsecond per character, so a
64 Ki-character content adds tens of milliseconds to its save.)"""

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

SUMMARY_COLUMNS = (
    "id", "created_at", "model", "provider", "api_type", "total_cost",
    "tokens_prompt", "tokens_completion", "tokens_reasoning", "latency",
    "generation_time", "attempts", "failures", "status", "session_id",
    "request_id", "fetched_at", "has_content",
)
"""Columns of ``generations`` read into a ``HistoryRow``, in field order."""

META_KEYS = ("id", "model", "provider", "session_id", "request_id")
"""Summary columns that text queries search, besides the content text."""

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
        fts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search'").fetchone() is not None
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


# --- derivation of the stored columns ----------------------------------------------------


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """`text` as SQLite can bind it: a lone surrogate (valid JSON, ``"\\ud800"``, but not
    encodable as UTF-8) becomes U+FFFD instead of failing the whole save."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return storable(value if isinstance(value, str) else str(value))


def _number(value: Any) -> float | None:
    """A finite number from a JSON value (numbers, numeric strings), else None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _integer(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and abs(number) < 2**63 else None


def _flag(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def parse_timestamp(value: Any) -> float | None:
    """Parse an ISO 8601 ``created_at`` into epoch seconds (naive times are UTC)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def _responses(generation: dict) -> list[dict]:
    responses = generation.get("provider_responses")
    if not isinstance(responses, list):
        return []
    return [item if isinstance(item, dict) else {} for item in responses]


def attempt_values(generation: dict) -> list[tuple]:
    """Rows for the ``attempts`` table: (idx, provider, status, latency, is_byok, model)."""
    return [
        (
            idx,
            _text(item.get("provider_name")),
            _integer(item.get("status")),
            _number(item.get("latency")),
            _flag(item.get("is_byok")),
            _text(item.get("model_permaslug")),
        )
        for idx, item in enumerate(_responses(generation))
    ]


def is_failure(status: int | None) -> bool:
    """An attempt failed unless its HTTP status is 2xx (a missing status counts as failed,
    as in the provider statistics)."""
    return status is None or not 200 <= status < 300


def summary_values(generation: dict, content: dict | None, fetched_at: float) -> dict[str, Any]:
    """The denormalised ``generations`` columns (see ``WRITE_COLUMNS``) of one generation.

    The extra key ``attempt_rows`` holds :func:`attempt_values` (computed once).
    """
    attempts = attempt_values(generation)  # also returned, under "attempt_rows" (not a column)
    prompt = _integer(generation.get("tokens_prompt"))
    completion = _integer(generation.get("tokens_completion"))
    if generation.get("cancelled"):
        status = "cancelled"
    else:
        status = _text(generation.get("finish_reason")) or "—"
    created_ts = parse_timestamp(generation.get("created_at"))
    values: dict[str, Any] = {
        "id": storable(generation["id"]),
        "created_at": _text(generation.get("created_at")),
        "model": _text(generation.get("model")),
        "provider": _text(generation.get("provider_name")),
        "api_type": _text(generation.get("api_type")),
        "total_cost": _number(generation.get("total_cost")),
        "tokens_prompt": prompt,
        "tokens_completion": completion,
        "tokens_reasoning": _integer(generation.get("native_tokens_reasoning")),
        "latency": _number(generation.get("latency")),
        "generation_time": _number(generation.get("generation_time")),
        "attempts": len(attempts),
        "failures": sum(1 for attempt in attempts if is_failure(attempt[2])),
        "status": status,
        "session_id": _text(generation.get("session_id")),
        "request_id": _text(generation.get("request_id")),
        "fetched_at": fetched_at,
        "has_content": int(content is not None),
        # A generation without a parseable created_at sorts by when it was fetched.
        "sort_time": created_ts if created_ts is not None else fetched_at,
        "tokens_total": None if prompt is None and completion is None else (prompt or 0) + (completion or 0),
    }
    # Lower-cased metadata searched by queries too short for the trigram index.
    values["search_meta"] = "\n".join(values[key] or "" for key in META_KEYS).lower()
    values["attempt_rows"] = attempts
    return values


def _message_texts(message: Any) -> list[str]:
    if not isinstance(message, dict):
        return [message] if isinstance(message, str) else []
    texts: list[str] = []
    content = message.get("content")
    if isinstance(content, str):
        texts.append(content)
    elif isinstance(content, list):
        for part in content:
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                texts.append(part["text"])  # image/audio parts (data URLs) are skipped
    tool_calls = message.get("tool_calls")
    if isinstance(tool_calls, list):
        for call in tool_calls:
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict):
                texts.extend(v for v in (function.get("name"), function.get("arguments")) if isinstance(v, str))
    return texts


def content_text(content: dict | None) -> str:
    """All searchable text of a content object: prompt/messages, completion, reasoning."""
    if not isinstance(content, dict):
        return ""
    texts: list[str] = []
    source = content.get("input")
    if isinstance(source, dict):
        if isinstance(source.get("prompt"), str):
            texts.append(source["prompt"])
        if isinstance(source.get("messages"), list):
            for message in source["messages"]:
                texts.extend(_message_texts(message))
    output = content.get("output")
    if isinstance(output, dict):
        texts.extend(output[key] for key in ("completion", "reasoning") if isinstance(output.get(key), str))
    return "\n".join(texts)


def search_text(summary: dict[str, Any], content: dict | None) -> str:
    """The searchable text, lower-cased: id, model, provider, session and request ids, content text.

    Content text is capped at :data:`CONTENT_INDEX_CAP` characters.
    """
    return summary["search_meta"] + "\n" + storable(content_text(content)[:CONTENT_INDEX_CAP].lower())


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)
_ASCII_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), default=str)


def dump_json(value: Any) -> str:
    """Serialise a payload compactly; non-JSON values (never sent by the API) become strings.

    A payload holding lone surrogates is written with ASCII escapes (``\\ud800``), so it is
    storable and still loads back exactly.
    """
    text = _ENCODER.encode(value)
    if not text.isascii() and _SURROGATE.search(text):
        return _ASCII_ENCODER.encode(value)
    return text


def write_generations(
    conn: sqlite3.Connection, items: Iterable[tuple[dict, dict | None]], when: float, fts: bool
) -> None:
    """Insert or replace generations (inside the caller's transaction); see ``HistoryStore.save``."""
    columns, n = WRITE_COLUMNS, -1
    insert = f"INSERT INTO generations ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    update = f"UPDATE generations SET {', '.join(c + ' = ?' for c in columns)} WHERE pk = ?"
    for n, (generation, content) in enumerate(items):
        if n == BULK_AFTER and fts:  # bulk load: merge index segments less eagerly
            conn.execute("INSERT INTO search (search, rank) VALUES ('automerge', 0)")
        if not isinstance(generation, dict) or not isinstance(generation.get("id"), str) or not generation["id"]:
            raise ValueError("a generation needs a non-empty string 'id' to be saved")
        found = conn.execute(
            "SELECT g.pk, p.content_json FROM generations g LEFT JOIN payloads p ON p.pk = g.pk WHERE g.id = ?",
            (storable(generation["id"]),),
        ).fetchone()
        if found is not None and content is None and found[1] is not None:
            content = json.loads(found[1])
        summary = summary_values(generation, content, when)
        values = [summary[c] for c in columns]
        if found is None:
            pk = conn.execute(insert, values).lastrowid
        else:
            pk = found[0]
            conn.execute(update, [*values, pk])
            unindex(conn, pk, fts)
        content_json = None if content is None else dump_json(content)
        conn.execute(
            "INSERT OR REPLACE INTO payloads (pk, generation_json, content_json) VALUES (?, ?, ?)",
            (pk, dump_json(generation), content_json),
        )
        conn.executemany(
            "INSERT INTO attempts (generation_pk, idx, provider, status, latency, is_byok, model)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(pk, *attempt) for attempt in summary["attempt_rows"]],
        )
        text = search_text(summary, content)
        conn.execute("INSERT INTO search_docs (pk, text) VALUES (?, ?)", (pk, text))
        if fts:
            conn.execute("INSERT INTO search (rowid, text) VALUES (?, ?)", (pk, text))
    if fts and n >= BULK_AFTER:
        conn.execute(f"INSERT INTO search (search, rank) VALUES ('automerge', {FTS_AUTOMERGE})")


def unindex(conn: sqlite3.Connection, pk: int, fts: bool) -> None:
    """Remove a generation's attempts and search text (the FTS index needs the old text)."""
    conn.execute("DELETE FROM attempts WHERE generation_pk = ?", (pk,))
    if fts:
        conn.execute(
            "INSERT INTO search (search, rowid, text) SELECT 'delete', pk, text FROM search_docs WHERE pk = ?",
            (pk,),
        )
    conn.execute("DELETE FROM search_docs WHERE pk = ?", (pk,))
