"""Text queries search every character of every content: the trigram index covers the first
`CONTENT_INDEX_CAP` characters, the whole text of longer contents is scanned as well; a history
of schema 2 (which indexed 64 Ki characters only) is upgraded in place, nothing lost."""

from __future__ import annotations

import sqlite3

import pytest

from explorer.demo.data import DEMO_CASES, get_demo_record, load_demo_records
from explorer.store import HistoryStore, derive, schema
from tests.unit.store.helpers import make_content, make_generation

LARGE = get_demo_record(DEMO_CASES["large-content"])
MESSAGES = LARGE.content["input"]["messages"]
COMPLETION_LINES = LARGE.content["output"]["completion"].split("\n")
# Words only the far end of the large conversation holds (none of them in the first 64 Ki).
DEEP_WORDS = [
    "OPS-4700",
    MESSAGES[2995]["content"],  # message #2996 of 3,000 (ticket OPS-5497)
    COMPLETION_LINES[0],  # any completion line: the first…
    COMPLETION_LINES[-1],  # …and the very last, past the index's cap
]


@pytest.fixture
def store(tmp_path):
    s = HistoryStore.open(tmp_path / "history.sqlite3")
    yield s
    s.close()


def ids(rows) -> list[str]:
    return [row.id for row in rows]


def test_the_large_demo_content_is_longer_than_the_index_covers():
    text = derive.content_text(LARGE.content)
    assert len(text) > derive.CONTENT_INDEX_CAP
    assert text.lower().find(COMPLETION_LINES[-1].lower()) > derive.CONTENT_INDEX_CAP
    assert all(text.lower().find(word.lower()) > schema.OLD_CONTENT_INDEX_CAP for word in DEEP_WORDS)


@pytest.mark.parametrize("word", DEEP_WORDS)
def test_words_deep_in_a_huge_content_are_found(store, word):
    store.save_many([(r.generation, r.content) for r in load_demo_records()])
    assert ids(store.list(query=word)) == [LARGE.id]
    assert store.count(query=word) == 1
    assert [a.generation_id for a in store.attempt_rows(query=word)] == [LARGE.id]


def test_a_common_word_walks_the_rows_and_still_finds_the_far_end(store, monkeypatch):
    """The walk plan (a word in most rows) tests the full text of long rows too."""
    monkeypatch.setattr(derive, "CONTENT_INDEX_CAP", 100)
    long_text = "x" * 300 + " common words at the far end"
    store.save_many([(make_generation(i), make_content(f"common n{i}")) for i in range(1, 200)]
                    + [(make_generation(200), make_content(long_text))])
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    assert ids(store.list(query="common", limit=3)) == ["gen-00200", "gen-00199", "gen-00198"]
    assert any("instr((SELECT text" in s for s in statements)  # the walk plan
    store._conn.set_trace_callback(None)
    assert ids(store.list(query="at the far end")) == ["gen-00200"]  # the collect plan
    assert store.count(query="common", cap=None) == 200  # counted once, not twice
    assert store.count(query="common", cap=10) == 11


def test_a_word_in_both_parts_counts_once_and_a_resave_forgets_the_old_text(store, monkeypatch):
    monkeypatch.setattr(derive, "CONTENT_INDEX_CAP", 50)
    store.save(make_generation(1), make_content("kiwi early " + "y" * 100 + " kiwi late, mango"))
    assert store.count(query="kiwi") == 1 and store.count(query="mango") == 1
    store.save(make_generation(1), make_content("papaya " + "z" * 100 + " guava"))
    assert store.count(query="mango") == 0 and ids(store.list(query="mango")) == []
    assert ids(store.list(query="guava")) == ["gen-00001"]
    assert store.clear() is None
    assert store.count(query="guava") == 0
    assert store._conn.execute("SELECT count(*) FROM search_full").fetchone()[0] == 0


def test_short_contents_keep_no_second_copy(store):
    store.save_many([(r.generation, r.content) for r in load_demo_records()])
    full = store._conn.execute("SELECT g.id FROM search_full f JOIN generations g ON g.pk = f.pk").fetchall()
    assert full == [(LARGE.id,)]


# --- upgrade from schema 2 ---------------------------------------------------------------


def schema_2_history(path, monkeypatch) -> None:
    """A history as schema 2 left it: content indexed up to 64 Ki characters, no search_full."""
    with monkeypatch.context() as patch:
        patch.setattr(derive, "CONTENT_INDEX_CAP", schema.OLD_CONTENT_INDEX_CAP)
        with HistoryStore.open(path) as store:
            store.save_many([(r.generation, r.content) for r in load_demo_records()], fetched_at=1_000.0)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE search_full")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    # What the old index misses: the message deep in the conversation.
    assert conn.execute("SELECT count(*) FROM search WHERE search MATCH '\"ops-4700\"'").fetchone() == (0,)
    conn.close()


def test_an_upgrade_from_schema_2_keeps_the_history_and_indexes_it_all(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    schema_2_history(path, monkeypatch)
    with HistoryStore.open(path) as store:
        assert store.writable and store.warning is None
        version = store._conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == schema.SCHEMA_VERSION == 3
        assert store.count() == len(load_demo_records())
        assert store.get(LARGE.id).content == LARGE.content and store.get(LARGE.id).fetched_at == 1_000.0
        for word in DEEP_WORDS:
            assert ids(store.list(query=word)) == [LARGE.id], word
        assert ids(store.list(query="quasar compute")) == [DEMO_CASES["schema-drift"]]  # the rest too
        # The FTS index itself now covers the words before the new cap.
        hits = store._conn.execute("SELECT count(*) FROM search WHERE search MATCH '\"ops-4700\"'").fetchone()
        assert hits == (1,)
        # The index agrees with its content table (FTS5 raises SQLITE_CORRUPT_VTAB otherwise).
        store._conn.execute("INSERT INTO search (search, rank) VALUES ('integrity-check', 1)")


def test_the_upgrade_reindexes_only_long_contents(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    schema_2_history(path, monkeypatch)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute(schema.SEARCH_FULL_TABLE)
    assert schema.reindex_long_contents(conn, fts=True) == 1
    conn.execute("ROLLBACK")
    conn.close()


def test_a_schema_2_file_opened_read_only_still_searches(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    schema_2_history(path, monkeypatch)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)  # as if 2 were newer: opened read-only
    with HistoryStore.open(path) as store:
        assert store.enabled and not store.writable
        assert ids(store.list(query="OPS-4000")) == [LARGE.id] and store.count(query="OPS-4000") == 1
        assert store.list(query="OPS-4700") == [] and store.warning.startswith("History was written")
