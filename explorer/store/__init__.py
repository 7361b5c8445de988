"""Persistent history of looked-up generations (SQLite; no Textual dependency).

Re-exports load on first use: the light read models (`queries`, `rebuild`) are imported by the
views at start-up, the SQLite store only when a history is opened.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {name: "explorer.store.history" for name in
            ("SORTS", "AttemptRow", "HistoryRow", "HistoryStore", "StoredGeneration")}
_EXPORTS["COUNT_CAP"] = "explorer.store.queries"
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'explorer.store' has no attribute {name!r}")
