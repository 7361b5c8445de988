"""`ExplorerApp`: what happened to one generation — cost, tokens, timing, attempts, content.

Data flows one way: `IdEntry.IdSubmitted` → the exclusive lookup worker → `GenerationLoaded` /
`LookupFailed` / `PendingCountdownTicked` (dropped when stale) → the `lookup` reactive →
widgets that only render.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timezone
from functools import partial
from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import ContentSwitcher, Footer

from explorer.api.client import GenerationsClient, Lookup
from explorer.api.errors import ApiError, InvalidIdError, NotFoundError
from explorer.api.ids import normalize_id
from explorer.clipboard import CopyText, copy_with_pyperclip, curl_command, metadata_json
from explorer.text import one_line
from explorer.ui.commands import ExplorerCommands, PaletteCommand, binding_commands
from explorer.ui.dialogs.help import HelpScreen, KeyHelp, key_help
from explorer.ui.messages import (
    GenerationLoaded,
    LookupFailed,
    PendingCountdownTicked,
    UnexpectedError,
)
from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall
from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.widgets.id_entry import IdEntry
from explorer.ui.widgets.metadata_panel import MetadataPanel
from explorer.ui.widgets.status_view import StatusView

TABS = Binding.Group("Tabs", compact=True)
COPY = Binding.Group("Copy")
# Hidden from the footer while the ID entry has focus: plain keys type there, and focusing
# the entry is moot.
LETTER_ACTIONS = {"retry", "show_tab", "toggle_markdown", "copy_tab", "copy_id", "copy_metadata",
                  "copy_curl", "quit", "focus_entry"}
NEEDS_LOOKUP = {"show_tab", "toggle_markdown", "copy_tab", "copy_metadata"}
NEEDS_ID = {"retry", "copy_id", "copy_curl"}


class ExplorerApp(App[int]):
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
        Binding("ctrl+l,escape", "focus_entry", "Entry", id="focus-entry",
                tooltip="Focus the ID entry to type or paste another ID"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="List every key"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit the explorer"),
    ]

    lookup: var[Lookup | None] = var(None, init=False)
    """The generation on screen (None: the status view shows instead)."""

    def __init__(
        self,
        client: GenerationsClient,
        *,
        ids: Sequence[str] = (),
        store: Any = None,
        copy_text: CopyText = copy_with_pyperclip,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        pending_retry_seconds: int = 3,
        pending_max_attempts: int | None = None,
        examples: Sequence[tuple[str, str]] = (),
        demo: bool = False,
        animations: bool = True,
    ) -> None:
        super().__init__()
        self._client = client
        self._ids = list(ids)
        self._store = store
        self._copy_text = copy_text
        self._now = now
        self._sleep = sleep
        self._retry_seconds = max(1, int(pending_retry_seconds))
        self._max_attempts = pending_max_attempts or max(
            2, math.ceil(client.pending_window / self._retry_seconds) + 1
        )
        self._examples = list(examples)
        self._demo = demo
        self._animations = animations
        self._token = 0
        self._generation_id: str | None = None
        self._history_warned = False
        if not animations:
            self.animation_level = "none"

    # Layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                entry = IdEntry(id="id-entry")
                entry.border_title = "ModelGates Explorer" + (" · demo" if self._demo else "")
                entry.cursor_blink = self._animations
                yield entry
                metadata = MetadataPanel(id="metadata")
                metadata.border_title = "Metadata"
                yield metadata
            with ContentSwitcher(id="main", initial="status"):
                yield StatusView(self._examples, id="status")
                with Vertical(id="results"):
                    attempts = AttemptsWaterfall(id="attempts")
                    attempts.border_title = "Provider attempts"
                    yield attempts
                    yield ContentViewer(id="content")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StatusView).show_welcome()
        warning = getattr(self._store, "warning", None)
        if warning:
            self.notify(one_line(warning, limit=300), title="History", severity="warning",
                        markup=False)
        if self._ids:
            self.load(self._ids[0])
            self.query_one(StatusView).focus()
        else:
            self.query_one(IdEntry).focus()

    async def on_unmount(self) -> None:
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
        self._show_status().show_loading(generation_id)
        self._lookup_generation(generation_id, self._token)
        return True

    def _reject(self, error: InvalidIdError) -> None:
        """Show an ID refused before any request, and drop any lookup in flight."""
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
                lookup = await self._client.lookup(generation_id)
            except NotFoundError as error:
                if not error.pending or attempt >= self._max_attempts:
                    self.post_message(LookupFailed(token, generation_id, error))
                    return
                for seconds_left in range(self._retry_seconds, 0, -1):
                    self.post_message(PendingCountdownTicked(
                        token, generation_id, error, seconds_left=seconds_left,
                        attempt=attempt, max_attempts=self._max_attempts,
                    ))
                    await self._sleep(1)
                attempt += 1
            except ApiError as error:
                self.post_message(LookupFailed(token, generation_id, error))
                return
            except Exception as error:  # never a traceback on screen
                message = self._client.redact(f"{type(error).__name__}: {error}")
                self.post_message(LookupFailed(token, generation_id, UnexpectedError(message)))
                return
            else:
                self.post_message(GenerationLoaded(token, lookup))
                return

    def _is_stale(self, message: GenerationLoaded | LookupFailed | PendingCountdownTicked) -> bool:
        return message.token != self._token

    def on_generation_loaded(self, message: GenerationLoaded) -> None:
        if self._is_stale(message):
            return
        self.lookup = message.lookup
        if self._store is not None:
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
            self.query_one(ContentViewer).clear()
        else:
            metadata.show(lookup.generation, self._now())
            self.query_one(AttemptsWaterfall).show(lookup.generation.provider_responses)
            self.query_one(ContentViewer).show(lookup)
            self.query_one(ContentSwitcher).current = "results"
            if not isinstance(self.focused, IdEntry):
                self._focus_results()
        self.refresh_bindings()

    def _show_status(self) -> StatusView:
        """Switch the main area to the status view (clearing any generation) and return it."""
        self.lookup = None
        self.query_one(ContentSwitcher).current = "status"
        return self.query_one(StatusView)

    def _focus_results(self) -> None:
        viewer = self.query_one(ContentViewer)
        target = next((w for w in viewer.query("*") if w.focusable), None)
        (target or self.query_one(MetadataPanel)).focus()

    @work(group="history", exit_on_error=False)
    async def _save_to_history(self, lookup: Lookup) -> None:
        try:
            warning = await asyncio.to_thread(
                self._store.save, lookup.raw_generation, lookup.raw_content, lookup.fetched_at
            )
        except Exception as error:  # history is a convenience: it never breaks a lookup
            warning = f"Not saved to history: {error}"
        if warning and not self._history_warned:
            self._history_warned = True
            self.notify(one_line(warning, limit=300), title="History", severity="warning",
                        markup=False)

    # Messages from widgets --------------------------------------------------------------------

    def on_id_entry_id_submitted(self, message: IdEntry.IdSubmitted) -> None:
        if self.load(message.text):
            self.query_one(StatusView).focus()  # leave the entry: the letter keys work now

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
        self.query_one(ContentViewer).activate_tab(int(index))

    def action_toggle_markdown(self) -> None:
        self.query_one(ContentViewer).toggle_markdown()

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

    def action_copy_tab(self) -> None:
        viewer = self.query_one(ContentViewer)
        if self.lookup is None:
            self._nothing_to_copy("load a generation first")
        elif not (text := viewer.current_text()):
            self._nothing_to_copy(f"the {viewer.current_tab_title()} tab is empty")
        else:
            self._copy(text, f"the {viewer.current_tab_title()} tab ({len(text):,} characters)")

    def action_copy_id(self) -> None:
        if self._generation_id is None:
            self._nothing_to_copy("enter a generation ID first")
        else:
            self._copy(self._generation_id, f"the ID {one_line(self._generation_id, limit=80)}")

    def action_copy_metadata(self) -> None:
        if self.lookup is None:
            self._nothing_to_copy("load a generation first")
        else:
            self._copy(metadata_json(self.lookup.raw_generation), "the metadata JSON")

    def action_copy_curl(self) -> None:
        if self._generation_id is None:
            self._nothing_to_copy("enter a generation ID first")
        else:
            command = curl_command(self._client.base_url, self._generation_id)
            self._copy(command, "a curl command (the key stays in $MODELGATES_API_KEY)")

    def _copy(self, text: str, what: str) -> None:
        if self._copy_text(text):
            self.notify(f"Copied {what}.", title="Copied", markup=False)
        else:
            self.copy_to_clipboard(text)
            self.notify(f"Copied {what} via terminal (OSC 52) — pyperclip has no clipboard here.",
                        title="Copied", markup=False)

    def _nothing_to_copy(self, reason: str) -> None:
        self.notify(f"Nothing to copy: {reason}.", severity="warning", markup=False)

    # Help and palette -------------------------------------------------------------------------

    def key_help(self) -> list[KeyHelp]:
        """Every key, for the help screen: the entry's, the app's, and Textual's own."""
        return key_help(self, [*IdEntry.BINDINGS, *self.BINDINGS])

    def palette_commands(self) -> list[PaletteCommand]:
        """The command palette's explorer entries: every binding, then the example IDs."""
        commands = binding_commands(self, self.BINDINGS)
        commands += [
            PaletteCommand(f"Open example: {one_line(title, limit=60)}", one_line(gid, limit=80),
                           partial(self.load, gid))
            for gid, title in self._examples
        ]
        commands += [
            PaletteCommand(f"Load {one_line(gid, limit=80)}", "An ID given on the command line",
                           partial(self.load, gid))
            for gid in self._ids[1:]
        ]
        return commands


def create_app(client: GenerationsClient, **options: Any) -> ExplorerApp:
    """The one factory the CLI and the tests use; every service and clock is injected.

    Options (all keyword, all optional) are `ExplorerApp`'s: `ids` (the first loads at once),
    `store` (history), `copy_text` (returns False when it has no clipboard: the app then uses
    OSC 52), `now` (the clock of relative times), `sleep` (paces the pending countdown, one call
    per second shown), `pending_retry_seconds`, `pending_max_attempts`, `examples` ((ID, title)
    pairs offered on the start screen and in the palette), `demo`, and `animations` (False turns
    off animations and the cursor blink, for tests and screenshots).
    """
    return ExplorerApp(client, **options)
