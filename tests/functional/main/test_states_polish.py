"""The main screen's states as a user follows them (issue #12): a failed lookup of another ID
leaves the generation on screen and says what failed; a slow lookup shows the seconds it has
waited and escape cancels it; a pending generation's age ticks every second."""

from __future__ import annotations

import httpx

from explorer.api.client import NO_RETRY
from explorer.demo.data import UNKNOWN_ID_EXAMPLE
from explorer.ui.lookup_state import Failed, Idle, Loaded, Loading
from explorer.ui.widgets.id_entry import IdEntry
from explorer.ui.widgets.status_view import StatusView
from tests.functional.main.conftest import GatedTransport
from tests.support.app import FALLBACK_ID, TOOLS_ID, demo_client, demo_transport
from tests.support.clock import SteppedSleep
from tests.support.pilot import settle, wait_until
from tests.support.screen import notifications, screen_lines, screen_text
from tests.support.sizes import APP_SIZE


class SwitchableFailure(httpx.AsyncBaseTransport):
    """The demo API, until `failing` is set: then every request answers 401."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.failing = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.failing:
            return httpx.Response(401, json={"error": {"code": 401, "message": "Key revoked"}})
        return await self.inner.handle_async_request(request)


# A failed lookup keeps what is on screen --------------------------------------------------------


async def test_a_failed_lookup_of_another_id_keeps_the_generation_and_names_the_failure(make_app):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        screen = app.main_screen
        shown = screen.lookup
        screen.load(UNKNOWN_ID_EXAMPLE)
        await settle(pilot)
        state = screen.state
        assert isinstance(state, Failed) and state.generation_id == UNKNOWN_ID_EXAMPLE
        assert screen.main_view == "results" and screen.lookup is shown  # still on screen
        text = screen_text(app)
        assert "No generation loaded" not in text
        assert f"✗ Not found (404) · {UNKNOWN_ID_EXAMPLE}" in text
        assert f"Still showing {TOOLS_ID} below" in text and "r retries" in text
        assert "Messages" in text and "Metadata" in text  # the generation's panes
        # A lookup that succeeds clears the notice.
        screen.load(FALLBACK_ID)
        await settle(pilot)
        assert screen.lookup.id == FALLBACK_ID and "✗ Not found" not in screen_text(app)


async def test_a_failed_lookup_after_the_loading_screen_brings_the_generation_back(make_app,
                                                                                  clock):
    # No loading delay: "Loading…" replaces the generation at once, which comes back on failure.
    app = make_app(demo_client(clock, retry=NO_RETRY), ids=[TOOLS_ID], loading_delay=0)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        screen = app.main_screen
        shown = screen.lookup
        screen.load("fault-429")
        await settle(pilot)
        assert screen.lookup is shown and screen.main_view == "results"
        assert "✗ Rate limited (429) · fault-429" in screen_text(app)


async def test_an_id_refused_before_any_request_keeps_the_generation_too(make_app):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        app.main_screen.load("   ")
        await pilot.pause()
        assert app.main_screen.lookup.id == TOOLS_ID
        assert "✗ Invalid generation ID" in screen_text(app)


async def test_the_same_id_failing_again_replaces_it_with_the_error(make_app, clock):
    transport = SwitchableFailure(demo_transport(clock))
    app = make_app(demo_client(clock, transport=transport, retry=NO_RETRY), ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        transport.failing = True
        await pilot.press("r")
        await settle(pilot)
        screen = app.main_screen
        assert isinstance(screen.state, Failed) and screen.lookup is None
        assert screen.main_view == "status" and "Unauthorized (401)" in screen_text(app)


# A slow lookup: its seconds, and escape --------------------------------------------------------


def gated(make_app, clock, **options):
    transport = GatedTransport(demo_transport(clock), FALLBACK_ID)
    ticks = SteppedSleep(clock)
    app = make_app(demo_client(clock, transport=transport), tick=ticks, **options)
    return app, transport, ticks


async def start_gated_lookup(pilot, transport) -> None:
    entry = pilot.app.query_one(IdEntry)
    entry.focus()
    entry.value = FALLBACK_ID
    await pilot.press("enter")
    await wait_until(pilot, lambda: transport.waiting > 0)


async def test_loading_shows_the_seconds_waited_and_how_to_cancel(make_app, clock):
    app, transport, ticks = gated(make_app, clock)
    async with app.run_test(size=APP_SIZE) as pilot:
        await start_gated_lookup(pilot, transport)
        status = app.query_one(StatusView)
        await wait_until(pilot, lambda: "Waiting 0 s" in screen_text(app))
        assert status.has_class("-loading") and "Press  esc  to cancel." in screen_text(app)
        assert "Cancel lookup" in screen_lines(app)[-1]  # and in the footer
        ticks.release()
        await wait_until(pilot, lambda: "Waiting 1 s" in screen_text(app))
        ticks.release(2)
        await wait_until(pilot, lambda: "Waiting 3 s" in screen_text(app))
        transport.gate.set()
        await settle(pilot)
        assert isinstance(app.main_screen.state, Loaded)
        assert "Cancel lookup" not in screen_lines(app)[-1]
        ticks.release(5)  # the clock stopped with the lookup: nothing left to tick
        await pilot.pause()
        assert "Waiting" not in screen_text(app)


async def test_escape_cancels_a_first_lookup_back_to_the_start(make_app, clock):
    app, transport, _ticks = gated(make_app, clock)
    async with app.run_test(size=APP_SIZE) as pilot:
        await start_gated_lookup(pilot, transport)
        assert isinstance(app.focused, IdEntry)  # escape would leave the entry: it cancels
        await pilot.press("escape")
        await pilot.pause()
        screen = app.main_screen
        assert isinstance(screen.state, Idle) and "Look up a generation" in screen_text(app)
        assert any(n.title == "Lookup cancelled" and FALLBACK_ID in n.message
                   for n in notifications(app))
        transport.gate.set()  # the answer comes after all: it is stale
        await settle(pilot)
        assert isinstance(screen.state, Idle) and screen.lookup is None
        await pilot.press("escape")  # nothing in flight: escape leaves the entry, as before
        assert not isinstance(app.focused, IdEntry)


async def test_escape_cancels_back_to_the_generation_shown_before(make_app, clock):
    app, transport, _ticks = gated(make_app, clock, ids=[TOOLS_ID], loading_delay=0)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        shown = app.main_screen.lookup
        await start_gated_lookup(pilot, transport)
        await wait_until(pilot, lambda: isinstance(app.main_screen.state, Loading))
        assert app.main_screen.main_view == "status"
        await pilot.press("escape")
        await pilot.pause()
        state = app.main_screen.state
        assert isinstance(state, Loaded) and state.lookup is shown
        assert app.main_screen.main_view == "results"
        transport.gate.set()
        await settle(pilot)
        assert app.main_screen.lookup is shown


# The pending countdown --------------------------------------------------------------------------


async def test_the_pending_age_ticks_every_second(make_app, clock):
    pending_id = f"gen-{int(clock.now)}-JustFinished"
    stepped = SteppedSleep(clock)
    app = make_app(ids=[pending_id], sleep=stepped, pending_retry_seconds=3)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: "finished 0 s ago" in screen_text(app))
        assert "Retrying in 3 s" in screen_text(app) and "esc" in screen_text(app)
        stepped.release()
        await wait_until(pilot, lambda: "Retrying in 2 s" in screen_text(app))
        assert "finished 1 s ago" in screen_text(app)
        stepped.release()
        await wait_until(pilot, lambda: "finished 2 s ago" in screen_text(app))
        await pilot.press("escape")  # escape cancels a countdown too
        await pilot.pause()
        assert isinstance(app.main_screen.state, Idle)
