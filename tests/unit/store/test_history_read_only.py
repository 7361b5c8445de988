"""A history that exists but cannot be written, or that a newer version wrote, opens read-only:
its rows are listed, the warning says exactly that, and every write returns the warning."""

from __future__ import annotations

import os
import sqlite3

from explorer.store import HistoryStore
from explorer.store import database, schema
from tests.unit.store.helpers import make_content, make_generation

SHOWN = "showing 3 stored generations, new lookups are not saved"


def three_rows(path) -> None:
    with HistoryStore.open(path) as store:
        store.save_many([(make_generation(i), make_content(f"row {i}")) for i in (1, 2, 3)])


def assert_read_only(store: HistoryStore) -> None:
    assert store.enabled and not store.writable
    assert sorted(r.id for r in store.list()) == ["gen-00001", "gen-00002", "gen-00003"]
    assert store.count() == 3 and [r.id for r in store.list(query="row 2")] == ["gen-00002"]
    assert store.get("gen-00001").content == make_content("row 1")
    assert store.save(make_generation(4), None) == store.warning  # never silently dropped
    assert store.clear() == store.warning and store.count() == 3


def test_a_newer_schema_is_read_only_and_listed(tmp_path):
    path = tmp_path / "h.sqlite3"
    three_rows(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    store = HistoryStore.open(path)
    assert store.warning == ("History was written by a newer version of the app "
                             f"(schema {schema.SCHEMA_VERSION + 1} > {schema.SCHEMA_VERSION}): read-only; "
                             + SHOWN)
    assert_read_only(store)
    store.close()
    assert path.read_bytes() == before  # not migrated, not touched


def test_a_read_only_file_is_listed(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    three_rows(path)
    path.chmod(0o400)
    if os.access(path, os.W_OK):
        # Root ignores file modes: open it read-write the way SQLite does for a user, which
        # fails on the first write with SQLITE_READONLY.
        def read_only(path, busy_timeout=database.BUSY_TIMEOUT_S):
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
            try:
                schema.migrate(conn)
            finally:
                conn.close()

        monkeypatch.setattr(database, "connect", read_only)
    try:
        store = HistoryStore.open(path)
        reason = "the file is read-only" if not os.access(path, os.W_OK) else \
            "attempt to write a readonly database"
        assert store.warning == f"History is read-only: cannot write to {path} ({reason}); {SHOWN}"
        assert_read_only(store)
        store.close()
    finally:
        path.chmod(0o600)


def test_a_file_that_turns_read_only_keeps_its_rows_readable(tmp_path):
    path = tmp_path / "h.sqlite3"
    three_rows(path)
    store = HistoryStore.open(path)

    class ReadOnlyWrites:
        def __init__(self, conn):
            self._conn = conn

        def execute(self, sql, *args):
            if sql.startswith("INSERT"):
                raise sqlite3.OperationalError("attempt to write a readonly database")
            return self._conn.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._conn, name)

    store._conn = ReadOnlyWrites(store._conn)
    warning = store.save(make_generation(4), None)
    assert warning == "History is read-only: attempt to write a readonly database; new lookups are not saved"
    assert store.warning == warning
    assert_read_only(store)
    store.close()


def test_a_lock_held_through_every_try_at_open_opens_read_only(tmp_path):
    path = tmp_path / "h.sqlite3"
    three_rows(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        store = HistoryStore.open(path, database.WritePolicy(busy_timeout=0.02, tries=2, backoff=0.001))
        assert store.warning == f"History is read-only: cannot write to {path} (database is locked); {SHOWN}"
        assert_read_only(store)
        store.close()
    finally:
        other.execute("COMMIT")
        other.close()
    with HistoryStore.open(path) as store:  # the lock is gone: writable again
        assert store.writable and store.warning is None
