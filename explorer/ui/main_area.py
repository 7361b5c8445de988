"""`MainArea`: the right-hand side of the explorer, and the screen that holds it.

A mixin of `ExplorerApp`. The main area shows either the status view (welcome, loading, an
error, a pending countdown) or the results: the attempts waterfall over the content tabs,
mounted after the first frame. It also moves focus out of the ID entry when an answer shows.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.screen import Screen

from explorer.ui.compat import QuietFocusScreen

from explorer.ui.widgets.status_view import StatusView

if TYPE_CHECKING:
    from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall
    from explorer.ui.widgets.content_viewer import ContentViewer


class ExplorerScreen(QuietFocusScreen):
    """The main screen (focus moves on every lookup: see `QuietFocusScreen`)."""


class MainArea:
    """Status view or results; uses `ExplorerApp`'s `lookup`, `_results_mounted` and
    `_leave_entry`."""

    def get_default_screen(self) -> Screen:
        return ExplorerScreen(id="_default", classes="-explorer")  # the grid of explorer.tcss

    async def ensure_results(self) -> None:
        """Mount the results pane (attempts + content tabs) on first need.

        It is hidden until a generation loads, and it is most of the widgets: leaving it out
        of the first frame is what keeps start-up close to a bare Textual app's.
        """
        if self._results_mounted is None:
            self._results_mounted = asyncio.Event()
            # Imported here: the results pane (and its text layout code) is not part of the
            # first frame, so neither is its import.
            from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall
            from explorer.ui.widgets.content_viewer import ContentViewer

            attempts = AttemptsWaterfall(id="attempts")
            attempts.border_title = "Provider attempts"
            content = ContentViewer(id="content")
            attempts.display = content.display = self.main_view == "results"
            await self.query_one("#main").mount(attempts, content)
            self._results_mounted.set()
        await self._results_mounted.wait()  # a second caller waits for the first mount

    @property
    def _viewer(self) -> ContentViewer:
        return self.query_one("#content")  # type: ignore[return-value]  (mounted lazily)

    @property
    def _attempts(self) -> AttemptsWaterfall:
        return self.query_one("#attempts")  # type: ignore[return-value]

    @property
    def main_view(self) -> str:
        """What the main area shows: "status" (welcome, loading, error) or "results"."""
        return "status" if self.query_one(StatusView).display else "results"

    def _show_main(self, view: str) -> None:
        if view != self.main_view:
            self.query_one(StatusView).display = view == "status"
            for pane in self.query("#main > #attempts, #main > #content"):
                pane.display = view == "results"

    def _focus_results(self) -> None:
        self._viewer.focus_content()

    def _leave_entry_for(self, widget) -> None:
        if self._leave_entry:
            self._leave_entry = False
            widget.focus()
