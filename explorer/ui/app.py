"""`ExplorerApp`: the main screen plus the app-wide views (history, provider statistics, batch),
help and quit. The lookup itself is the main screen's (`explorer.ui.main_screen`); the services
it talks to are injected (`explorer.services.Services`).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App
from textual.screen import Screen

from explorer.api.errors import ApiError
from explorer.services import Services
from explorer.settings import ConfigError
from explorer.ui.clipboard import CopyText, copy_with_pyperclip
from explorer.ui.commands import ExplorerCommands
from explorer.ui.dialogs.help import ENTRY_NOTE, HelpScreen
from explorer.ui.history_warning import notify_history_warning
from explorer.ui.live_capture import LiveCapture
from explorer.ui.main_keys import APP_KEYS, APP_LETTER_ACTIONS
from explorer.ui.main_screen import MainScreen
from explorer.ui.screens.messages import LookupOpened, RefetchRequested
from explorer.ui.session_results import SessionResults
from explorer.ui.styles import readable_theme_variables
from explorer.ui.theme_memory import ThemeMemory
from explorer.ui.widgets.id_entry import IdEntry

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import SystemCommand

    from explorer.ui.screens.batch import BatchScreen
    from explorer.ui.screens.history import HistoryScreen
    from explorer.ui.screens.live import LiveScreen

QUIT_SAVE_SECONDS = 2.0
"""How long quitting waits for a history save under way (a locked history retries); within
the 3 s a signal gives the app to exit (`terminal.FORCED_EXIT_SECONDS`)."""


class ExplorerApp(App[int]):
    """Look up one ModelGates generation and see everything about it."""

    CSS_PATH = "explorer.tcss"
    TITLE = "ModelGates Explorer"
    COMMANDS = App.COMMANDS | {ExplorerCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = APP_KEYS
    # The main screen is the base of the one mode, installed by name in __init__: as a mode's
    # screen it is composed before the app's Mount (a plain default screen is composed later).
    MODES = {"main": "main"}
    DEFAULT_MODE = "main"

    def __init__(
        self,
        services: Services,
        *,
        ids: Sequence[str] = (),
        copy_text: CopyText = copy_with_pyperclip,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        tick: Callable[[float], Awaitable[None]] = asyncio.sleep,
        pending_retry_seconds: int = 3,
        pending_max_attempts: int | None = None,
        demo: bool = False,
        animations: bool = True,
        loading_delay: float = 0.3,
        batch_concurrency: int | None = None,
        theme_memory: ThemeMemory | None = None,
        live_capture: LiveCapture | None = None,
        live_poll_seconds: float = 0.5,
    ) -> None:
        super().__init__()
        self.services = services
        """The client, the history store, the examples and the settings (built lazily)."""
        self.main_screen = MainScreen(
            services, copy_text=copy_text, now=now, sleep=sleep, tick=tick,
            pending_retry_seconds=pending_retry_seconds, pending_max_attempts=pending_max_attempts,
            loading_delay=loading_delay, demo=demo, animations=animations, ids=ids,
        )
        """The screen that looks generations up (the base screen)."""
        self.install_screen(self.main_screen, name="main")
        self.session_results = SessionResults()
        """How every batch of this session ended (the history pane marks them)."""
        self._sleep = sleep
        self._batch_concurrency = batch_concurrency
        self._history_view: HistoryScreen | None = None
        self._batch_view: BatchScreen | None = None
        self._live_view: LiveScreen | None = None
        self.live_capture = live_capture or LiveCapture(demo=demo)
        """What this app captures itself (`--proxy`, `--follow`): nothing by default."""
        self._live_poll_seconds = live_poll_seconds
        self._now = now
        if not animations:
            self.animation_level = "none"
        self.theme_memory = theme_memory
        """The configured theme and the palette's last choice (None: Textual's default)."""
        self._theme_error: ConfigError | None = None
        if theme_memory is not None:
            try:
                self.theme = theme_memory.starting_theme(self.available_themes) or self.theme
            except ConfigError as error:  # an unknown configured theme: said once it shows
                self._theme_error = error

    def on_ready(self) -> None:
        # After the first frame: building services in a thread must not delay it.
        self._start_services()
        self._start_captures()

    def _start_captures(self) -> None:
        def say(message: str, severity: str) -> None:
            self.notify(message, title="Live capture", severity=severity, markup=False)

        capture = self.live_capture
        if capture.proxy_port is not None:
            self.run_worker(capture.run_proxy(self.services, say), group="capture", exit_on_error=False)
        if capture.follow is not None:
            self.run_worker(capture.run_follow(self.services, say), group="capture", exit_on_error=False)
        if (error := self._theme_error) is not None:
            self.notify(error.message, title=error.title, severity="error", markup=False)

    async def action_quit(self) -> None:
        await self.exit_after_saves()

    async def exit_after_saves(self, return_code: int = 0) -> None:
        """Exit once the history saves under way have ended: a big generation waiting for a
        quiet moment is saved now (for at most `QUIT_SAVE_SECONDS`)."""
        try:
            await asyncio.wait_for(self.main_screen.saver.finish(), QUIT_SAVE_SECONDS)
        except TimeoutError:
            pass  # a write in its thread still ends before the process does
        self.exit(return_code=return_code)

    def watch_theme(self, theme: str) -> None:
        # The theme picked in the palette is the one to start in next time.
        if self.theme_memory is not None and (problem := self.theme_memory.remember(theme)):
            self.notify(problem, title="Theme", severity="warning", markup=False)

    async def on_unmount(self) -> None:
        await self.services.aclose()

    def get_css_variables(self) -> dict[str, str]:
        # Several built-in themes draw some text (footer keys, warnings, the cursor's text) at
        # under 2:1: every theme's text colours are raised to a readable contrast.
        self.theme_variables = readable_theme_variables(super().get_css_variables())
        return self.theme_variables

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's Screenshot fails without a reason when ~/Downloads does not exist.
        from explorer.ui.screenshot import with_reliable_screenshot

        return with_reliable_screenshot(self, super().get_system_commands(screen))

    @work(group="services", exit_on_error=False)
    async def _start_services(self) -> None:
        await self.main_screen.ensure_results()  # ready before the first lookup needs it
        # The examples first: a first-time user reads them while the client is built.
        known = self.services.known_examples
        if (examples := await self.services.examples()) != known:
            self.main_screen.set_examples(examples)
        try:
            client = await self.services.client()
        except ApiError as error:  # e.g. no API key: say so at once, in place
            self.main_screen.show_start_error(error)
        else:
            if warning := getattr(client, "warning", None):  # the key would travel in clear text
                self.notify(warning, title="Insecure connection", severity="warning", markup=False)
        await self.open_store()
        # The views' code loads now, in a thread, not on the key that first opens one.
        await asyncio.to_thread(_import_views)
        # What exists now (modules, widgets, styles, demo data) lives as long as the app: out
        # of the collector's sight, its full passes stop taking tens of milliseconds mid-frame.
        gc.freeze()

    # Services for the views ---------------------------------------------------------------

    async def open_store(self) -> Any:
        """The history store (or None), opened on first need; warns once if it is disabled."""
        store = await self.services.store()
        notify_history_warning(self, self.services, getattr(store, "warning", None))
        return store

    async def batch_concurrency(self) -> int:
        """Lookups in flight in a batch: the app's option (`--concurrency`) if given, else the
        settings' (`MODELGATES_BATCH_CONCURRENCY`, the config file; default 8)."""
        if self._batch_concurrency:
            return max(1, int(self._batch_concurrency))
        return await self.services.batch_concurrency()

    # The views ----------------------------------------------------------------------------

    def _history_screen(self) -> HistoryScreen:
        if self._history_view is None:
            from explorer.ui.screens.history import HistoryScreen

            self._history_view = HistoryScreen(self.open_store, session_results=self.session_results,
                                               sleep=self._sleep)
            self.install_screen(self._history_view, name="history")
        return self._history_view

    def _batch_screen(self) -> BatchScreen:
        if self._batch_view is None:
            from explorer.ui.screens.batch import BatchScreen

            self._batch_view = BatchScreen(
                self.services.client, self.open_store, session_results=self.session_results,
                open_concurrency=self.batch_concurrency, sleep=self._sleep,
            )
            self.install_screen(self._batch_view, name="batch")
        return self._batch_view

    def _show_view(self, screen: Screen) -> None:
        """Show `screen` right above the main screen (closing any other view)."""
        if self.screen is screen:
            return
        self._return_to_main()
        self.push_screen(screen)

    def _return_to_main(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    async def on_event(self, event: events.Event) -> None:
        # A paste on the main screen is for the ID entry, wherever focus is (the answer of the
        # last lookup, say). Focus moves here, before Textual hands the paste to the focused
        # widget, so the Enter right behind it reaches the entry too: paste and Enter stay one.
        if (isinstance(event, events.Paste) and not event.is_forwarded
                and self.screen is self.main_screen):
            self.main_screen.take_paste()
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in APP_LETTER_ACTIONS and isinstance(self.focused, IdEntry):
            return False  # the letter types in the entry
        return True

    def action_history(self, sort: str | None = None) -> None:
        """Toggle the history pane (`sort`: open it sorted so, e.g. by fetch time)."""
        screen = self._history_screen()
        if self.screen is screen and sort is None:
            self.pop_screen()
            return
        if sort is not None:
            screen.show_sorted(sort)
        self._show_view(screen)

    def action_provider_stats(self) -> None:
        """Provider statistics over the whole history."""
        from explorer.ui.screens.provider_stats import ProviderStatsScreen

        self.push_screen(ProviderStatsScreen(self.open_store))

    def action_batch_view(self) -> None:
        """Show the batch view, if a batch ran in this session."""
        if self._batch_view is None:
            self.notify("No batch yet: paste several IDs into the entry, or give them on the "
                        "command line (or --ids-file).", severity="warning")
        else:
            self._show_view(self._batch_view)

    def start_batch(self, ids: Sequence[str]) -> None:
        """Look up every ID concurrently in the batch view (replacing a running batch)."""
        screen = self._batch_screen()
        if screen.running:
            self.notify("The previous batch was cancelled: a new one started.", title="Batch")
        screen.start(ids)
        self._show_view(screen)

    def action_live_view(self) -> None:
        """Toggle the live view: captured generations as they happen."""
        if self._live_view is None:
            from explorer.ui.screens.live import LiveScreen

            self._live_view = LiveScreen(
                self.open_store, sources=self.live_capture.describe, demo=self.live_capture.demo,
                clock=lambda: self._now().timestamp(), poll_seconds=self._live_poll_seconds)
            self.install_screen(self._live_view, name="live")
        if self.screen is self._live_view:
            self.pop_screen()
        else:
            self._show_view(self._live_view)

    def action_help(self) -> None:
        """List every key of the main screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.main_screen.key_help(), note=ENTRY_NOTE))

    def action_focus_entry(self) -> None:
        """Back to the main screen (from any view), in the ID entry."""
        self._return_to_main()
        self.main_screen.action_focus_entry()

    # What the screens post ----------------------------------------------------------------

    def on_main_screen_batch_requested(self, message: MainScreen.BatchRequested) -> None:
        self.start_batch(message.ids)

    async def on_lookup_opened(self, message: LookupOpened) -> None:
        self._return_to_main()
        await self.main_screen.show_lookup(message.lookup, message.note)
        self.main_screen.action_focus_results()  # opened from a view: its letter keys act (b back)

    def on_refetch_requested(self, message: RefetchRequested) -> None:
        self._return_to_main()
        self.main_screen.load(message.generation_id)
        self.main_screen.focus_status()  # not the entry: its letter keys act (b back)

    def on_batch_screen_batch_finished(self) -> None:
        # The history pane on screen while a batch ends shows its results at once.
        if self._history_view is not None and self.screen is self._history_view:
            self._history_view.reload()


def _import_views() -> None:
    import explorer.ui.screens.batch  # noqa: F401
    import explorer.ui.screens.history  # noqa: F401


def create_app(services: Services, **options: Any) -> ExplorerApp:
    """The one factory the CLI and the tests use; every service and clock is injected.

    `services` holds the client, the history store, the examples and the settings (each a
    value or a factory built after the first frame). Options (all keyword, all optional) are
    `ExplorerApp`'s: `ids` (the first loads at once; several start a batch), `copy_text`
    (returns False when it has no clipboard: the app then uses OSC 52), `now` (the clock of
    relative times), `sleep` (paces the pending countdown, one call per second shown), `tick`
    (paces the seconds a lookup in flight shows it has waited),
    `pending_retry_seconds`, `pending_max_attempts`, `demo`, `animations` (False turns off
    animations and the cursor blink, for tests and screenshots), `loading_delay`,
    `batch_concurrency` (lookups in flight in a batch; default: the settings') and
    `theme_memory` (the theme to start in and where the palette's choice is kept; default:
    Textual's theme, not kept).
    """
    return ExplorerApp(services, **options)
