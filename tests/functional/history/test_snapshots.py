"""Snapshots of the views (pytest-textual-snapshot): 120×36, animations and blink off, the demo
API in-process on a fake clock, a history store seeded at a fixed fetch time.

Update after an intended change with `pytest tests/functional/history --snapshot-update`, then
look at the SVGs.
"""

from __future__ import annotations

import pytest

from explorer.demo.data import UNKNOWN_ID_EXAMPLE
from explorer.ui.screens.batch import BatchScreen
from tests.functional.history.conftest import HeldTransport, open_history
from tests.support.app import (
    FALLBACK_ID,
    REASONING_ID,
    STORM_ID,
    TOOLS_ID,
    demo_client,
    demo_transport,
)
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_text
from tests.support.sizes import APP_SIZE


class TestHistoryPane:
    """The pane over the demo data set, newest first."""

    def test_history_pane(self, snap_compare, make_app, store):
        app = make_app(store=store)
        assert snap_compare(app, terminal_size=APP_SIZE, run_before=open_history)

    def test_history_pane_marked_and_sorted_by_cost(self, snap_compare, make_app, store):
        app = make_app(store=store)

        async def mark_two(pilot) -> None:
            await open_history(pilot)
            await pilot.press("c")
            await settle(pilot)
            await pilot.press("space", "down", "down", "space")

        assert snap_compare(app, terminal_size=APP_SIZE, run_before=mark_two)

    @pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])
    def test_history_pane_sizes(self, snap_compare, make_app, store, size):
        """The columns follow the window: the ones that fit, whole (at 200: the fetch time,
        the ID and every cell uncut)."""
        app = make_app(store=store)
        assert snap_compare(app, terminal_size=size, run_before=open_history)


class TestBatch:
    """A batch frozen half way: two lookups held by the transport until the test ends."""

    def test_batch_progress(self, snap_compare, make_app, clock, empty_store):
        held = HeldTransport(demo_transport(clock), {TOOLS_ID, REASONING_ID})
        ids = [FALLBACK_ID, TOOLS_ID, STORM_ID, UNKNOWN_ID_EXAMPLE, REASONING_ID,
               "gen-1794729739-BaVbVJBMQKnY8qS0BFn7"]
        app = make_app(demo_client(clock, transport=held), ids=ids, store=empty_store)

        async def until_four_done(pilot) -> None:
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, BatchScreen)
                             and "4 / 6 done" in screen_text(pilot.app))
            await pilot.pause()

        assert snap_compare(app, terminal_size=APP_SIZE, run_before=until_four_done)


class TestProviderStats:
    """Provider statistics over the whole demo history."""

    def test_provider_stats(self, snap_compare, make_app, store):
        app = make_app(store=store)

        async def open_stats(pilot) -> None:
            await pilot.press("escape", "s")
            await settle(pilot)

        assert snap_compare(app, terminal_size=APP_SIZE, run_before=open_stats)


class TestCompare:
    """Two demo generations side by side."""

    def test_compare_screen(self, snap_compare, make_app, store):
        app = make_app(store=store)

        async def compare_two(pilot) -> None:
            await open_history(pilot)
            await pilot.press("space", "down", "space", "d")
            await settle(pilot)

        assert snap_compare(app, terminal_size=APP_SIZE, run_before=compare_two)
