"""The live view: captured generations newest first with their state and running totals,
following the history as other processes write to it; Enter opens one; the TUI's own follower
captures what a log says."""

from __future__ import annotations

from explorer.store import HistoryStore
from explorer.store.captures import CaptureLog
from explorer.ui.live_capture import LiveCapture
from explorer.ui.screens.live import LiveScreen
from explorer.ui.widgets.capture_table import CaptureTable
from explorer.ui.widgets.id_entry import IdEntry
from tests.functional.history.conftest import OfflineTransport
from tests.support.app import FALLBACK_ID, STORM_ID, TOOLS_ID, demo_client
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_text
from tests.support.sizes import APP_SIZE

FAILED_ID = "gen-1795953500-liveFailedXXXXXXXXXX"
PENDING_ID = "gen-1795953590-livePendingXXXXXXXXX"


def captured(store: HistoryStore, clock, *, ids=(FALLBACK_ID, STORM_ID)) -> CaptureLog:
    """Captures in `store`: `ids` loaded (they are in the history), one failed, one pending."""
    log = CaptureLog(store, clock=clock.time)
    for gen_id in ids:
        log.record_captured([gen_id], "proxy")
        log.mark_loaded(gen_id)
        clock.now += 1
    log.record_captured([FAILED_ID], "follow:app.log")
    log.mark_failed(FAILED_ID, "401 Unauthorized: the key was rejected")
    clock.now += 1
    log.record_captured([PENDING_ID], "proxy")
    return log


def listed(app) -> list[str]:
    return [row.id for row in app.screen.query_one(CaptureTable).rows]


async def open_live(pilot, *, capturing: bool = False) -> LiveScreen:
    """Press l (leaving the ID entry first) and wait for the first read of the captures
    (`capturing`: the app runs a capture, a worker that never ends; wait for the view only)."""
    if isinstance(pilot.app.focused, IdEntry):
        await pilot.press("escape")  # leave the ID entry: letter keys act
    await pilot.press("l")
    if capturing:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, LiveScreen))
    else:
        await settle(pilot)
    assert isinstance(pilot.app.screen, LiveScreen)
    return pilot.app.screen


async def test_l_lists_captures_newest_first_with_state_and_totals(make_app, store, clock):
    captured(store, clock)
    app = make_app(store=store)
    async with app.run_test(size=(200, 30)) as pilot:
        await open_live(pilot)
        assert listed(app) == [PENDING_ID, FAILED_ID, STORM_ID, FALLBACK_ID]
        text = screen_text(app)
        assert "4 captured · 2 loaded · 1 pending · 1 failed" in text
        assert "failed: 401 Unauthorized: the key was rejected" in text
        assert "pending · 60 s left" in text
        assert "20 (19 ✗)" in text  # the storm's attempts, with how many failed
        assert "loaded" in text and "Waiting for generations" not in text


async def test_the_pending_countdown_moves_with_the_clock(make_app, store, clock):
    captured(store, clock)
    app = make_app(store=store)
    async with app.run_test(size=(200, 30)) as pilot:
        await open_live(pilot)
        assert "pending · 60 s left" in screen_text(app)
        clock.now += 15
        app.screen.query_one(CaptureTable).tick()  # what the view's one-second timer calls
        await pilot.pause()
        assert "pending · 45 s left" in screen_text(app)


async def test_captures_written_by_another_process_appear(make_app, store, clock, tmp_path):
    app = make_app(store=store)
    async with app.run_test(size=(200, 30)) as pilot:
        screen = await open_live(pilot)
        assert listed(app) == [] and "Waiting for generations" in screen_text(app)
        other = HistoryStore.open(store.path)  # another connection: as a proxy process has
        try:
            CaptureLog(other, clock=clock.time).record_captured([TOOLS_ID], "proxy")
        finally:
            other.close()
        screen.poll()  # what the view's timer calls twice a second
        await settle(pilot)
        assert listed(app) == [TOOLS_ID]
        assert "1 captured · 0 loaded · 1 pending" in screen_text(app)
        assert "Waiting for generations" not in screen_text(app)


async def test_the_poll_timer_notices_changes_on_its_own(make_app, store, clock):
    app = make_app(store=store, live_poll_seconds=0.01)
    async with app.run_test(size=(200, 30)) as pilot:
        await open_live(pilot)
        CaptureLog(store, clock=clock.time).record_captured([TOOLS_ID], "proxy")
        await wait_until(pilot, lambda: listed(app) == [TOOLS_ID], rounds=5000)


async def test_enter_opens_a_loaded_capture_from_the_history(make_app, store, clock):
    captured(store, clock)
    transport = OfflineTransport()
    app = make_app(demo_client(clock, transport=transport), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("down", "down", "enter")  # the storm
        await settle(pilot)
        assert app.screen is app.main_screen
        assert STORM_ID in screen_text(app)
        assert transport.calls == 0  # from the history: no request


async def test_enter_on_a_failed_capture_looks_it_up_again(make_app, store, clock):
    captured(store, clock, ids=())
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("enter")  # the pending one (newest): looked up
        await settle(pilot)
        assert app.screen is app.main_screen
        assert PENDING_ID in screen_text(app)


async def test_the_tuis_follower_captures_ids_from_a_log(make_app, store, clock, tmp_path):
    log_file = tmp_path / "app.log"
    log_file.write_text("started\n")
    capture = LiveCapture(follow=str(log_file), demo=True)
    app = make_app(store=store, live_capture=capture)
    async with app.run_test(size=(200, 30)) as pilot:
        screen = await open_live(pilot, capturing=True)
        await wait_until(pilot, lambda: f"Following {log_file}" in screen_text(app))
        with log_file.open("a") as log:
            log.write(f'{{"level": "info", "generation": "{FALLBACK_ID}"}}\n')

        def loaded() -> bool:
            screen.poll()
            return [(r.id, r.state) for r in screen.query_one(CaptureTable).rows] == [(FALLBACK_ID, "loaded")]

        await wait_until(pilot, loaded, rounds=20000)
        assert "1 captured · 1 loaded" in screen_text(app)


async def test_a_closed_live_view_stops_polling(make_app, store, clock):
    app = make_app(store=store, live_poll_seconds=0.01)
    async with app.run_test(size=(200, 30)) as pilot:
        screen = await open_live(pilot)
        await pilot.press("l")  # closed: back to the main screen
        await settle(pilot)
        assert app.screen is app.main_screen
        CaptureLog(store, clock=clock.time).record_captured([TOOLS_ID], "proxy")
        await pilot.pause(0.1)  # a window of ten poll intervals to observe (not a synchronisation)
        assert screen.query_one(CaptureTable).rows == []  # closed, it did not look
        await pilot.press("l")
        await settle(pilot)
        assert listed(app) == [TOOLS_ID]  # open again, it looks at once
