"""Snapshots of the batch, compare and provider-statistics views at the smallest size the app
supports (80×24) and at a large one (200×50): the columns follow the window, nothing wraps.

Same setup as `test_snapshots.py` (animations and blink off, the demo API in-process on a fake
clock, a history store seeded at a fixed fetch time). Update after an intended change with
`pytest tests/functional/history/test_view_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import pytest

from explorer.demo.data import DEMO_CASES, RATE_LIMITED_ID, UNKNOWN_ID_EXAMPLE
from explorer.ui.screens.batch import BatchScreen
from explorer.ui.screens.compare import CompareScreen
from tests.functional.history.conftest import HeldTransport
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

SIZES = {"80x24": (80, 24), "200x50": (200, 50)}
"""The smallest size every view must stay usable at, and a large one."""

COMPARED = (DEMO_CASES["auto-router"], RATE_LIMITED_ID)

by_size = pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))


class TestBatchViewSizes:
    """A batch cancelled with two lookups held: ok, failed and cancelled rows, the bar's
    cancelled part."""

    @by_size
    def test_cancelled_batch(self, snap_compare, make_app, clock, empty_store, size):
        held = HeldTransport(demo_transport(clock), {TOOLS_ID, REASONING_ID})
        ids = [FALLBACK_ID, TOOLS_ID, STORM_ID, UNKNOWN_ID_EXAMPLE, REASONING_ID]
        app = make_app(demo_client(clock, transport=held), ids=ids, store=empty_store)

        async def cancel_when_three_done(pilot) -> None:
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, BatchScreen)
                             and "3 / 5 done" in screen_text(pilot.app))
            await pilot.press("x")
            await settle(pilot)

        assert snap_compare(app, terminal_size=size, run_before=cancel_when_three_done)


class TestCompareSizes:
    """Two demo generations side by side (stacked at 80 columns): the two the history pane
    lists first (as `test_snapshots.py` compares)."""

    @by_size
    def test_compare(self, snap_compare, make_app, store, size):
        app = make_app(store=store)

        async def compare_two(pilot) -> None:
            # Opened directly: the history pane's "press d" toast would hide the diff.
            await pilot.app.push_screen(CompareScreen(pilot.app.open_store, *COMPARED))
            await settle(pilot)

        assert snap_compare(app, terminal_size=size, run_before=compare_two)


class TestProviderStatsSizes:
    """Provider statistics over the whole demo history."""

    @by_size
    def test_provider_stats(self, snap_compare, make_app, store, size):
        app = make_app(store=store)

        async def open_stats(pilot) -> None:
            await pilot.press("escape", "s")
            await settle(pilot)

        assert snap_compare(app, terminal_size=size, run_before=open_stats)
