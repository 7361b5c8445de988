"""`SessionResults`: how every batch of this session ended, per ID.

Successes are in the history store already; failures are kept only here (never written to the
store), so the history pane can list them, marked, for as long as the app runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.api.batch import BatchResult


@dataclass
class SessionResults:
    """IDs fetched by a batch in this session, and why the failed ones failed."""

    fetched: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)

    def record(self, result: BatchResult) -> None:
        """Remember how `result`'s ID ended (a later success clears an earlier failure)."""
        if result.ok:
            self.fetched.add(result.id)
            self.failed.pop(result.id, None)
        else:
            self.fetched.discard(result.id)
            error = result.error
            self.failed[result.id] = error.one_line() if error is not None else "failed"

    def failures_matching(self, query: str) -> list[tuple[str, str]]:
        """(ID, error) of failures whose ID contains `query` (case-insensitive), newest first."""
        needle = query.strip().lower()
        return [(gid, error) for gid, error in reversed(self.failed.items())
                if needle in gid.lower()]

    def mark(self, generation_id: str) -> str:
        """`✓` fetched by a batch in this session, `✗` failed, else blank."""
        if generation_id in self.failed:
            return "✗"
        return "✓" if generation_id in self.fetched else ""
