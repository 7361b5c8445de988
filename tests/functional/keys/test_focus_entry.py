"""ctrl+l goes to the ID entry from the main screen and from every view (closing it), at once:
the keys right behind it are typed in the entry, never taken by the pane or the view left."""

from __future__ import annotations

import pytest
from textual import events

from explorer.ui.widgets.id_entry import IdEntry
from tests.functional.keys.conftest import SCREENS, app_for, open_screen
from tests.support.pilot import settle
from tests.support.screen import notifications
from tests.support.sizes import APP_SIZE

TYPED = "gen-dsf"  # d, s and f are view keys (compare, stats, re-fetch); g and e are too


def assert_typed_in_the_entry(app, before: int) -> None:
    assert app.screen is app.main_screen and len(app.screen_stack) == 1
    entry = app.main_screen.query_one(IdEntry)
    assert app.focused is entry
    assert entry.value.endswith(TYPED), entry.value
    assert len(notifications(app)) == before  # no view key fired (no "no batch yet", say)


@pytest.mark.parametrize("name", SCREENS)
async def test_ctrl_l_then_typing_lands_in_the_entry(make_app, store, name):
    app = app_for(make_app, store, name)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_screen(pilot, name)
        if name == "Main screen":
            assert not isinstance(app.focused, IdEntry)  # on the answer
        before = len(notifications(app))
        await pilot.press("ctrl+l", *TYPED)
        await settle(pilot)
        assert_typed_in_the_entry(app, before)
        assert app.screen is not screen or name == "Main screen"


@pytest.mark.parametrize("name", SCREENS)
async def test_keys_arriving_with_ctrl_l_in_one_burst_land_in_the_entry(make_app, store, name):
    app = app_for(make_app, store, name)
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_screen(pilot, name)
        before = len(notifications(app))
        # As a terminal delivers a fast typist: every key queued before the first is handled.
        for key in ["ctrl+l", *TYPED]:
            app.post_message(events.Key(key, None if key == "ctrl+l" else key))
        await settle(pilot)
        assert_typed_in_the_entry(app, before)
