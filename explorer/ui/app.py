"""`ExplorerApp`: what happened to one generation — cost, tokens, timing, attempts, content.

Data flows one way: `IdEntry.IdSubmitted` → the exclusive lookup worker → `GenerationLoaded` /
`LookupFailed` / `PendingCountdownTicked` (dropped when stale) → the `lookup` reactive →
widgets that only render.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timezone
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import var

from explorer.api.errors import ApiError, InvalidIdError, NotFoundError
from explorer.api.ids import normalize_id, split_ids
from explorer.ui.clipboard import CopyText, copy_with_pyperclip
from explorer.presentation.safe_text import one_line
from explorer.ui.commands import ExplorerCommands, PaletteEntries
from explorer.ui.dialogs.help import HelpScreen
from explorer.ui.app_services import LazyServices
from explorer.ui.copy_actions import CopyActions
from explorer.ui.main_area import MainArea
from explorer.ui.messages import (
    GenerationLoaded,
    LookupFailed,
    PendingCountdownTicked,
    UnexpectedError,
)
from explorer.ui.screen_actions import SCREEN_ACTIONS, SCREEN_KEYS, ScreenActions
from explorer.ui.widgets.id_entry import IdEntry
from explorer.ui.widgets.metadata_panel import MetadataPanel
from explorer.ui.lines.key_bar import KeyBar
from explorer.ui.widgets.status_view import StatusView

if TYPE_CHECKING:
    from explorer.api.client import GenerationsClient, Lookup

TABS = Binding.Group("Tabs", compact=True)
COPY = Binding.Group("Copy")
# Hidden from the footer while the ID entry has focus: plain keys type there, and focusing
# the entry is moot.
LETTER_ACTIONS = {"retry", "show_tab", "toggle_markdown", "copy_tab", "copy_id", "copy_metadata",
                  "copy_curl", "quit", "focus_entry"} | SCREEN_ACTIONS
NEEDS_LOOKUP = {"show_tab", "toggle_markdown", "copy_tab", "copy_metadata", "export"}
NEEDS_ID = {"retry", "copy_id", "copy_curl"}


class ExplorerApp(MainArea, ScreenActions, LazyServices, CopyActions, PaletteEntries, App[int]):
    """Look up one ModelGates generation and see everything about it."""

    CSS_PATH = "explorer.tcss"
    TITLE = "ModelGates Explorer"
    COMMANDS = App.COMMANDS | {ExplorerCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("r", "retry", "Retry", id="retry",
                tooltip="Look the current ID up again (during a countdown: try now)"),
        Binding("1", "show_tab(0)", "Messages tab", id="tab-messages", group=TABS,
                tooltip="Show the messages (or the legacy prompt)"),
        Binding("2", "show_tab(1)", "Completion tab", id="tab-completion", group=TABS,
                tooltip="Show the completion"),
        Binding("3", "show_tab(2)", "Reasoning tab", id="tab-reasoning", group=TABS,
                tooltip="Show the reasoning"),
        Binding("4", "show_tab(3)", "Raw JSON tab", id="tab-raw", group=TABS,
                tooltip="Show both API answers as JSON"),
        Binding("m", "toggle_markdown", "Markdown", id="toggle-markdown",
                tooltip="Switch the completion between rendered Markdown and raw text"),
        Binding("c", "copy_tab", "Copy tab text", id="copy-tab", group=COPY,
                tooltip="Copy the text of the current tab"),
        Binding("y", "copy_id", "Copy generation ID", id="copy-id", group=COPY,
                tooltip="Copy the generation ID"),
        Binding("j", "copy_metadata", "Copy metadata JSON", id="copy-metadata", group=COPY,
                tooltip="Copy the metadata exactly as the API sent it, pretty-printed"),
        Binding("u", "copy_curl", "Copy curl command", id="copy-curl", group=COPY,
                tooltip="Copy a curl command for this lookup (reads $MODELGATES_API_KEY)"),
        *SCREEN_KEYS,
        Binding("ctrl+l,escape", "focus_entry", "Entry", id="focus-entry",
                tooltip="Focus the ID entry to type or paste another ID"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="List every key"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit the explorer"),
    ]

    lookup: var[Lookup | None] = var(None, init=False)
    """The generation on screen (None: the status view shows instead)."""

    def __init__(
        self,
        client: GenerationsClient | Callable[[], GenerationsClient],
        *,
        ids: Sequence[str] = (),
        store: Any = None,
        copy_text: CopyText = copy_with_pyperclip,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        pending_retry_seconds: int = 3,
        pending_max_attempts: int | None = None,
        examples: Sequence[tuple[str, str]] | Callable[[], Sequence[tuple[str, str]]] = (),
        demo: bool = False,
        animations: bool = True,
        loading_delay: float = 0.3,
        batch_concurrency: int = 8,
    ) -> None:
        super().__init__()
        # Services may come as factories: they are built in a thread after the first frame,
        # so start-up never waits for httpx, pydantic, SQLite or the demo data to load.
        self._client_source = client
        self._client: GenerationsClient | None = None if callable(client) else client
        self._ids = list(ids)
        self._store_source = store
        self._store = None if callable(store) else store
        self._examples_source = examples
        self._services_lock = asyncio.Lock()
        self._results_mounted: asyncio.Event | None = None
        self._loading_delay = loading_delay
        self._copy_text = copy_text
        self._now = now
        self._sleep = sleep
        self._retry_seconds = max(1, int(pending_retry_seconds))
        self._pending_max_attempts = pending_max_attempts
        self._examples = [] if callable(examples) else list(examples)
        self._demo = demo
        self._animations = animations
        self.batch_concurrency = max(1, int(batch_concurrency))
        self._token = 0
        self._generation_id: str | None = None
        self._history_warned = False
        self._leave_entry = False  # Enter was pressed: leave the entry when the answer shows
        if not animations:
            self.animation_level = "none"

    # Layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # A flat tree (the screen's grid places the panes): every container is drawn under
        # its children on every frame, so each level of nesting costs on every lookup.
        entry = IdEntry(id="id-entry")
        entry.border_title = "ModelGates Explorer" + (" · demo" if self._demo else "")
        entry.cursor_blink = self._animations
        yield entry
        with Vertical(id="main"):
            yield StatusView(self._examples, id="status")
        metadata = MetadataPanel(id="metadata")
        metadata.border_title = "Metadata"
        yield metadata
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(StatusView).show_welcome()
        if len(self._ids) > 1:  # several IDs: a batch, in its view
            self.call_after_refresh(self.start_batch, self._ids)
            self.query_one(StatusView).focus()
        elif self._ids:
            self.load(self._ids[0])
            self.query_one(StatusView).focus()
        else:
            self.query_one(IdEntry).focus()

    def on_ready(self) -> None:
        # After the first frame: building services in a thread must not delay it.
        self._start_services()

    async def on_unmount(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    # The lookup pipeline ----------------------------------------------------------------------

    def load(self, raw_id: str) -> bool:
        """Look up `raw_id` (cleaned first), cancelling any lookup still in flight.

        Returns False when `raw_id` cannot be an ID (the reason is shown in place)."""
        try:
            generation_id = normalize_id(raw_id)
        except InvalidIdError as error:
            self._reject(error)
            return False
        self._token += 1
        self._generation_id = generation_id
        self.query_one(IdEntry).show_id(generation_id)
        self._set_note("")
        if self.lookup is None or not self._loading_delay:
            self._show_status().show_loading(generation_id)
        else:  # a fast lookup replaces the results without a loading flash in between
            self.set_timer(self._loading_delay, partial(self._still_loading, self._token))
        self._lookup_generation(generation_id, self._token)
        return True

    def _still_loading(self, token: int) -> None:
        if token == self._token and self._generation_id and (
                self.lookup is not None and self.lookup.id != self._generation_id):  # old one still shown
            self._show_status().show_loading(self._generation_id)

    async def show_lookup(self, lookup: Lookup, note: str = "") -> None:
        """Show a generation fetched before (history, batch) at once, with no request; `note`
        says where it came from. A lookup in flight is dropped."""
        self._token += 1
        token = self._token
        self.workers.cancel_group(self, "lookup")
        self._generation_id = lookup.id
        self.query_one(IdEntry).show_id(lookup.id)
        await self.ensure_results()
        if token == self._token:
            self.lookup = lookup
            self._set_note(note)

    def _set_note(self, note: str) -> None:
        """Where the generation on show came from (history, batch), under the metadata."""
        panel = self.query_one(MetadataPanel)
        if panel.border_subtitle != note:  # setting it, even unchanged, costs a frame
            panel.border_subtitle = note

    def _reject(self, error: InvalidIdError) -> None:
        """Show an ID refused before any request, and drop any lookup in flight."""
        self._leave_entry = False  # stay in the entry, to correct the ID
        self._token += 1
        self._generation_id = None
        self.workers.cancel_group(self, "lookup")
        self._show_status().show_error(error, None)

    @work(exclusive=True, group="lookup", exit_on_error=False)
    async def _lookup_generation(self, generation_id: str, token: int) -> None:
        """Fetch, and while a young generation has no stats yet, count down and try again."""
        attempt = 1
        while True:
            try:
                client = await self.ensure_client()
                lookup = await client.lookup(generation_id)
            except NotFoundError as error:
                if not error.pending or attempt >= self._max_attempts(client):
                    self.post_message(LookupFailed(token, generation_id, error))
                    return
                for seconds_left in range(self._retry_seconds, 0, -1):
                    self.post_message(PendingCountdownTicked(
                        token, generation_id, error, seconds_left=seconds_left,
                        attempt=attempt, max_attempts=self._max_attempts(client),
                    ))
                    await self._sleep(1)
                attempt += 1
            except ApiError as error:
                self.post_message(LookupFailed(token, generation_id, error))
                return
            except Exception as error:  # never a traceback on screen
                text = f"{type(error).__name__}: {error}"
                message = self._client.redact(text) if self._client else text
                self.post_message(LookupFailed(token, generation_id, UnexpectedError(message)))
                return
            else:
                self.post_message(GenerationLoaded(token, lookup))
                return

    def _is_stale(self, message: GenerationLoaded | LookupFailed | PendingCountdownTicked) -> bool:
        return message.token != self._token

    async def on_generation_loaded(self, message: GenerationLoaded) -> None:
        await self.ensure_results()
        if self._is_stale(message):  # checked after the await: a newer lookup may have begun
            return
        self.lookup = message.lookup
        if self._store is not None or self._store_source is not None:
            self._save_to_history(message.lookup)

    def on_lookup_failed(self, message: LookupFailed) -> None:
        if not self._is_stale(message):
            self._show_status().show_error(message.error, message.generation_id)

    def on_pending_countdown_ticked(self, message: PendingCountdownTicked) -> None:
        if not self._is_stale(message):
            self._show_status().show_pending(
                message.error, message.generation_id, message.seconds_left,
                message.attempt, message.max_attempts,
            )

    def watch_lookup(self, lookup: Lookup | None) -> None:
        metadata = self.query_one(MetadataPanel)
        if lookup is None:
            metadata.clear()
            for viewer in self.query("#content"):
                viewer.clear()
        else:
            metadata.show(lookup.generation, self._now())
            self._attempts.show(lookup.generation.provider_responses)
            self._viewer.show(lookup)
            self._show_main("results")
            if self._leave_entry or not isinstance(self.focused, IdEntry):
                self._leave_entry = False
                self._focus_results()
        self.refresh_bindings()

    def _show_status(self) -> StatusView:
        """Switch the main area to the status view (clearing any generation) and return it."""
        self.lookup = None
        self._show_main("status")
        status = self.query_one(StatusView)
        self._leave_entry_for(status)
        return status

    @work(group="history", exit_on_error=False)
    async def _save_to_history(self, lookup: Lookup) -> None:
        try:
            store = await self.ensure_store()
            warning = store and await asyncio.to_thread(
                store.save, lookup.raw_generation, lookup.raw_content, lookup.fetched_at
            )
        except Exception as error:  # history is a convenience: it never breaks a lookup
            warning = f"Not saved to history: {error}"
        if warning and not self._history_warned:
            self._history_warned = True
            self.notify(one_line(warning, limit=300), title="History", severity="warning",
                        markup=False)

    # Messages from widgets --------------------------------------------------------------------

    def on_id_entry_id_submitted(self, message: IdEntry.IdSubmitted) -> None:
        if len(ids := split_ids(message.text)) > 1:
            self.start_batch(ids)
        elif self.load(message.text):
            # Leave the entry, so the letter keys work on what shows next. While the previous
            # results stay on screen (a fast lookup replaces them in place), wait for the new
            # ones: moving focus now would cost a frame of its own.
            self._leave_entry = True
            if self.main_view == "status":
                self._leave_entry_for(self.query_one(StatusView))

    def on_status_view_example_picked(self, message: StatusView.ExamplePicked) -> None:
        self.load(message.generation_id)

    # Actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LETTER_ACTIONS and isinstance(self.focused, IdEntry):
            return False
        if action in NEEDS_LOOKUP and self.lookup is None:
            return None
        if action in NEEDS_ID and self._generation_id is None:
            return None
        return True

    def action_retry(self) -> None:
        """Look the current ID up again."""
        if self._generation_id is None:
            self.notify("Nothing to retry: enter a generation ID first.", severity="warning")
        else:
            self.load(self._generation_id)

    def action_show_tab(self, index: int) -> None:
        self._viewer.activate_tab(int(index))

    def action_toggle_markdown(self) -> None:
        self._viewer.toggle_markdown()

    def action_focus_entry(self) -> None:
        self.query_one(IdEntry).focus()

    def action_focus_results(self) -> None:
        """Leave the ID entry for the results, where the letter keys work."""
        if self.lookup is None:
            self.query_one(StatusView).focus()
        else:
            self._focus_results()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_help()))


def create_app(client: GenerationsClient, **options: Any) -> ExplorerApp:
    """The one factory the CLI and the tests use; every service and clock is injected.

    Options (all keyword, all optional) are `ExplorerApp`'s: `ids` (the first loads at once),
    `store` (history), `copy_text` (returns False when it has no clipboard: the app then uses
    OSC 52), `now` (the clock of relative times), `sleep` (paces the pending countdown, one call
    per second shown), `pending_retry_seconds`, `pending_max_attempts`, `examples` ((ID, title)
    pairs offered on the start screen and in the palette), `demo`, `animations` (False turns
    off animations and the cursor blink, for tests and screenshots) and `batch_concurrency`
    (lookups in flight in a batch, default 8). Several `ids` start a batch.
    """
    return ExplorerApp(client, **options)
