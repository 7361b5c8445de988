"""A history store seeded with the demo data set, as the history views' tests read it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

from explorer.demo.data import load_demo_records
from explorer.store import HistoryStore
from tests.support.clock import NOW

FETCHED_AT = NOW - 3600.0  # 2026-12-01 11:00:00 UTC: every seeded row was "fetched" then


@cache
def _seeded_file() -> Path:
    """The seeded history, written once per test process (indexing the 1 MB demo conversation
    takes a fifth of a second; copying the file, a few milliseconds)."""
    folder = Path(tempfile.mkdtemp(prefix="explorer-seeded-history-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "history.db"
    store = HistoryStore.open(path)
    warning = store.save_many([(r.generation, r.content) for r in load_demo_records()],
                              fetched_at=FETCHED_AT)
    store.close()  # (checkpoints the WAL: the file alone holds everything)
    assert warning is None, warning
    return path


def seeded_store(path) -> HistoryStore:
    """A history at `path` holding the demo data set, fetched at FETCHED_AT."""
    shutil.copyfile(_seeded_file(), path)
    os.chmod(path, 0o600)  # as the store creates its files
    return HistoryStore.open(path)
