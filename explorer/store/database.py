"""The history database file: opening it, and moving a damaged one aside (its location: `explorer.settings`)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from explorer.store import schema

BUSY_TIMEOUT_S = 10.0
"""How long a write waits for another connection's write transaction."""


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm files) to ``<name>.corrupt-<timestamp>``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def describe_error(exc: BaseException) -> str:
    """A one-line reason for an OSError or SQLite error."""
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())


def is_corrupt_error(exc: BaseException) -> bool:
    """True if the error means the file is damaged or not a database at all."""
    name = getattr(exc, "sqlite_errorname", "")
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or name.startswith("SQLITE_CORRUPT_"):
        return True
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text)


def create_private(path: Path) -> None:
    """Create a missing history file readable by its owner only (0600): it holds prompts and
    completions. SQLite gives its -wal/-shm files the same mode. An existing file is left as is."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """Open the database in WAL mode and bring its schema up to date; return (conn, has_fts).

    Raises sqlite3.Error or OSError for an unreadable, unwritable or damaged file.
    """
    create_private(path)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA cache_size=-32768")  # 32 MiB: FTS merges re-read index pages
        conn.execute("PRAGMA journal_size_limit=67108864")  # shrink the WAL after a bulk load
        fts = schema.migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn, fts
