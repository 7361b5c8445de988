"""Persistent history of looked-up generations (SQLite; no Textual dependency)."""

from explorer.store.history import (
    COUNT_CAP,
    SORTS,
    AttemptRow,
    HistoryRow,
    HistoryStore,
    StoredGeneration,
)
from explorer.store.location import data_dir, history_path

__all__ = [
    "COUNT_CAP",
    "SORTS",
    "AttemptRow",
    "HistoryRow",
    "HistoryStore",
    "StoredGeneration",
    "data_dir",
    "history_path",
]
