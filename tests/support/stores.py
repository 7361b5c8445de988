"""A history store seeded with the demo data set, as the history views' tests read it."""

from __future__ import annotations

from explorer.demo.data import load_demo_records
from explorer.store import HistoryStore
from tests.support.clock import NOW

FETCHED_AT = NOW - 3600.0  # 2026-12-01 11:00:00 UTC: every seeded row was "fetched" then


def seeded_store(path) -> HistoryStore:
    """A history at `path` holding the demo data set, fetched at FETCHED_AT."""
    store = HistoryStore.open(path)
    store.save_many([(r.generation, r.content) for r in load_demo_records()], fetched_at=FETCHED_AT)
    return store
