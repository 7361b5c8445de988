"""The key bar always shows help, quit and the palette key, down to 60 columns, on the main
screen (the entry focused or not) and in every view; what it drops for room is other keys; and
every key it shows is in that screen's help."""

from __future__ import annotations

import pytest

from explorer.ui.dialogs.help import screen_key_help
from explorer.ui.lines.key_bar import KeyBar
from explorer.ui.widgets.id_entry import IdEntry
from tests.functional.keys.conftest import SCREENS, app_for, open_screen
from tests.support.pilot import settle
from tests.support.screen import screen_lines
from tests.support.sizes import APP_SIZE

SIZES = [(80, 24), (60, 20)]


def bar_line(app) -> str:
    """The key bar as the user reads it: the bottom line of the screen."""
    return screen_lines(app)[-1]


def assert_help_quit_palette(line: str) -> None:
    assert " ? Help " in line or " f1 Help " in line, line
    assert " q Quit " in line or " ^q Quit " in line, line
    assert line.endswith("^p palette"), line


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", SCREENS)
async def test_the_bar_keeps_help_quit_and_the_palette(make_app, store, name, size):
    app = app_for(make_app, store, name)
    async with app.run_test(size=size) as pilot:
        await open_screen(pilot, name)
        await settle(pilot)
        assert_help_quit_palette(bar_line(app))


@pytest.mark.parametrize("size", SIZES)
async def test_the_bar_keeps_help_quit_and_the_palette_while_typing(make_app, store, size):
    app = app_for(make_app, store, "Main screen")
    async with app.run_test(size=size) as pilot:
        await open_screen(pilot, "Main screen")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.focused, IdEntry)
        line = bar_line(app)
        assert_help_quit_palette(line)
        assert " f1 Help " in line and " ^q Quit " in line  # ? and q type in the entry


async def test_ctrl_q_quits_while_typing_in_the_entry(make_app, store):
    app = app_for(make_app, store, "Main screen")
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_screen(pilot, "Main screen")
        await pilot.press("ctrl+l", "q")
        assert isinstance(app.focused, IdEntry) and app.focused.value.endswith("q")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_a_narrow_bar_drops_keys_from_the_right_and_keeps_back(make_app, store):
    app = app_for(make_app, store, "History")
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_screen(pilot, "History")
        bar = screen.query_one(KeyBar)
        assert " Stats " in bar.text and " esc Back " in bar.text  # every key, however narrow
        line = bar_line(app)
        assert " Stats " not in line and " esc Back " in line and line.startswith(" ⏎ Open")


@pytest.mark.parametrize("size", [APP_SIZE, (60, 20)])
@pytest.mark.parametrize("name", SCREENS)
async def test_every_key_in_the_bar_is_in_the_help(make_app, store, name, size):
    app = app_for(make_app, store, name)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot, name)
        await settle(pilot)
        shown = screen.query_one(KeyBar).shown_keys
        helped = {key for line in screen_key_help(screen) for key, _ in line.bound}
        assert shown and set(shown) <= helped
