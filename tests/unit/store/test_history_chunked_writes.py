"""Saving many generations at once (`explorer.store.writes`): a few statements per chunk of rows,
and exactly what saving them one by one would store."""

from __future__ import annotations

import pytest

from explorer.store import HistoryStore, writes
from tests.unit.store.helpers import make_content, make_generation

TABLES = {
    "generations": "SELECT * FROM generations ORDER BY pk",
    "payloads": "SELECT * FROM payloads ORDER BY pk",
    "attempts": "SELECT * FROM attempts ORDER BY generation_pk, idx",
    "search_docs": "SELECT * FROM search_docs ORDER BY pk",
    "search_full": "SELECT * FROM search_full ORDER BY pk",
}


def dump(store: HistoryStore) -> dict[str, list[tuple]]:
    conn = store._conn
    return {table: conn.execute(sql).fetchall() for table, sql in TABLES.items()}


def mixed_items() -> list[tuple]:
    """New rows, rows replacing stored ones (with and without content), an ID twice."""
    items = []
    for i in range(12):
        content = None if i % 4 == 0 else make_content(f"completion number {i} zebra{i}")
        items.append((make_generation(i, model=f"model-{i % 3}"), content, 1000.0 + i))
    items.append((make_generation(3, model="model-again"), None, 2000.0))  # keeps its content
    items.append((make_generation(5, model="model-late"), make_content("replaced text"), 2001.0))
    long_text = "filler " * 160_000 + "needle-past-the-index-cap"  # longer than the index covers
    items.append((make_generation(20), make_content(long_text), 2002.0))
    return items


@pytest.fixture
def stores(tmp_path):
    one_by_one = HistoryStore.open(tmp_path / "single.sqlite3")
    at_once = HistoryStore.open(tmp_path / "many.sqlite3")
    for store in (one_by_one, at_once):  # some rows exist already: they are replaced in place
        assert store.save_many([(make_generation(i), make_content(f"old {i}"), 10.0) for i in (2, 3, 7)]) is None
    yield one_by_one, at_once
    one_by_one.close()
    at_once.close()


@pytest.mark.parametrize("chunk_rows, chunk_chars", [(256, 16 << 20), (3, 16 << 20), (256, 1)])
def test_a_save_many_stores_what_saves_one_by_one_store(stores, monkeypatch, chunk_rows, chunk_chars):
    monkeypatch.setattr(writes, "CHUNK_ROWS", chunk_rows)
    monkeypatch.setattr(writes, "CHUNK_CHARS", chunk_chars)
    one_by_one, at_once = stores
    for generation, content, fetched_at in mixed_items():
        assert one_by_one.save(generation, content, fetched_at) is None
    assert at_once.save_many(mixed_items()) is None
    assert dump(at_once) == dump(one_by_one)
    assert at_once.get("gen-00003").content == make_content("completion number 3 zebra3")  # None kept it
    assert at_once.get("gen-00005").generation["model"] == "model-late"  # the later save won
    assert dump(at_once)["search_full"] != []
    for query in ("zebra7", "replaced text", "model-again", "needle-past-the-index-cap"):
        assert [r.id for r in at_once.list(query=query)] == [r.id for r in one_by_one.list(query=query)] != []
    assert at_once.list(query="zebra5") == at_once.list(query="old 2") == []  # replaced texts are unindexed


class CountingConnection:
    """Wraps a connection and counts the statements run through it (each row of an
    `executemany` is a statement run of its own)."""

    def __init__(self, conn) -> None:
        self._conn, self.runs = conn, 0

    def execute(self, sql, *args):
        self.runs += 1
        return self._conn.execute(sql, *args)

    def executemany(self, sql, rows):
        rows = list(rows)
        self.runs += len(rows)
        return self._conn.executemany(sql, rows)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_a_large_save_runs_a_few_statements_per_chunk_not_per_row(tmp_path):
    # Each statement releases and re-takes the GIL: a batch's writer thread waits for the busy
    # event loop after every one, so their number per row is what a batch pays.
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    conn = store._conn
    store._conn = counting = CountingConnection(conn)
    rows = 2 * writes.CHUNK_ROWS
    assert store.save_many([(make_generation(i), make_content(f"word{i:05d}x")) for i in range(rows)]) is None
    store._conn = conn
    assert store.count(cap=None) == rows and [r.id for r in store.list(query="word00017x")] == ["gen-00017"]
    assert counting.runs <= 30  # before: six per row
    store.close()
