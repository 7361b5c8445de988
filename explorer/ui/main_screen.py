"""`MainScreen`: what happened to one generation — cost, tokens, timing, attempts, content.

It owns the ID entry, the status view, the results (the attempts waterfall over the content
tabs, mounted after the first frame) and the metadata panel, with their keys. Data flows one
way: `IdEntry.IdSubmitted` → `load()` → the exclusive lookup worker → `GenerationLoaded` /
`LookupFailed` / `PendingCountdownTicked` (dropped when stale) → the `state` reactive → its
watcher → widgets that only render.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import var

from explorer.api.errors import ApiError, InvalidIdError, UnshowableResponseError
from explorer.api.ids import normalize_id, parse_ids
from explorer.presentation.safe_text import one_line
from explorer.ui.answer_focus import AnswerFocus
from explorer.ui.clipboard import CopyText
from explorer.ui.commands import PaletteCommand, binding_commands, id_commands
from explorer.ui.compat import QuietFocusScreen
from explorer.ui.copier import Copier
from explorer.ui.dialogs.help import KeyHelp, screen_key_help
from explorer.ui.export_action import ask_and_export
from explorer.ui.lines.key_bar import KeyBar
from explorer.ui.lookup_saver import LookupSaver
from explorer.ui.lookup_progress import CANCEL_LOOKUP, LoadingClock, can_cancel, show_server
from explorer.ui.lookup_state import (Failed, Idle, Loaded, Loading, LookupState, Pending,
                                      after_cancel, after_loading_delay, kept_after_failure)
from explorer.ui.main_keys import LETTER_ACTIONS, MAIN_KEYS, NEEDS_ID, NEEDS_LOOKUP
from explorer.ui.messages import (GenerationLoaded, LookupFailed, PendingCountdownTicked,
                                  fetch_and_post)
from explorer.ui.widgets.id_entry import IdEntry
from explorer.ui.widgets.lookup_pane import LookupPane
from explorer.ui.widgets.metadata_panel import MetadataPanel, panel_width
from explorer.ui.widgets.status_view import StatusView

if TYPE_CHECKING:
    from explorer.api.client import Lookup
    from explorer.services import Services
    from explorer.ui.widgets.content_viewer import ContentViewer


class MainScreen(QuietFocusScreen):
    """The explorer's main screen (focus moves on every lookup: see `QuietFocusScreen`)."""

    BINDINGS = [CANCEL_LOOKUP, *MAIN_KEYS]

    state: var[LookupState] = var(Idle(), init=False)
    """What the screen shows; every path sets it and `watch_state` renders it."""

    class BatchRequested(Message):
        """Several IDs were submitted at once: the app runs them as a batch."""

        def __init__(self, ids: Sequence[str]) -> None:
            super().__init__()
            self.ids = list(ids)

    def __init__(
        self,
        services: Services,
        *,
        copy_text: CopyText,
        now: Callable[[], datetime],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        tick: Callable[[float], Awaitable[None]] = asyncio.sleep,
        pending_retry_seconds: int = 3,
        pending_max_attempts: int | None = None,
        loading_delay: float = 0.3,
        demo: bool = False,
        animations: bool = True,
        ids: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.services = services
        self.copier = Copier(self, services, copy_text)
        self._now = now
        self._sleep = sleep
        self.saver = LookupSaver(self, services, sleep)
        """Saves what is shown to the history (a big generation once the user is done opening it)."""
        self.loading_clock = LoadingClock(self, now, tick)
        """Ticks the seconds a lookup has waited (paced by `tick`)."""
        self._retry_seconds = max(1, int(pending_retry_seconds))
        self._pending_max_attempts = pending_max_attempts
        self._loading_delay = loading_delay
        self._demo = demo
        self._animations = animations
        self._ids = list(ids)  # from the command line: the first loads at once, several: a batch
        self._token = 0  # bumped per lookup: a message carrying another token is stale
        self.answer_focus = AnswerFocus(self)
        self.pane = LookupPane(id="main")
        """The right-hand side: the status view or the results."""

    # Layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # A flat tree (the screen's grid places the panes): every container is drawn under
        # its children on every frame, so each level of nesting costs on every lookup.
        entry = IdEntry(id="id-entry")
        entry.border_title = "ModelGates Explorer"
        entry.border_subtitle = "server: demo" if self._demo else ""  # then: `show_server`
        entry.cursor_blink = self._animations
        yield entry
        with self.pane:
            yield StatusView(self.services.known_examples, id="status")
        metadata = MetadataPanel(id="metadata")
        metadata.border_title = "Metadata"
        yield metadata
        yield KeyBar()

    def on_resize(self) -> None:  # the metadata panel takes its share of the width
        self.styles.grid_columns = f"{panel_width(self.size.width)} 1fr"

    def on_mount(self) -> None:
        self._render_status(self.state)
        self.call_after_refresh(self.run_worker, show_server(self), group="server",
                                exit_on_error=False)
        ids = self._ids
        if len(ids) > 1:  # several IDs: a batch, in its view (once this screen has shown)
            self.call_after_refresh(self.post_message, self.BatchRequested(ids))
            self.focus_status()
        elif ids:
            self.load(ids[0])
            self.focus_status()
        else:
            self.query_one(IdEntry).focus()

    def on_unmount(self) -> None:
        self.loading_clock.stop()

    async def ensure_results(self) -> None:
        """Mount the results (attempts + content tabs) on first need: not in the first frame."""
        await self.pane.ensure_results()

    @property
    def viewer(self) -> ContentViewer | None:
        """The content tabs (None until the results are mounted)."""
        return self.pane.viewer

    @property
    def main_view(self) -> str:
        """What the main area shows: "status" (welcome, loading, error) or "results"."""
        return self.pane.view

    @property
    def lookup(self) -> Lookup | None:
        """The generation on screen (None: the status view shows)."""
        return self.state.on_screen

    @property
    def lookup_token(self) -> int:
        """The current lookup's token: lookup messages carrying another one are dropped."""
        return self._token

    def set_examples(self, examples: Sequence[tuple[str, str]]) -> None:
        """Offer these (ID, title) examples on the welcome screen (they load after the first
        frame, off the loop)."""
        self.pane.status.set_examples(examples)

    def take_paste(self) -> None:
        """A paste is arriving: the ID entry (the screen's one text input) takes focus now, so
        the paste and the keys behind it go there."""
        entry = self.query_one(IdEntry)
        if self.focused is not entry:
            self.set_focus(entry)

    def focus_status(self) -> None:
        """Focus the status view (a lookup or a batch starts without typing)."""
        self.pane.status.focus()

    # Rendering the state ----------------------------------------------------------------------

    def watch_state(self, old: LookupState, new: LookupState) -> None:
        shown = new.on_screen
        if shown is None:
            self._render_status(new, clear=old.on_screen is not None)
        elif shown is not old.on_screen:
            try:
                self._render_results(shown)
            except Exception as error:  # an answer (fetched, or stored in the history) no view can show
                self.state = Failed(shown.id, UnshowableResponseError(
                    f"showing it failed ({type(error).__name__})"))
                return
        self.pane.show_failure(new)  # over a generation kept on screen: what failed
        self.loading_clock.follow(new)
        self._set_note(new.note if isinstance(new, Loaded) else "")
        if (shown is not old.on_screen or new.generation_id != old.generation_id
                or can_cancel(new) != can_cancel(old)):
            self.refresh_bindings()  # the keys that need a generation (or an ID) follow

    def _render_results(self, lookup: Lookup) -> None:
        self.query_one(MetadataPanel).show(lookup.generation, self._now())
        pane = self.pane
        pane.show_results(lookup)
        if (viewer := pane.viewer) is None:
            return
        if not isinstance(self.focused, IdEntry):  # e.g. the status view, hidden now
            viewer.focus_content()
        else:
            self.answer_focus.leave_entry_if_untouched(viewer.focus_content)

    def _render_status(self, state: LookupState, *, clear: bool = False) -> None:
        pane = self.pane
        if clear:
            self.query_one(MetadataPanel).clear()
            pane.clear_results()
        pane.show_status(state)
        if isinstance(state, (Failed, Pending)):  # an answer (Loading is not one yet)
            self.answer_focus.leave_entry_if_untouched(pane.status.focus)

    def _set_note(self, note: str) -> None:
        """Where the generation on show came from (history, batch), under the metadata."""
        panel = self.query_one(MetadataPanel)
        if panel.border_subtitle != note:  # setting it, even unchanged, costs a frame
            panel.border_subtitle = note

    # The lookup pipeline ----------------------------------------------------------------------

    def load(self, raw_id: str, *, show_in_entry: bool = True) -> bool:
        """Look up `raw_id` (cleaned first), cancelling any lookup still in flight; the entry
        shows the cleaned ID unless `show_in_entry` is False (Enter: the entry did already, and
        may hold newer keys by now).

        Returns False when `raw_id` cannot be an ID (the reason is shown in place)."""
        self.answer_focus.forget()  # a lookup Enter started is replaced: so is its focus rule
        try:
            generation_id = normalize_id(raw_id)
        except InvalidIdError as error:
            self._drop_lookup()
            self.state = Failed(None, error, self.lookup)  # what is on screen stays, under it
            return False
        self._token += 1
        if show_in_entry:
            self.query_one(IdEntry).show_id(generation_id)
        # A fast lookup replaces the results on screen without a loading flash in between; the
        # generation shown before comes back if this lookup fails or is cancelled.
        previous = self.lookup
        self.state = Loading(generation_id, previous, bool(self._loading_delay and previous),
                             started=self._now())
        if self.state.on_screen is not None:
            self.set_timer(self._loading_delay, partial(self._still_loading, self._token))
        self._lookup_generation(generation_id, self._token)
        return True

    def _still_loading(self, token: int) -> None:
        if token == self._token and (state := after_loading_delay(self.state)) is not None:
            self.state = state

    async def show_lookup(self, lookup: Lookup, note: str = "") -> None:
        """Show a generation fetched before (history, batch) at once, with no request; `note`
        says where it came from. A lookup in flight is dropped."""
        token = self._drop_lookup()
        self.query_one(IdEntry).show_id(lookup.id)
        await self.ensure_results()
        if token == self._token:
            self.state = Loaded(lookup, note)

    def show_start_error(self, error: ApiError) -> None:
        """The services could not start (e.g. no API key): say so at once, unless a lookup
        began (it will say so itself)."""
        if self.state.generation_id is None:
            self.state = Failed(None, error)

    def _drop_lookup(self) -> int:
        """Make any lookup in flight stale and cancel it; returns the new token."""
        self._token += 1
        self.answer_focus.forget()
        self.workers.cancel_group(self, "lookup")
        return self._token

    @work(exclusive=True, group="lookup", exit_on_error=False)
    async def _lookup_generation(self, generation_id: str, token: int) -> None:
        """Fetch, and while a young generation has no stats yet, count down and try again."""
        await fetch_and_post(self.post_message, self.services, generation_id, token,
                             retry_seconds=self._retry_seconds,
                             max_attempts=self._pending_max_attempts, sleep=self._sleep)

    async def on_generation_loaded(self, message: GenerationLoaded) -> None:
        await self.ensure_results()
        if message.token != self._token:  # checked after the await: a newer lookup may have begun
            return
        self.state = Loaded(message.lookup)
        if self.services.has_store:
            # After the frame that shows it: serialising and indexing a big generation is CPU
            # the first sight of it must not wait for.
            self.call_after_refresh(self._save_to_history, message.lookup)

    def on_lookup_failed(self, message: LookupFailed) -> None:
        if message.token == self._token:
            self.state = Failed(message.generation_id, message.error,
                                kept_after_failure(self.state, message.generation_id))

    def on_pending_countdown_ticked(self, message: PendingCountdownTicked) -> None:
        if message.token == self._token:
            self.state = message.pending(previous=getattr(self.state, "previous", None))

    # A description: without one Textual takes the repr of the arguments (a 14 MB lookup: 0.5 s).
    @work(group="history", exit_on_error=False, description="save to history")
    async def _save_to_history(self, lookup: Lookup) -> None:
        await self.saver.save(lookup, self.viewer)

    # Messages from widgets --------------------------------------------------------------------

    def on_id_entry_id_submitted(self, message: IdEntry.IdSubmitted) -> None:
        if len(ids := parse_ids(message.text).ids) > 1:
            self.post_message(self.BatchRequested(ids))
        elif self.load(message.text, show_in_entry=False):  # the entry shows it already
            self.answer_focus.entered(message.text)  # focus leaves with the answer, not before

    def on_status_view_example_picked(self, message: StatusView.ExamplePicked) -> None:
        self.load(message.generation_id)

    # Actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_lookup":  # hidden (and escape goes on) unless a lookup is in flight
            return can_cancel(self.state)
        if action in LETTER_ACTIONS and isinstance(self.focused, IdEntry):
            return False
        if action in NEEDS_LOOKUP and self.lookup is None:
            return None
        if action in NEEDS_ID and self.state.generation_id is None:
            return None
        return True

    def action_cancel_lookup(self) -> None:
        """Stop the lookup in flight; what was shown before it shows again."""
        if can_cancel(state := self.state):
            self._drop_lookup()
            self.state = after_cancel(state)
            self.notify(f"Stopped looking up {one_line(state.generation_id or '', limit=80)}.",
                        title="Lookup cancelled", markup=False)

    def action_retry(self) -> None:
        """Look the current ID up again."""
        if self.state.generation_id is None:
            self.notify("Nothing to retry: enter a generation ID first.", severity="warning")
        else:
            self.load(self.state.generation_id)

    def action_show_tab(self, index: int) -> None:
        if (viewer := self.viewer) is not None:
            viewer.activate_tab(int(index))

    def action_toggle_markdown(self) -> None:
        if (viewer := self.viewer) is not None:
            viewer.toggle_markdown()

    def action_focus_entry(self) -> None:
        self.set_focus(self.query_one(IdEntry))  # at once: the next key is for the entry

    def action_focus_results(self) -> None:
        """Leave the ID entry for the results, where the letter keys work."""
        if self.lookup is None or (viewer := self.viewer) is None:
            self.focus_status()
        else:
            viewer.focus_content()

    def action_copy_tab(self) -> None:
        self.copier.copy_tab(self.lookup, self.viewer)

    def action_copy_id(self) -> None:
        self.copier.copy_id(self.state.generation_id)

    def action_copy_metadata(self) -> None:
        self.copier.copy_metadata(self.lookup)

    def action_copy_curl(self) -> None:
        self.copier.copy_curl(self.state.generation_id)

    def action_export(self) -> None:
        """Ask where to save the generation on screen, then write it."""
        if self.lookup is None:
            self.notify("Nothing to export: open a generation first.", severity="warning")
        else:
            ask_and_export(self, self.lookup, blink=self.app.animation_level != "none")

    # Help and the command palette -------------------------------------------------------------

    def key_help(self) -> list[KeyHelp]:
        """Every key, for the help screen: the panes', this screen's, the app's, Textual's."""
        return screen_key_help(self)

    def palette_commands(self) -> list[PaletteCommand]:
        """The command palette's entries: every key, then the example IDs and the IDs given on
        the command line (each loads when picked)."""
        keys = [b for b in self.BINDINGS if b.action != "cancel_lookup" or can_cancel(self.state)]
        return [*binding_commands(self.app, keys, target=self),
                *binding_commands(self.app, self.app.BINDINGS),
                *id_commands(self.services.known_examples, self._ids[1:], self.load)]

