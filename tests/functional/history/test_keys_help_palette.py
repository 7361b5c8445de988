"""Every new key is in the help and the command palette, on the main screen and in the views;
the main screen's keys never act on a view."""

from __future__ import annotations

from textual.command import CommandPalette

from explorer.ui.dialogs.help import HelpScreen
from explorer.ui.screens.history import HistoryScreen
from explorer.ui.screens.view_screen import ViewScreen
from tests.functional.history.conftest import listed, open_history
from tests.support.app import FALLBACK_ID, all_bindings_have_ids_and_tooltips
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_text
from tests.support.sizes import APP_SIZE


async def test_main_help_and_palette_list_the_view_keys(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        titles = [c.title for c in app.main_screen.palette_commands()]
        for title in ("History", "Provider stats", "Batch", "Export"):
            assert title in titles
        help_rows = {row.description for row in app.main_screen.key_help()}
        assert {"History", "Provider stats", "Batch", "Export"} <= help_rows
        assert all_bindings_have_ids_and_tooltips([*app.main_screen.BINDINGS, *app.BINDINGS])


async def test_the_palette_opens_the_history(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"History")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


async def test_a_view_offers_its_own_keys_in_the_palette_and_help(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_history(pilot)
        titles = [c.title for c in screen.palette_commands()]
        assert {"Cost", "Latency", "Session", "Mark", "Compare", "Re-fetch", "Stats", "Open"} <= set(titles)
        assert "Copy tab text" not in titles  # the main screen's keys are not offered here
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Cost")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.filter.sort == "cost"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Compare" in text and "Re-fetch" in text and "Filter" in text
        await pilot.press("escape")
        assert app.screen is screen


async def test_main_screen_keys_do_not_act_on_a_view(make_app, store, clipboard):
    app = make_app(ids=[FALLBACK_ID], store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await open_history(pilot)
        await pilot.press("y", "j", "u", "4", "r")  # copy / tab / retry keys of the main screen
        await settle(pilot)
        assert clipboard.copied == []
        assert isinstance(app.screen, ViewScreen)
        assert listed(app)
