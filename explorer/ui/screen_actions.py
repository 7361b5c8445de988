"""`ScreenActions`: the explorer app's views and their keys — history, batch, provider
statistics, compare (from the history) and export.

A mixin of `ExplorerApp`, kept apart so the app module stays about the lookup pipeline. It is
light to import: every screen is imported and composed when first opened, never at start-up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding
from textual.screen import Screen

from explorer.presentation.safe_text import one_line
from explorer.ui.screens.messages import LookupOpened, RefetchRequested
from explorer.ui.session_results import SessionResults

if TYPE_CHECKING:
    from explorer.api.client import Lookup
    from explorer.ui.dialogs.export import ExportRequest
    from explorer.ui.screens.batch import BatchScreen
    from explorer.ui.screens.history import HistoryScreen

VIEWS = Binding.Group("Views")
SCREEN_KEYS = [
    Binding("h", "history", "History", id="history", group=VIEWS,
            tooltip="Past generations from the local history: filter, sort, compare, re-open"),
    Binding("s", "provider_stats", "Provider stats", id="provider-stats", group=VIEWS,
            tooltip="Which provider is failing us: attempts, success rate, latency, failures"),
    Binding("b", "batch_view", "Batch", id="batch-view", group=VIEWS,
            tooltip="The batch view (paste several IDs in the entry to start a batch)"),
    Binding("e", "export", "Export", id="export",
            tooltip="Save the generation on screen as Markdown or JSON"),
]
"""The app-level keys of the views (listed in the app's BINDINGS, help and palette)."""

SCREEN_ACTIONS = {"history", "provider_stats", "batch_view", "export"}


class ScreenActions:
    """Opens the views and reacts to what they post (`LookupOpened`, `RefetchRequested`).

    Relies on the app's `ensure_client()` / `ensure_store()` (services built off the loop),
    `load()`, `show_lookup()`, `lookup`, `batch_concurrency` and `_sleep`.
    """

    session_results: SessionResults | None = None
    _history_view: HistoryScreen | None = None
    _batch_view: BatchScreen | None = None

    # -- opening views -------------------------------------------------------------------

    def _session(self) -> SessionResults:
        if self.session_results is None:
            self.session_results = SessionResults()
        return self.session_results

    def _history_screen(self: Any) -> HistoryScreen:
        if self._history_view is None:
            from explorer.ui.screens.history import HistoryScreen

            self._history_view = HistoryScreen(self.ensure_store, session_results=self._session(),
                                               sleep=self._sleep)
            self.install_screen(self._history_view, name="history")
        return self._history_view

    def _batch_screen(self: Any) -> BatchScreen:
        if self._batch_view is None:
            from explorer.ui.screens.batch import BatchScreen

            self._batch_view = BatchScreen(
                self.ensure_client, self.ensure_store, session_results=self._session(),
                concurrency=getattr(self, "batch_concurrency", 8), sleep=self._sleep,
            )
            self.install_screen(self._batch_view, name="batch")
        return self._batch_view

    def _show_view(self: Any, screen: Screen) -> None:
        """Show `screen` right above the main screen (closing any other view)."""
        if self.screen is screen:
            return
        self._return_to_main()
        self.push_screen(screen)

    def _return_to_main(self: Any) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_history(self: Any, sort: str | None = None) -> None:
        """Toggle the history pane (`sort`: open it sorted so, e.g. by fetch time)."""
        screen = self._history_screen()
        if self.screen is screen and sort is None:
            self.pop_screen()
            return
        if sort is not None:
            screen.show_sorted(sort)
        self._show_view(screen)

    def action_provider_stats(self: Any) -> None:
        """Provider statistics over the whole history."""
        from explorer.ui.screens.provider_stats import ProviderStatsScreen

        self.push_screen(ProviderStatsScreen(self.ensure_store))

    def action_batch_view(self: Any) -> None:
        """Show the batch view, if a batch ran in this session."""
        if self._batch_view is None:
            self.notify("No batch yet: paste several IDs into the entry, or give them on the "
                        "command line (or --ids-file).", severity="warning")
        else:
            self._show_view(self._batch_view)

    def start_batch(self: Any, ids: Sequence[str]) -> None:
        """Look up every ID concurrently in the batch view (replacing a running batch)."""
        screen = self._batch_screen()
        if screen.running:
            self.notify("The previous batch was cancelled: a new one started.", title="Batch")
        screen.start(ids)
        self._show_view(screen)

    # -- what the views post ------------------------------------------------------------

    async def on_lookup_opened(self: Any, message: LookupOpened) -> None:
        self._return_to_main()
        await self.show_lookup(message.lookup, message.note)

    def on_refetch_requested(self: Any, message: RefetchRequested) -> None:
        self._return_to_main()
        self.load(message.generation_id)

    def on_batch_screen_batch_finished(self: Any) -> None:
        # The history pane on screen while a batch ends shows its results at once.
        if self._history_view is not None and self.screen is self._history_view:
            self._history_view.reload()

    # -- export --------------------------------------------------------------------------

    def action_export(self: Any) -> None:
        """Ask where to save the generation on screen, then write it."""
        from explorer.export.files import default_export_path
        from explorer.ui.dialogs.export import ExportDialog

        lookup = self.lookup
        if lookup is None:
            self.notify("Nothing to export: open a generation first.", severity="warning")
            return
        dialog = ExportDialog(default_export_path(lookup.id), blink=self.animation_level != "none")
        self.push_screen(dialog, lambda request: request and self._export(lookup, request))

    @work(group="export", exit_on_error=False)
    async def _export(self: Any, lookup: Lookup, request: ExportRequest) -> None:
        from explorer.export.files import write_export

        try:
            path, size = await asyncio.to_thread(write_export, lookup, request.path,
                                                 overwrite=request.overwrite)
        except FileExistsError:
            self.notify(f"Not exported: {one_line(request.path, 200)} exists (it was not "
                        "overwritten).", title="Export", severity="error", markup=False)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.notify(f"Not exported to {one_line(request.path, 200)}: {one_line(reason, 200)}",
                        title="Export", severity="error", markup=False)
        else:
            self.notify(f"Saved {one_line(str(path), 200)} ({size:,} bytes).", title="Exported",
                        markup=False)
