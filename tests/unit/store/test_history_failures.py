"""HistoryStore never raises for storage trouble: corrupt files, unwritable places, SQLite errors."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from explorer.settings import history_path
from explorer.store import HistoryStore
from explorer.store import schema
from tests.unit.store.helpers import make_content, make_generation


def assert_disabled_but_harmless(store: HistoryStore) -> None:
    assert not store.enabled and not store.writable
    assert store.list() == [] and store.list(query="anything") == [] and store.count() == 0
    assert store.get("gen-00001") is None and store.attempt_rows() == []
    # Never a silent no-op: every write says why it was not done (None: history off on purpose).
    assert store.save(make_generation(1), None) == store.warning
    assert store.clear() == store.warning
    assert (store.warning is None) == (store.path is None)
    store.close()


def test_none_path_is_disabled_without_warning():
    store = HistoryStore.open(None)
    assert store.path is None and store.warning is None
    assert_disabled_but_harmless(store)


@pytest.mark.parametrize("damage", ["random", "header"])
def test_corrupt_file_is_moved_aside(tmp_path, damage):
    path = tmp_path / "history.sqlite3"
    if damage == "random":
        path.write_bytes(os.urandom(64 * 1024))
    else:  # a real history whose first page (header + schema) got overwritten
        with HistoryStore.open(path) as store:
            store.save_many([(make_generation(i), make_content("x" * 500)) for i in range(50)])
        with path.open("r+b") as f:
            f.write(os.urandom(4096))
    original = path.read_bytes()
    store = HistoryStore.open(path)
    assert store.enabled
    moved = [p for p in tmp_path.glob("history.sqlite3.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1 and moved[0].read_bytes() == original
    assert store.warning is not None and str(moved[0]) in store.warning and "\n" not in store.warning
    store.save(make_generation(1), make_content("fresh start"))
    assert [r.id for r in store.list(query="fresh start")] == ["gen-00001"]
    store.close()


def test_corrupt_twice_gets_distinct_names(tmp_path):
    path = tmp_path / "h.sqlite3"
    for _ in range(2):
        path.write_bytes(b"not a database at all" * 100)
        HistoryStore.open(path).close()
    assert len(list(tmp_path.glob("h.sqlite3.corrupt-*"))) == 2


def _writes_blocked_by_chmod(directory: Path) -> bool:
    """chmod 0o500 stops writes for normal users but not for root: find out which applies."""
    probe = directory / "probe"
    try:
        probe.write_text("x")
    except OSError:
        return True
    probe.unlink()
    return False


def test_unwritable_directory_disables(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if _writes_blocked_by_chmod(locked):
            path = locked / "sub" / "history.sqlite3"
        else:  # running as root: a parent that is a regular file fails for root too
            (tmp_path / "a-file").write_text("")
            path = tmp_path / "a-file" / "sub" / "history.sqlite3"
        store = HistoryStore.open(path)
        assert store.warning is not None and store.warning.startswith("History disabled: cannot write to ")
        assert "\n" not in store.warning and "(" in store.warning
        assert_disabled_but_harmless(store)
    finally:
        locked.chmod(0o700)


def test_parent_is_a_file_disables(tmp_path):
    (tmp_path / "plain").write_text("")
    store = HistoryStore.open(tmp_path / "plain" / "history.sqlite3")
    assert store.warning.startswith(f"History disabled: cannot write to {tmp_path / 'plain'}")
    assert_disabled_but_harmless(store)


def test_newer_schema_without_readable_tables_is_left_alone(tmp_path):
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    store = HistoryStore.open(path)
    assert store.warning == (f"History disabled: {path} was written by a newer version of the app "
                             f"(schema {schema.SCHEMA_VERSION + 1} > {schema.SCHEMA_VERSION}) and cannot be "
                             "read (no such table: generations)")
    assert_disabled_but_harmless(store)
    assert path.exists()


class FailingConnection:
    """Wraps a connection; statements containing ``trigger`` raise ``error``."""

    def __init__(self, conn: sqlite3.Connection, trigger: str, error: Exception):
        self._conn, self._trigger, self._error = conn, trigger, error

    def execute(self, sql, *args):
        if self._trigger in sql:
            raise self._error
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_sqlite_error_on_write_disables_with_warning(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    store.save(make_generation(1), None)
    store._conn = FailingConnection(store._conn, "INSERT INTO generations",
                                    sqlite3.OperationalError("no such table: generations"))
    warning = store.save(make_generation(2), None)
    assert warning is not None and "no such table" in warning and warning == store.warning
    assert warning.startswith("History disabled:") and "\n" not in warning
    assert_disabled_but_harmless(store)
    with HistoryStore.open(tmp_path / "h.sqlite3") as reopened:  # the failed write was rolled back
        assert [r.id for r in reopened.list()] == ["gen-00001"]


def test_sqlite_error_on_read_disables(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    store._conn = FailingConnection(store._conn, "SELECT", sqlite3.OperationalError("database is locked"))
    assert store.list() == [] and store.count() == 0
    assert "database is locked" in store.warning
    assert_disabled_but_harmless(store)


def test_corruption_found_later_moves_file_aside(tmp_path):
    path = tmp_path / "h.sqlite3"
    store = HistoryStore.open(path)
    store._conn = FailingConnection(store._conn, "INSERT", sqlite3.DatabaseError("database disk image is malformed"))
    warning = store.save(make_generation(1), None)
    assert "malformed" in warning and "moved" in warning
    assert not path.exists() and list(tmp_path.glob("h.sqlite3.corrupt-*"))
    assert_disabled_but_harmless(store)


def test_concurrent_writers_on_one_file(tmp_path):
    path = tmp_path / "h.sqlite3"
    stores = [HistoryStore.open(path), HistoryStore.open(path)]
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def writer(store: HistoryStore, worker: int) -> None:
        try:
            start.wait()
            for i in range(200):
                n = worker * 1000 + i
                generation = make_generation(n, session_id=f"w{worker}")
                warning = store.save(generation, make_content(f"worker {worker} row {i}"))
                assert warning is None, warning
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(stores[w % 2], w)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(s.enabled and s.warning is None for s in stores)
    for store in stores:
        assert store.count(cap=None) == 800
        assert [store.count(session_id=f"w{w}", cap=None) for w in range(4)] == [200] * 4
        assert store.count(query="worker 3 row 199") == 1
    for store in stores:
        store.close()


def test_history_path_is_used_by_open(monkeypatch, tmp_path):
    monkeypatch.setenv("MODELGATES_EXPLORER_DATA_DIR", str(tmp_path / "deep" / "data"))
    with HistoryStore.open(history_path(demo=True)) as store:
        assert store.enabled and store.path == tmp_path / "deep" / "data" / "demo-history.sqlite3"
        assert store.path.exists()
