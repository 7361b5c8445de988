"""`LookupSaver`: what the main screen shows goes to the history when it does not compete
with the user.

A generation is saved after the frame that shows it. A big one (its tabs built in a thread)
waits for its tabs, then for `QUIET_SECONDS` more: serialising and indexing megabytes holds
the GIL for tens of milliseconds at a time, which the user would feel as a late tab or a
stalled frame (`huge_show_s`). Quitting ends the wait (`finish`): nothing is left unsaved.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from explorer.ui.history_warning import notify_history_warning

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from explorer.api.client import Lookup
    from explorer.services import Services
    from explorer.ui.widgets.content_viewer import ContentViewer

QUIET_SECONDS = 0.5
"""How long a big generation's save waits once its tabs are built (the user opens them)."""


class LookupSaver:
    """Saves lookups for `node` (which says a failed save) through `services`; `sleep` paces
    the quiet wait (the app's clock: a fake one in tests)."""

    def __init__(self, node: DOMNode, services: Services,
                 sleep: Callable[[float], Awaitable[None]]) -> None:
        self._node = node
        self._services = services
        self._sleep = sleep
        self._at_once = asyncio.Event()  # set by `finish`: no more waiting
        self._saving = 0
        self._ended = asyncio.Event()

    async def save(self, lookup: Lookup, viewer: ContentViewer | None) -> None:
        """Save `lookup` once its tabs (in `viewer`) are built, and say why if it fails."""
        self._saving += 1
        try:
            if viewer is not None:
                await viewer.builds_ended(lookup)  # the tabs first: the user waits for them
                from explorer.presentation.content_tabs import is_big

                if is_big(lookup) and not self._at_once.is_set():
                    await self._quiet()
                    await viewer.builds_ended(lookup)
            warning = await self._services.save_to_history(lookup)
            notify_history_warning(self._node, self._services, warning)
        finally:
            self._saving -= 1
            self._ended.set()

    async def finish(self) -> None:
        """Save what waits for a quiet moment now; return once every save has ended."""
        self._at_once.set()
        while self._saving:
            self._ended.clear()
            await self._ended.wait()

    async def _quiet(self) -> None:
        sleeping = asyncio.ensure_future(self._sleep(QUIET_SECONDS))
        interrupted = asyncio.ensure_future(self._at_once.wait())
        try:
            await asyncio.wait({sleeping, interrupted}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeping.cancel()
            interrupted.cancel()
