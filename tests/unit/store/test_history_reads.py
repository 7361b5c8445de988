"""Reading the history for the views: pages of the demo data set, and rebuilding a lookup
from a stored generation."""

from __future__ import annotations

import pytest

from explorer.demo.data import DEMO_CASES, get_demo_record
from explorer.presentation.history_cells import fetched_note
from explorer.store import HistoryStore
from explorer.store.queries import HistoryFilter, read_page
from explorer.store.rebuild import ContentNotInHistory, load_stored_lookup, lookup_from_stored
from explorer.store.schema import StoredGeneration
from tests.support.stores import seeded_store


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    store = seeded_store(tmp_path / "history.db")
    yield store
    store.close()


def test_read_page_pages_and_counts(store):
    first = read_page(store, HistoryFilter(), 0, limit=10)
    assert len(first.rows) == 10 and first.total == 21 and first.has_more
    rest = read_page(store, HistoryFilter(), 10, limit=20)
    assert len(rest.rows) == 11 and rest.total is None and not rest.has_more
    assert not {r.id for r in first.rows} & {r.id for r in rest.rows}
    assert read_page(None, HistoryFilter()).rows == []


def test_lookup_from_stored_matches_the_raw_json():
    record = get_demo_record(DEMO_CASES["tool-chat-image"])
    lookup = lookup_from_stored(StoredGeneration(record.generation, record.content, 1_795_000_000.0))
    assert lookup.id == record.id and lookup.raw_generation == record.generation
    assert lookup.raw_content == record.content and lookup.content is not None
    assert lookup.fetched_at == 1_795_000_000.0 and lookup.content_error is None
    bare = lookup_from_stored(StoredGeneration(record.generation, None, 1.0))
    assert bare.content is None and isinstance(bare.content_error, ContentNotInHistory)


def test_load_stored_lookup_notes_when_it_was_fetched(store):
    lookup, fetched_at = load_stored_lookup(store, DEMO_CASES["fallback-chain"])
    note = fetched_note(fetched_at)
    assert lookup.id == DEMO_CASES["fallback-chain"]
    assert note.startswith("from history · fetched 20")
    assert load_stored_lookup(store, "gen-missing") is None
    assert load_stored_lookup(None, "gen-missing") is None
