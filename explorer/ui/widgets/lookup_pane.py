"""`LookupPane`: the main screen's right-hand side — the status view, or the results.

The status view shows the welcome screen, a lookup in flight, a pending countdown or an error;
the results are the attempts waterfall over the content tabs, mounted after the first frame.
When a lookup of another ID fails while a generation is shown, the generation stays and a
`FailedLookupNotice` above it says what failed. It only renders what the main screen's state
says.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from explorer.presentation.safe_text import one_line
from explorer.ui.lookup_state import Failed, Loading, LookupState, Pending
from explorer.ui.styles import MUTED
from explorer.ui.widgets.status_view import StatusView

if TYPE_CHECKING:
    from explorer.api.client import Lookup
    from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall
    from explorer.ui.widgets.content_viewer import ContentViewer


class FailedLookupNotice(Static):
    """A lookup that failed while another generation is on screen: which ID, why, and that
    the generation below is the one shown before."""

    DEFAULT_CSS = """
    FailedLookupNotice {
        height: auto;
        padding: 0 1;
        border-left: wide $error;
        display: none;
    }
    """

    def show_failure(self, state: Failed | None) -> None:
        """Say why `state`'s lookup failed (None: hide)."""
        self.display = state is not None and state.previous is not None
        if state is None or state.previous is None:
            return
        error, failed_id = state.error, one_line(state.generation_id or "", limit=80)
        retry = (("r", "bold"), (" retries it", MUTED)) if failed_id else ()
        self.update(Content.assemble(
            (f"✗ {one_line(error.title)}", "bold $text-error"),
            *((" · ", (failed_id, "bold")) if failed_id else ()), ": ",
            one_line(error.message, limit=200), "\n",
            *((one_line(error.hint, limit=300), MUTED), ("\n", "")) if error.hint else (),
            (f"Still showing {one_line(state.previous.id, limit=80)} below", MUTED),
            *(((" · ", MUTED), *retry) if retry else ()),
        ))


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
        self.notice: FailedLookupNotice | None = None
        """Why a lookup failed, above the generation still shown (None until mounted)."""

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

            notice = FailedLookupNotice(id="failed-lookup")
            attempts = AttemptsWaterfall(id="attempts")
            attempts.border_title = "Provider attempts"
            content = ContentViewer(id="content")
            attempts.display = content.display = self.view == "results"
            await self.mount(notice, attempts, content)
            self.notice, self.attempts, self.viewer = notice, attempts, content
            self._results_mounted.set()
        await self._results_mounted.wait()  # a second caller waits for the first mount

    def show_failure(self, state: LookupState) -> None:
        """Above the results: why `state`'s lookup failed, if it is a `Failed` that leaves the
        generation before it on screen (else the notice hides)."""
        if self.notice is not None:
            failed = state if isinstance(state, Failed) and state.previous is not None else None
            if failed is not None or self.notice.display:
                self.notice.show_failure(failed)

    def show_results(self, lookup: Lookup) -> None:
        """Show `lookup`'s attempts and content (the results must be mounted)."""
        assert self.attempts is not None and self.viewer is not None, "results not mounted"
        content_error = lookup.content.error if lookup.content is not None else None
        self.attempts.show(lookup.generation.provider_responses, content_error)
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
                                state.attempt, state.max_attempts, state.finished_seconds_ago)
        elif isinstance(state, Failed):
            status.show_error(state.error, state.generation_id)
        else:
            status.show_welcome()

    def on_resize(self) -> None:
        if self.attempts is not None:  # the attempts pane takes its share of the new height
            self.attempts.fit_height()

    def on_attempts_waterfall_attempt_picked(self, message: AttemptsWaterfall.AttemptPicked,
                                             ) -> None:
        from explorer.ui.dialogs.attempt_detail import AttemptDetailDialog

        title = f"Provider attempt {message.index + 1}"
        self.app.push_screen(AttemptDetailDialog(title, message.detail))

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
