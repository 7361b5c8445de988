"""`LookupState`: what the main screen shows, as one value.

Every path of a lookup (loading, pending, failed, loaded, an ID refused) sets the main screen's
`state` to one of these, and its watcher renders it. Plain frozen values, no textual import.
They compare by identity: a new state always renders, and no Lookup is compared field by field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.api.client import Lookup
    from explorer.api.errors import ApiError


class LookupState:
    """Base of the states: the ID asked for and the generation on screen."""

    generation_id: str | None

    @property
    def on_screen(self) -> Lookup | None:
        """The generation on screen (None: the status view shows instead)."""
        return None


@dataclass(frozen=True, eq=False)
class Idle(LookupState):
    """Nothing asked yet: the welcome screen (with the examples, in demo mode)."""

    generation_id: None = None


@dataclass(frozen=True, eq=False)
class Loading(LookupState):
    """A lookup of `generation_id` is in flight. `previous` stays on screen meanwhile (for up to
    the loading delay, so a fast answer replaces it without a loading flash); without one the
    status view says "Loading…"."""

    generation_id: str
    previous: Lookup | None = None

    @property
    def on_screen(self) -> Lookup | None:
        return self.previous


@dataclass(frozen=True, eq=False)
class Pending(LookupState):
    """A generation too young to have stats: the next try comes in `seconds_left` seconds."""

    generation_id: str
    error: ApiError
    seconds_left: int
    attempt: int
    max_attempts: int


@dataclass(frozen=True, eq=False)
class Failed(LookupState):
    """The lookup ended with `error`; `generation_id` is None when the ID itself was refused
    (or when no lookup could start, e.g. without an API key)."""

    generation_id: str | None
    error: ApiError


@dataclass(frozen=True, eq=False)
class Loaded(LookupState):
    """`lookup` is on screen; `note` says where it came from (history, batch), if not fetched
    just now."""

    lookup: Lookup
    note: str = ""

    @property
    def generation_id(self) -> str:  # type: ignore[override]
        return self.lookup.id

    @property
    def on_screen(self) -> Lookup | None:
        return self.lookup
