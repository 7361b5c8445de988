"""`LookupPane`: the main screen's right-hand side — the status view, or the results.

The status view shows the welcome screen, a lookup in flight, a pending countdown or an error;
the results are the attempts waterfall over the content tabs, mounted after the first frame.
It only renders what the main screen's state says.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.containers import Vertical

from explorer.ui.lookup_state import Failed, Loading, LookupState, Pending
from explorer.ui.widgets.status_view import StatusView

if TYPE_CHECKING:
    from explorer.api.client import Lookup
    from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall
    from explorer.ui.widgets.content_viewer import ContentViewer


class LookupPane(Vertical):
    """Status view or results; `view` says which shows. Its `StatusView` is composed into it
    by the screen (so it exists once the screen is mounted); the results come later."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._results_mounted: asyncio.Event | None = None
        self.attempts: AttemptsWaterfall | None = None
        """The attempts waterfall (None until the results are mounted)."""
        self.viewer: ContentViewer | None = None
        """The content tabs (None until the results are mounted)."""

    @property
    def status(self) -> StatusView:
        """The status view (welcome, loading, pending, error)."""
        return self.query_one(StatusView)

    @property
    def view(self) -> str:
        """What shows: "status" (welcome, loading, error) or "results"."""
        return "status" if self.status.display else "results"

    async def ensure_results(self) -> None:
        """Mount the results (attempts + content tabs) on first need.

        They are hidden until a generation loads, and they are most of the widgets: leaving
        them out of the first frame is what keeps start-up close to a bare Textual app's.
        """
        if self._results_mounted is None:
            self._results_mounted = asyncio.Event()
            # Imported here: the results (and their text layout code) are not part of the
            # first frame, so neither is their import.
            from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall
            from explorer.ui.widgets.content_viewer import ContentViewer

            attempts = AttemptsWaterfall(id="attempts")
            attempts.border_title = "Provider attempts"
            content = ContentViewer(id="content")
            attempts.display = content.display = self.view == "results"
            await self.mount(attempts, content)
            self.attempts, self.viewer = attempts, content
            self._results_mounted.set()
        await self._results_mounted.wait()  # a second caller waits for the first mount

    def show_results(self, lookup: Lookup) -> None:
        """Show `lookup`'s attempts and content (the results must be mounted)."""
        assert self.attempts is not None and self.viewer is not None, "results not mounted"
        self.attempts.show(lookup.generation.provider_responses)
        self.viewer.show(lookup)
        self._switch("results")

    def show_status(self, state: LookupState) -> None:
        """Show `state` (anything but a generation) in the status view."""
        self._switch("status")
        status = self.status
        if isinstance(state, Loading):
            status.show_loading(state.generation_id)
        elif isinstance(state, Pending):
            status.show_pending(state.error, state.generation_id, state.seconds_left,
                                state.attempt, state.max_attempts)
        elif isinstance(state, Failed):
            status.show_error(state.error, state.generation_id)
        else:
            status.show_welcome()

    def clear_results(self) -> None:
        """Drop the generation shown in the results (they hide behind the status view)."""
        if self.viewer is not None:
            self.viewer.clear()

    def _switch(self, view: str) -> None:
        if view != self.view:
            self.status.display = view == "status"
            for pane in (self.attempts, self.viewer):
                if pane is not None:
                    pane.display = view == "results"
