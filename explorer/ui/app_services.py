"""`LazyServices`: the app's client, history store and examples, built after the first frame.

A mixin of `ExplorerApp`. The factories run in a thread, so start-up never waits for httpx,
pydantic, SQLite or the demo data to load; every user of a service awaits `ensure_*`.
"""

from __future__ import annotations

import asyncio
import gc
import math
from typing import TYPE_CHECKING, Any

from textual import work

from explorer.api.errors import ApiError
from explorer.presentation.safe_text import one_line
from explorer.ui.widgets.status_view import StatusView

if TYPE_CHECKING:
    from explorer.api.client import GenerationsClient


class LazyServices:
    """Builds and hands out the services of `ExplorerApp` (see its `__init__` for the state)."""

    async def ensure_client(self) -> GenerationsClient:
        """The API client, built on first need (its factory may raise a typed ApiError)."""
        async with self._services_lock:
            if self._client is None:
                self._client = await asyncio.to_thread(self._client_source)
            return self._client

    async def ensure_store(self) -> Any:
        """The history store (or None), opened on first need; warns once if it is disabled."""
        async with self._services_lock:
            if self._store is None and callable(self._store_source):
                self._store = await asyncio.to_thread(self._store_source)
                self._store_source = None
            store = self._store
        warning = getattr(store, "warning", None)
        if warning and not self._history_warned:
            self._history_warned = True
            self.notify(one_line(warning, limit=300), title="History", severity="warning",
                        markup=False)
        return store

    @work(group="services", exit_on_error=False)
    async def _start_services(self) -> None:
        await self.ensure_results()  # ready before the first lookup needs it
        try:
            await self.ensure_client()
        except ApiError as error:  # e.g. no API key: say so at once, in place
            if self._generation_id is None:
                self._show_status().show_error(error, None)
        await self.ensure_store()
        if callable(self._examples_source):
            self._examples = list(await asyncio.to_thread(self._examples_source))
            self.query_one(StatusView).set_examples(self._examples)
        # The views' code loads now, in a thread, not on the key that first opens one.
        await asyncio.to_thread(_import_views)
        # What exists now (modules, widgets, styles, demo data) lives as long as the app: out
        # of the collector's sight, its full passes stop taking tens of milliseconds mid-frame.
        gc.freeze()

    def _max_attempts(self, client: GenerationsClient) -> int:
        if self._pending_max_attempts:
            return self._pending_max_attempts
        return max(2, math.ceil(client.pending_window / self._retry_seconds) + 1)


def _import_views() -> None:
    import explorer.ui.screens.batch  # noqa: F401
    import explorer.ui.screens.history  # noqa: F401
