"""Fixtures for the key tests (help, key bar, ctrl+l, list keys, the README's key table): a
seeded history store, and `open_screen` to bring up the main screen or any view. The app, its
clock and clipboard come from tests/functional/conftest.py."""

from __future__ import annotations

import pytest
from textual.screen import Screen

from explorer.store import HistoryStore
from explorer.ui.screens.batch import BatchScreen
from explorer.ui.screens.compare import CompareScreen
from explorer.ui.screens.history import HistoryScreen
from explorer.ui.screens.live import LiveScreen
from explorer.ui.screens.provider_stats import ProviderStatsScreen
from explorer.ui.widgets.id_entry import IdEntry
from tests.support.app import FALLBACK_ID, TOOLS_ID
from tests.support.pilot import settle, wait_until
from tests.support.stores import seeded_store

VIEWS = {
    "History": HistoryScreen,
    "Batch": BatchScreen,
    "Provider statistics": ProviderStatsScreen,
    "Compare": CompareScreen,
    "Live": LiveScreen,
}
"""Every view by the name the README's key tables give it."""
SCREENS = ["Main screen", *VIEWS]
"""The main screen and every view."""


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    store = seeded_store(tmp_path / "history.db")
    yield store
    store.close()


def app_for(make_app, store, name: str):
    """An app that `open_screen` can bring `name` up in: a batch for the batch view, a loaded
    generation for the main screen (every pane mounted, so every key is there)."""
    if name == "Batch":
        return make_app(ids=[FALLBACK_ID, TOOLS_ID], store=store)
    if name == "Main screen":
        return make_app(ids=[FALLBACK_ID], store=store)
    return make_app(store=store)


async def open_screen(pilot, name: str) -> Screen:
    """Bring up the screen called `name` (see `SCREENS`) in an app from `app_for`; settled."""
    app = pilot.app
    await settle(pilot)
    if name == "Main screen":
        assert app.screen is app.main_screen and app.main_screen.lookup is not None
        return app.screen
    if name == "Batch":
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        return app.screen
    if isinstance(app.focused, IdEntry):
        await pilot.press("escape")  # leave the ID entry: letter keys act
    key = {"History": "h", "Provider statistics": "s", "Compare": "h", "Live": "l"}[name]
    await pilot.press(key)
    await settle(pilot)
    if name == "Compare":
        await pilot.press("space", "down", "space", "d")  # mark two, compare them
        await settle(pilot)
    assert isinstance(app.screen, VIEWS[name])
    return app.screen
