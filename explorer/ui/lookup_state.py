"""`LookupState`: what the main screen shows, as one value.

Every path of a lookup (loading, pending, failed, loaded, an ID refused) sets the main screen's
`state` to one of these, and its watcher renders it. Plain frozen values, no textual import.
They compare by identity: a new state always renders, and no Lookup is compared field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

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
    """A lookup of `generation_id` is in flight since `started`. `previous` is the generation
    shown before: it stays on screen while `showing_previous` (up to the loading delay, so a
    fast answer replaces it without a loading flash); otherwise the status view says
    "Loading…" with the time elapsed. If the lookup fails or is cancelled, `previous` shows
    again."""

    generation_id: str
    previous: Lookup | None = None
    showing_previous: bool = False
    started: datetime | None = None

    @property
    def on_screen(self) -> Lookup | None:
        return self.previous if self.showing_previous else None


@dataclass(frozen=True, eq=False)
class Pending(LookupState):
    """A generation too young to have stats: the next try comes in `seconds_left` seconds;
    it finished `finished_seconds_ago` (None: unknown). `previous`: as `Loading`'s."""

    generation_id: str
    error: ApiError
    seconds_left: int
    attempt: int
    max_attempts: int
    finished_seconds_ago: int | None = None
    previous: Lookup | None = None


@dataclass(frozen=True, eq=False)
class Failed(LookupState):
    """The lookup ended with `error`; `generation_id` is None when the ID itself was refused
    (or when no lookup could start, e.g. without an API key). `previous`, the generation shown
    before (of another ID), stays on screen under the error."""

    generation_id: str | None
    error: ApiError
    previous: Lookup | None = None

    @property
    def on_screen(self) -> Lookup | None:
        return self.previous


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


# Transitions that keep the generation shown before a lookup ------------------------------------


def kept_after_failure(state: LookupState, failed_id: str | None) -> Lookup | None:
    """The generation to keep on screen when the lookup of `failed_id` (in `state`) fails: the
    one shown before it, unless that one is the ID that failed (a re-lookup's error replaces
    it: what is on screen may be what is wrong)."""
    previous = getattr(state, "previous", None)
    return previous if previous is not None and previous.id != failed_id else None


def after_cancel(state: LookupState) -> LookupState:
    """What shows once the lookup in flight in `state` is cancelled: the generation shown
    before it, else the welcome screen."""
    previous = getattr(state, "previous", None)
    return Loaded(previous) if previous is not None else Idle()


def after_loading_delay(state: LookupState) -> LookupState | None:
    """`state` once the loading delay is over: a generation of another ID still on screen
    makes way for "Loading…" (None: nothing changes)."""
    if (isinstance(state, Loading) and state.showing_previous and state.previous is not None
            and state.previous.id != state.generation_id):
        return replace(state, showing_previous=False)
    return None
