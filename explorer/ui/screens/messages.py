"""Messages the views post to the app: they bubble from the screen to `ExplorerApp`, which
returns to the main screen and shows the generation (or looks it up)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual.message import Message

from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from textual.screen import Screen

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


async def open_stored(screen: Screen, open_store: Callable[[], Awaitable[Any]], generation_id: str,
                      *, note: str = "") -> bool:
    """Read `generation_id` from the history in a thread and post `LookupOpened` for it (its
    note: `note` and when it was fetched); a damaged row is said on `screen`. False when the
    generation is not in the history (the caller says what then)."""
    from explorer.presentation.history_cells import fetched_note
    from explorer.store.rebuild import load_stored_lookup

    store = await open_store()
    try:
        opened = await asyncio.to_thread(load_stored_lookup, store, generation_id)
    except Exception as error:  # a damaged row must not take the app down
        screen.notify(one_line(f"Cannot read it from the history: {error}", limit=300),
                      severity="error", markup=False)
        return True
    if opened is None:
        return False
    lookup, fetched_at = opened
    screen.post_message(LookupOpened(lookup, note + fetched_note(fetched_at)))
    return True
