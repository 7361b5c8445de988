"""The batch view when the history cannot be written: every ok row it did not save says so, the
counts and the summary say how many and why, and nothing ok is missing from both."""

from __future__ import annotations

import sqlite3

from explorer.demo.data import UNKNOWN_ID_EXAMPLE
from explorer.store import HistoryStore
from explorer.store.database import WritePolicy
from explorer.ui.screens.batch import BatchScreen
from explorer.ui.widgets.batch_table import BatchTable
from tests.support.app import FALLBACK_ID, REASONING_ID, TOOLS_ID
from tests.support.pilot import settle, wait_until
from tests.support.screen import notifications, screen_text
from tests.support.sizes import APP_SIZE

BATCH = [FALLBACK_ID, TOOLS_ID, UNKNOWN_ID_EXAMPLE, REASONING_ID]
LOCKED = "3 of 3 not saved to history: database is locked"


def row_text(app, generation_id: str) -> str:
    return " ".join(app.screen.query_one(BatchTable).row_texts(generation_id))


async def test_a_locked_history_flags_every_ok_row_and_says_how_many(make_app, tmp_path):
    path = tmp_path / "history.db"
    store = HistoryStore.open(path, WritePolicy(busy_timeout=0.02, tries=2, backoff=0.001))
    other = sqlite3.connect(path, isolation_level=None)  # another writer holds the lock throughout
    other.execute("BEGIN IMMEDIATE")
    try:
        app = make_app(ids=BATCH, store=store)
        async with app.run_test(size=APP_SIZE) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
            await settle(pilot)
            text = screen_text(app)
            assert "4 / 4 done · 3 ok · 1 failed · 3 not saved to history" in text
            assert LOCKED in text
            assert LOCKED in [n.message for n in notifications(app) if n.severity == "warning"]
            for generation_id in (FALLBACK_ID, TOOLS_ID, REASONING_ID):
                row = row_text(app, generation_id)
                assert "✓ ok" in row and "not saved to history: database is locked" in row
            assert "not saved" not in row_text(app, UNKNOWN_ID_EXAMPLE)
    finally:
        other.execute("COMMIT")
        other.close()
    assert store.count(cap=None) == 0  # shown ok (3) = stored (0) + flagged (3)
    store.close()


async def test_a_saved_batch_says_nothing_about_saving(make_app, empty_store):
    app = make_app(ids=BATCH, store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        text = screen_text(app)
        assert "4 / 4 done · 3 ok · 1 failed" in text and "not saved" not in text
        assert empty_store.count(cap=None) == 3
