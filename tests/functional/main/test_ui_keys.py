"""Copy keys, the OSC 52 fallback, help, the command palette, and the history store."""

from __future__ import annotations

import json

from textual.command import CommandPalette

from explorer.ui.dialogs.help import HelpScreen
from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.widgets.id_entry import IdEntry
from tests.support.app import FALLBACK_ID, TOOLS_ID, CopyRecorder, demo_client
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_text
from tests.support.screen import notifications as notified
from tests.support.sizes import APP_SIZE

SECRET = "sk-mg-v1-UI-SECRET-0123456789abcdef"


def notifications(app) -> list[str]:
    return [notification.message for notification in notified(app)]


async def test_c_copies_the_current_tab(make_app, clipboard):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "c")
        viewer = app.query_one(ContentViewer)
        assert clipboard.copied == [viewer.current_text()]
        assert clipboard.copied[0]
        assert any("Completion" in text for text in notifications(app))


async def test_y_copies_the_id(make_app, clipboard):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        assert clipboard.copied == [TOOLS_ID]


async def test_j_copies_the_metadata_json(make_app, clipboard):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        assert json.loads(clipboard.copied[0]) == app.main_screen.lookup.raw_generation
        assert "\n  " in clipboard.copied[0]  # pretty-printed


async def test_u_copies_a_curl_command_without_the_key(make_app, clipboard, clock):
    app = make_app(demo_client(clock, api_key=SECRET), ids=["gen-odd id&x=1"])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        (command,) = clipboard.copied
        assert command == (  # the in-process demo has no address: the demo server's
            'curl -s -H "Authorization: Bearer demo-key" '
            '"http://127.0.0.1:8787/api/v1/generation?id=gen-odd%20id%26x%3D1"'
        )
        assert SECRET not in command
        assert SECRET not in screen_text(app)


async def test_copy_falls_back_to_osc52_and_says_so(make_app, clock):
    no_clipboard = CopyRecorder(works=False)
    app = make_app(ids=[TOOLS_ID], copy_text=no_clipboard)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert no_clipboard.copied == [TOOLS_ID]  # pyperclip was tried first
        assert app.clipboard == TOOLS_ID  # then Textual's copy_to_clipboard (OSC 52)
        assert any("via terminal (OSC 52) — pyperclip has no clipboard here" in text
                   for text in notifications(app))


async def test_copy_with_nothing_loaded_is_disabled_and_warns(make_app, clipboard):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        app.query_one("#status").focus()
        await pilot.press("c", "y", "j", "u")  # greyed out in the footer: nothing happens
        assert clipboard.copied == []
        screen = app.main_screen
        for action in (screen.action_copy_tab, screen.action_copy_id,
                       screen.action_copy_metadata, screen.action_copy_curl):  # what the palette calls
            action()
        await pilot.pause()
        assert clipboard.copied == []
        assert sum("Nothing to copy" in text for text in notifications(app)) == 4


async def test_help_opens_with_question_mark_and_f1_and_lists_every_key(make_app):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {line.description for line in app.main_screen.key_help()}  # (it scrolls)
        for binding in [*IdEntry.BINDINGS, *app.main_screen.BINDINGS, *app.BINDINGS]:
            assert binding.description in listed
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+l")  # F1 works even while typing in the entry
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert not isinstance(app.screen, HelpScreen)


async def test_every_binding_has_an_id_a_tooltip_and_a_palette_entry(make_app):
    app = make_app(examples=[(FALLBACK_ID, "Fallback chain")])
    async with app.run_test(size=APP_SIZE):
        titles = {command.title for command in app.main_screen.palette_commands()}
        for binding in [*IdEntry.BINDINGS, *app.main_screen.BINDINGS, *app.BINDINGS]:
            assert binding.id and binding.tooltip, binding
            if binding.id not in ("load", "leave-entry", "quit", "quit-anywhere", "cancel-lookup"):
                assert binding.description in titles
        assert "Open example: Fallback chain" in titles
        assert "Cancel lookup" not in titles  # nothing in flight to cancel


async def test_the_palette_offers_cancel_only_while_a_lookup_is_in_flight(make_app, clock):
    from tests.functional.history.conftest import HeldTransport
    from tests.support.app import demo_client, demo_transport

    held = HeldTransport(demo_transport(clock), {FALLBACK_ID})
    app = make_app(demo_client(clock, transport=held), ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.pause()
        assert "Cancel lookup" in {c.title for c in app.main_screen.palette_commands()}
        held.release.set()
        await settle(pilot)
        assert "Cancel lookup" not in {c.title for c in app.main_screen.palette_commands()}


async def test_palette_command_runs_while_the_entry_has_focus(make_app, clipboard):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l", "ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"copy generation id")
        await wait_until(pilot, lambda: "Copy generation ID" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: clipboard.copied == [TOOLS_ID])


async def test_palette_opens_an_example(make_app):
    app = make_app(examples=[(FALLBACK_ID, "Fallback chain")])
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"open example fallback")
        await wait_until(pilot, lambda: "Open example: Fallback chain" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main_screen.lookup is not None)
        assert app.main_screen.lookup.id == FALLBACK_ID


async def test_example_list_loads_on_select(make_app):
    app = make_app(examples=[(FALLBACK_ID, "Fallback chain"), (TOOLS_ID, "Tools")])
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.click("#status OptionList", offset=(5, 1))
        await settle(pilot)
        assert app.main_screen.lookup.id == FALLBACK_ID


class RecordingStore:
    """A history store stand-in: records saves, starts with a warning."""

    def __init__(self, warning: str | None = None) -> None:
        self.warning = warning
        self.saved: list[tuple] = []

    def save(self, generation, content, fetched_at=None):
        self.saved.append((generation, content, fetched_at))
        return None


async def test_successful_lookups_are_saved_to_history(make_app):
    store = RecordingStore()
    app = make_app(ids=[TOOLS_ID], store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        ((generation, content, _),) = store.saved
        assert generation["id"] == TOOLS_ID and content == app.main_screen.lookup.raw_content


async def test_store_warning_is_shown_once_at_start(make_app):
    app = make_app(store=RecordingStore(warning="History disabled: read-only disk"))
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert notifications(app).count("History disabled: read-only disk") == 1


async def test_the_key_bar_follows_focus_and_runs_a_clicked_key(make_app):
    from explorer.ui.lines.key_bar import KeyBar

    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        bar = app.query_one(KeyBar)
        assert "Retry" in bar.text and "Quit" in bar.text  # results focused: the letter keys
        app.query_one(IdEntry).focus()
        await pilot.pause()
        assert "Load" in bar.text and "Retry" not in bar.text  # in the entry: they type
        app.main_screen.action_focus_results()
        await pilot.pause()
        start = bar.text.index(" ? Help")
        await pilot.hover(KeyBar, offset=(start + 2, 0))
        assert bar.tooltip == "List every key"
        await pilot.click(KeyBar, offset=(start + 2, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
