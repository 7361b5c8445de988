"""A big generation is saved to the history after its tabs are built: serialising and indexing
megabytes in a thread competes with the tab builder for the GIL, and the user waits for the
tabs, not for the save (huge_max_stall_ms, huge_show_s)."""

from __future__ import annotations

from explorer.demo.data import DEMO_CASES
from tests.support.pilot import settle
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
