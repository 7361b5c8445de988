"""Messages the views post to the app: they bubble from the screen to `ExplorerApp`, which
returns to the main screen and shows the generation (or looks it up)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from explorer.api.client import Lookup


class LookupOpened(Message):
    """A generation already fetched (from the history or a batch) was opened: show it as is,
    with `note` saying where it came from; no request is sent."""

    def __init__(self, lookup: Lookup, note: str) -> None:
        super().__init__()
        self.lookup = lookup
        self.note = note


class RefetchRequested(Message):
    """The user asked for a fresh lookup of `generation_id` from the API."""

    def __init__(self, generation_id: str) -> None:
        super().__init__()
        self.generation_id = generation_id
