"""The help is honest: on the main screen and in every view, each key it lists is bound there
to what the line says, every key of ours bound there is listed, and nothing claims that the
arrow keys switch tabs. At 80×24 it scrolls (keys, j / k, the mouse wheel) to its last line."""

from __future__ import annotations

from collections import defaultdict

import pytest
from textual import events
from textual.app import App
from textual.screen import Screen

from explorer.ui.dialogs.help import HelpList, HelpScreen, screen_key_help
from tests.functional.keys.conftest import SCREENS, app_for, open_screen
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_lines, screen_text
from tests.support.sizes import APP_SIZE

SMALL = (80, 24)


def priority_keys(app: App) -> dict[str, set[str]]:
    """The app's priority keys (^q, the palette): Textual looks them up before any screen's,
    so they act under every screen, modal or not."""
    keys: dict[str, set[str]] = defaultdict(set)
    for binding in (*App.BINDINGS, *type(app).BINDINGS):
        if isinstance(binding, tuple) or not binding.priority:
            continue
        for key in binding.key.split(","):
            keys[key.strip()].add(binding.action)
    keys[app.COMMAND_PALETTE_BINDING].add("command_palette")
    return keys


async def bound_on(pilot, screen: Screen) -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    """What each key does on `screen` with focus on each of its widgets (and on none), as
    Textual resolves keys (`active_bindings`): key → actions; and the (key, action) pairs of
    our bindings (those with an ID). Three times: as the screen is now, with the widgets'
    `check_action` allowing everything, then every node's (keys that act only in some state:
    escape closing a search that is open, or cancelling a lookup in flight)."""
    app = pilot.app
    actions: dict[str, set[str]] = defaultdict(set)
    ours: set[tuple[str, str]] = set()
    widgets = list(screen.query("*"))
    nodes = [app, screen, *widgets]
    for allowed in ([], widgets, nodes):
        for node in allowed:
            node.check_action = lambda action, parameters: True
        for widget in [None, *screen.focus_chain]:
            screen.set_focus(widget)
            await pilot.pause()
            for key, active in screen.active_bindings.items():
                actions[key].add(active.binding.action)
                if active.binding.id:
                    ours.add((key, active.binding.action))
    for node in nodes:
        vars(node).pop("check_action", None)
    for key, priority_actions in priority_keys(app).items():
        actions[key] |= priority_actions
    return actions, ours


def palette_as_one(action: str) -> str:
    """The palette's action, whoever binds it (the app, or a view for its key bar)."""
    return "command_palette" if action.endswith("command_palette") else action


@pytest.mark.parametrize("name", SCREENS)
async def test_every_key_in_the_help_does_what_it_says_there(make_app, store, name):
    app = app_for(make_app, store, name)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_screen(pilot, name)
        lines = screen_key_help(screen)
        actions, ours = await bound_on(pilot, screen)
        listed = {(key, palette_as_one(action)) for line in lines for key, action in line.bound}
        for line in lines:
            assert line.bound, line
            for key, action in line.bound:
                assert action in actions.get(key, set()), (name, line.keys, line.description)
        ours = {(key, palette_as_one(action)) for key, action in ours}
        assert ours - listed == set()  # every key of ours that acts here is in the help
        descriptions = {line.description.lower() for line in lines}
        assert not any("tab" in d and "switch" in d for d in descriptions)


@pytest.mark.parametrize("name", SCREENS)
async def test_the_help_key_shows_that_screens_keys(make_app, store, name):
    app = app_for(make_app, store, name)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_screen(pilot, name)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await settle(pilot)
        text = screen_text(app)
        assert "Switch tabs" not in text
        for line in screen_key_help(screen)[:5]:
            assert line.description in text
        await pilot.press("escape")
        assert app.screen is screen


def shows_last_line(app):
    """A test: does the screen show the help's last line (its keys and description)?"""
    last = app.main_screen.key_help()[-1]
    return lambda: any(line.lstrip("│ ").startswith(last.keys) and last.description in line
                       for line in screen_lines(app))


def help_list(app) -> HelpList:
    return app.screen.query_one(HelpList)


async def open_main_help(pilot) -> HelpList:
    await pilot.press("f1")  # (? would type in the entry)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    await settle(pilot)
    return help_list(pilot.app)


async def test_at_80x24_the_help_scrolls_to_its_last_line_with_keys(make_app, store):
    app = app_for(make_app, store, "Main screen")
    async with app.run_test(size=SMALL) as pilot:
        await open_screen(pilot, "Main screen")
        view = await open_main_help(pilot)
        last = shows_last_line(app)
        assert app.focused is view
        assert view.max_scroll_y > 0 and not last()  # it does not fit
        await pilot.press("end")
        await settle(pilot)
        assert last() and "close this help" in screen_text(app)
        await pilot.press("home")
        await settle(pilot)
        assert view.scroll_y == 0 and not last()
        await pilot.press("pagedown")
        await settle(pilot)
        paged = view.scroll_y
        assert paged > 1
        await pilot.press("pageup", "j", "j")
        await settle(pilot)
        assert view.scroll_y == 2
        await pilot.press("k", "down", "up", "up")
        await settle(pilot)
        assert view.scroll_y == 0
        for _ in range(int(view.max_scroll_y)):
            await pilot.press("down")
        await settle(pilot)
        assert last()


async def test_at_80x24_the_mouse_wheel_scrolls_the_help(make_app, store):
    app = app_for(make_app, store, "Main screen")
    async with app.run_test(size=SMALL) as pilot:
        await open_screen(pilot, "Main screen")
        view = await open_main_help(pilot)
        x, y = view.region.center
        for _ in range(int(view.max_scroll_y)):
            view.post_message(events.MouseScrollDown(view, 10, 5, 0, 1, 0, False, False, False,
                                                     screen_x=x, screen_y=y))
        await settle(pilot)
        assert view.scroll_y == view.max_scroll_y > 0
        assert shows_last_line(app)()
