"""A write that meets a lock, a full disk or an I/O error is tried again with backoff, then given
up with the reason; the store stays usable, and a later write that can commit does."""

from __future__ import annotations

import sqlite3

from explorer.store import HistoryStore
from explorer.store.database import WritePolicy
from tests.unit.store.helpers import make_content, make_generation

QUICK = WritePolicy(busy_timeout=0.05, tries=3, backoff=0.001, max_backoff=0.002)


class FlakyWrites:
    """Wraps a connection: the first `failures` INSERTs into generations raise `error`."""

    def __init__(self, conn: sqlite3.Connection, failures: int, error: Exception) -> None:
        self._conn, self.failures, self._error = conn, failures, error
        self.tries = 0

    def execute(self, sql, *args):
        if sql.startswith("INSERT INTO generations"):
            self.tries += 1
            if self.failures:
                self.failures -= 1
                raise self._error
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def stored_ids(store: HistoryStore) -> list[str]:
    return sorted(row.id for row in store.list(limit=1000))


def test_a_lock_that_clears_within_the_tries_loses_nothing(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3", QUICK)
    store._conn = FlakyWrites(store._conn, 2, sqlite3.OperationalError("database is locked"))
    assert store.save(make_generation(1), make_content()) is None
    assert store._conn.tries == 3 and stored_ids(store) == ["gen-00001"]
    assert store.warning is None and store.writable
    store.close()


def test_a_write_given_up_says_why_and_the_store_stays_usable(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3", QUICK)
    store.save(make_generation(1), None)
    flaky = store._conn = FlakyWrites(store._conn, 4, sqlite3.OperationalError("database is locked"))
    assert store.save_many([(make_generation(2), None), (make_generation(3), None)]) == \
        "Not saved to history: database is locked"
    assert flaky.tries == 3  # the policy's tries, then given up
    assert store.enabled and store.writable and store.warning is None  # not a standing problem
    assert stored_ids(store) == ["gen-00001"]  # the failed group was rolled back whole
    # While writes keep failing, each later write is tried once, not three times.
    assert store.save(make_generation(4), None) == "Not saved to history: database is locked"
    assert flaky.tries == 4
    assert store.save(make_generation(5), None) is None  # the lock is gone: committed
    assert flaky.tries == 5 and stored_ids(store) == ["gen-00001", "gen-00005"]
    flaky.failures = 2
    assert store.save(make_generation(6), None) is None  # back to the full tries after a success
    assert flaky.tries == 8
    store.close()


def test_a_generator_is_tried_once(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3", QUICK)
    flaky = store._conn = FlakyWrites(store._conn, 1, sqlite3.OperationalError("disk I/O error"))
    items = ((make_generation(i), None) for i in range(3))
    assert store.save_many(items) == "Not saved to history: disk I/O error"
    assert flaky.tries == 1 and stored_ids(store) == []  # a retry would have found it consumed
    store.close()


def test_a_real_lock_held_by_another_connection(tmp_path):
    path = tmp_path / "h.sqlite3"
    store = HistoryStore.open(path, WritePolicy(busy_timeout=0.02, tries=2, backoff=0.001))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert store.save(make_generation(1), None) == "Not saved to history: database is locked"
        assert store.list() == []  # reads go on under the writer's lock (WAL)
    finally:
        other.execute("COMMIT")
        other.close()
    assert store.save(make_generation(2), None) is None
    assert stored_ids(store) == ["gen-00002"]
    store.close()


def test_a_full_database_says_so_and_writes_again_when_there_is_room(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3", QUICK)
    store.save(make_generation(1), make_content("first"))
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: a full disk
    big = make_content("x" * 200_000)
    assert store.save(make_generation(2), big) == "Not saved to history: database or disk is full"
    assert stored_ids(store) == ["gen-00001"] and store.writable
    store._conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.save(make_generation(2), big) is None
    assert stored_ids(store) == ["gen-00001", "gen-00002"]
    store.close()


def test_each_item_may_carry_its_own_fetch_time(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3", QUICK)
    store.save_many([(make_generation(1), None, 100.0), (make_generation(2), None)], fetched_at=200.0)
    assert {row.id: row.fetched_at for row in store.list()} == {"gen-00001": 100.0, "gen-00002": 200.0}
    store.close()


def test_retry_delays_double_up_to_the_cap():
    policy = WritePolicy(backoff=0.5, max_backoff=2.0)
    assert [policy.delay(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 2.0]
