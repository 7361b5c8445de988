"""The history database file: opening it (read-write, or read-only), moving a damaged one aside,
telling which SQLite errors a later write may get past (its location: `explorer.settings`)."""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from explorer.store import schema

BUSY_TIMEOUT_S = 5.0

NO_STATEMENT_CACHE = 0
"""The sqlite3 module keeps the last statements prepared, and SQLite keeps each one's bound
values until it runs again: a saved 14.5 MB generation's JSON and search text (28 MiB) stayed
in memory for the rest of the session. A statement is prepared anew each time instead (tens
of microseconds; a save runs a few)."""
"""How long one write try waits for another connection's write transaction."""


@dataclass(frozen=True)
class WritePolicy:
    """How hard a write tries before it gives up: `tries` transactions, each waiting up to
    `busy_timeout` seconds for another writer's lock, `backoff` seconds apart (doubling, at most
    `max_backoff`). The default rides out a lock held for ~12 s; tests pass a quick one."""

    busy_timeout: float = BUSY_TIMEOUT_S
    tries: int = 3
    backoff: float = 0.5
    max_backoff: float = 2.0

    def delay(self, tries: int) -> float:
        """Seconds to wait after the `tries`-th failed try."""
        return min(self.max_backoff, self.backoff * 2 ** (tries - 1))


DEFAULT_WRITE_POLICY = WritePolicy()
"""The policy of a store opened without one (tests may swap in a quicker one)."""


def _error_name(exc: BaseException) -> str:
    return getattr(exc, "sqlite_errorname", None) or ""


def is_transient_error(exc: BaseException) -> bool:
    """True for a write failure a later try may get past: a lock held by another connection,
    a full disk, an I/O error."""
    name = _error_name(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_IOERR")):
        return True
    text = str(exc).lower()
    return not name and any(word in text for word in ("locked", "busy", "disk is full", "disk i/o"))


def is_read_only_error(exc: BaseException) -> bool:
    """True when the file or its directory cannot be written (a later try will not help)."""
    return _error_name(exc).startswith("SQLITE_READONLY") or "readonly database" in str(exc).lower()


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


def connect(path: Path, busy_timeout: float = BUSY_TIMEOUT_S) -> tuple[sqlite3.Connection, bool]:
    """Open the database in WAL mode and bring its schema up to date; return (conn, has_fts).

    Raises sqlite3.Error or OSError for an unreadable, unwritable or damaged file, and
    `schema.SchemaTooNewError` for a file written by a newer version.
    """
    create_private(path)
    conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False,
                           cached_statements=NO_STATEMENT_CACHE)
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


@dataclass
class OpenedFile:
    """What opening the history file gave: a connection (None: no history), whether it has the
    FTS index and can be written, and a one-line warning for the user (None: all is well)."""

    conn: sqlite3.Connection | None
    fts: bool = False
    writable: bool = False
    warning: str | None = None


def open_file(path: Path, policy: WritePolicy) -> OpenedFile:
    """Open the history at `path` read-write (creating it); never raises for storage trouble.

    A damaged file is moved aside and a new one started. A file that exists but cannot be
    written, or was written by a newer version, is opened read-only. Anything else: no history.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # private when we create it
        return OpenedFile(*_connect_retrying(path, policy), writable=True)
    except schema.SchemaTooNewError:
        return open_read_only(path, None)
    except (sqlite3.Error, OSError) as exc:
        if not is_corrupt_error(exc):
            return open_read_only(path, exc)
    try:
        moved = move_aside(path)
        conn, fts = connect(path, policy.busy_timeout)
    except (sqlite3.Error, OSError) as exc:
        return _disabled(path, exc)
    return OpenedFile(conn, fts, True, f"History file was damaged: moved it to {moved} and started a new history")


def _connect_retrying(path: Path, policy: WritePolicy) -> tuple[sqlite3.Connection, bool]:
    """`connect`, tried again per `policy` while another process holds the write lock."""
    tries = 1
    while True:
        try:
            return connect(path, policy.busy_timeout)
        except sqlite3.Error as exc:
            if tries >= policy.tries or not is_transient_error(exc):  # a newer schema is not
                raise
        time.sleep(policy.delay(tries))
        tries += 1


def open_read_only(path: Path, write_error: BaseException | None) -> OpenedFile:
    """The history at `path` opened read-only, with a warning that says so and how many
    generations it shows; `write_error` is why it could not be opened for writing (None: a
    newer schema). No history when the file cannot be read either."""
    if not path.is_file():
        return _disabled(path, write_error or OSError("no history file"))
    version = None
    try:
        conn, fts, version = connect_read_only(path)
        try:
            count = conn.execute("SELECT count(*) FROM generations").fetchone()[0]
        except sqlite3.Error:
            conn.close()
            raise
    except sqlite3.Error as exc:
        if version is not None and version > schema.SCHEMA_VERSION:
            return OpenedFile(None, warning=f"History disabled: {path} was written by a newer version of the app "
                                            f"(schema {version} > {schema.SCHEMA_VERSION}) and cannot be read "
                                            f"({describe_error(exc)})")
        return _disabled(path, write_error or exc)
    shown = f"showing {count:,} stored generation{'s' if count != 1 else ''}, new lookups are not saved"
    if version > schema.SCHEMA_VERSION:
        warning = (f"History was written by a newer version of the app (schema {version} > "
                   f"{schema.SCHEMA_VERSION}): read-only; {shown}")
    else:
        warning = f"History is read-only: cannot write to {path} ({write_blocker(path, write_error)}); {shown}"
    return OpenedFile(conn, fts, False, warning)


def _disabled(path: Path, exc: BaseException) -> OpenedFile:
    where = path if path.is_file() else path.parent
    return OpenedFile(None, warning=f"History disabled: cannot write to {where} ({describe_error(exc)})")


def write_blocker(path: Path, exc: BaseException | None) -> str:
    """Why `path` cannot be written, in a few words (a read-only file system, file or directory)."""
    try:
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            return "read-only file system"
    except OSError:
        pass
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK):
        return "the directory is read-only"
    return describe_error(exc) if exc is not None else "cannot write"


def connect_read_only(path: Path) -> tuple[sqlite3.Connection, bool, int]:
    """Open an existing database without writing anything; return (conn, has_fts, schema version).

    A WAL database needs its -shm file: in a read-only directory where it cannot be created, the
    file is opened as immutable (nobody can write there either). Raises sqlite3.Error.
    """
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for flags in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{flags}", uri=True, isolation_level=None, check_same_thread=False,
                                   cached_statements=NO_STATEMENT_CACHE)
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            fts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search'").fetchone() is not None
            return conn, fts, version
        except sqlite3.Error as exc:
            conn.close()
            last = exc
    assert last is not None
    raise last
