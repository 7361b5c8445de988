"""A big generation is saved to the history after its tabs are built: serialising and indexing
megabytes in a thread competes with the tab builder for the GIL, and the user waits for the
tabs, not for the save (huge_max_stall_ms, huge_show_s)."""

from __future__ import annotations

import asyncio

from explorer.demo.data import DEMO_CASES
from explorer.ui.lookup_saver import QUIET_SECONDS
from tests.support.pilot import settle, wait_until
from tests.support.sizes import APP_SIZE

BIG_ID = DEMO_CASES["large-content"]


async def test_a_big_generation_is_saved_once_its_tabs_are_built(make_app, tmp_path):
    from explorer.store import HistoryStore

    store = HistoryStore.open(tmp_path / "history.db")
    app = make_app(store=store, ids=[BIG_ID])
    seen: list[tuple[str, bool]] = []
    save = app.services.save_to_history

    async def recording(lookup):
        viewer = app.main_screen.viewer
        seen.append((lookup.generation.id, all(viewer.built_tab(tab) is not None
                                               for tab in ("messages", "completion", "reasoning"))))
        return await save(lookup)

    app.services.save_to_history = recording
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
    assert seen == [(BIG_ID, True)]
    assert store.get(BIG_ID) is not None
    store.close()


class GatedSleep:
    """The app's sleep, except that the quiet wait before a big save lasts until `gate` opens."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.quiet_waits = 0

    async def __call__(self, seconds: float) -> None:
        if seconds == QUIET_SECONDS:
            self.quiet_waits += 1
            await self.gate.wait()


async def test_a_big_save_waits_for_a_quiet_moment_after_the_tabs(make_app, tmp_path):
    """Serialising megabytes competes with the tabs the user opens next: the save starts only
    once the tabs are built and the quiet wait has passed."""
    from explorer.store import HistoryStore

    store = HistoryStore.open(tmp_path / "history.db")
    sleep = GatedSleep()
    app = make_app(store=store, ids=[BIG_ID], sleep=sleep)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: sleep.quiet_waits == 1)
        assert app.main_screen.viewer.built_tab("raw") is not None  # every tab built
        assert store.get(BIG_ID) is None  # waiting, not saved
        sleep.gate.set()
        await app.workers.wait_for_complete()
        assert store.get(BIG_ID) is not None
    store.close()


async def test_quitting_saves_what_waits_for_a_quiet_moment(make_app, tmp_path):
    from explorer.store import HistoryStore

    store = HistoryStore.open(tmp_path / "history.db")
    sleep = GatedSleep()  # never opened: only quitting ends the wait
    app = make_app(store=store, ids=[BIG_ID], sleep=sleep)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: sleep.quiet_waits == 1)
        assert store.get(BIG_ID) is None
        await pilot.press("ctrl+q")
    assert store.get(BIG_ID) is not None
    store.close()
