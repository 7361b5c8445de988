"""The batch view: several IDs (command line or pasted) are fetched concurrently with a progress
bar; each ends ok or with its error listed; a 429 slows the batch but does not fail it."""

from __future__ import annotations

import asyncio

import httpx
from textual import events
from textual.widgets import ProgressBar

from explorer.api.client import NO_RETRY
from explorer.demo.data import RATE_LIMITED_ID, UNKNOWN_ID_EXAMPLE
from explorer.ui.screens.batch import BatchScreen
from explorer.ui.widgets.batch_table import BatchTable
from explorer.ui.widgets.id_entry import IdEntry
from explorer.ui.widgets.metadata_panel import MetadataPanel
from tests.functional.history.conftest import HeldTransport, listed
from tests.support.app import (
    FALLBACK_ID,
    REASONING_ID,
    STORM_ID,
    TOOLS_ID,
    demo_client,
    demo_transport,
)
from tests.support.pilot import settle, wait_until
from tests.support.screen import notifications, screen_text
from tests.support.sizes import APP_SIZE

BATCH = [FALLBACK_ID, TOOLS_ID, RATE_LIMITED_ID, UNKNOWN_ID_EXAMPLE, REASONING_ID]


def batch_screen(app) -> BatchScreen:
    assert isinstance(app.screen, BatchScreen)
    return app.screen


def row_text(app, generation_id: str) -> str:
    table = app.screen.query_one(BatchTable)
    return " ".join(table.row_texts(generation_id))


async def test_several_ids_on_the_command_line_run_as_a_batch(make_app, clock, empty_store):
    client = demo_client(clock, retry=NO_RETRY)  # 429s reach the batch, which slows down
    app = make_app(client, ids=BATCH, store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        screen = batch_screen(app)
        assert not screen.running
        progress = screen.query_one(ProgressBar)
        assert progress.total == len(BATCH) and progress.progress == len(BATCH)
        text = screen_text(app)
        assert "5 / 5 done · 4 ok · 1 failed" in text
        assert "Batch done · 5 IDs" in text and "rate-limit pause" in text
        assert "✓ ok" in row_text(app, RATE_LIMITED_ID)  # the 429 slowed it, did not fail it
        assert "tries (rate limited)" in row_text(app, RATE_LIMITED_ID)
        assert "openai/gpt-4o-mini" in row_text(app, RATE_LIMITED_ID)
        failed = row_text(app, UNKNOWN_ID_EXAMPLE)
        assert "✗ failed" in failed and "Not found" in failed
        # Successes are in the history; the failure is not.
        assert empty_store.get(FALLBACK_ID) is not None
        assert empty_store.get(UNKNOWN_ID_EXAMPLE) is None
        assert empty_store.count(cap=None) == 4


async def test_the_history_pane_shows_the_batch_results_marked(make_app, clock, empty_store):
    app = make_app(demo_client(clock), ids=BATCH, store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        await pilot.press("h")  # from the batch view: newest fetched first
        await settle(pilot)
        ids = listed(app)
        assert ids[0] == UNKNOWN_ID_EXAMPLE  # the failure, listed though not stored
        assert sorted(ids[1:]) == sorted(set(BATCH) - {UNKNOWN_ID_EXAMPLE})
        text = screen_text(app)
        assert "not stored" in text and "Not found" in text
        assert text.count("✓") >= 4 and "✗" in text
        assert "sorted by fetch time ↓" in text
        # A filter set meanwhile does not hide the results when coming from the batch again.
        await pilot.press("slash", *"claude", "escape", "b")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert len(listed(app)) == len(BATCH)


async def test_the_history_pane_on_screen_shows_a_batch_when_it_ends(make_app, clock, empty_store):
    held = HeldTransport(demo_transport(clock), {TOOLS_ID})
    app = make_app(demo_client(clock, transport=held), ids=[FALLBACK_ID, TOOLS_ID],
                   store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen)
                         and "1 / 2 done" in screen_text(app))
        await pilot.press("h")
        await wait_until(pilot, lambda: listed(app) == [FALLBACK_ID])
        held.release.set()
        await settle(pilot)
        assert sorted(listed(app)) == sorted([FALLBACK_ID, TOOLS_ID])


async def test_a_rate_limited_id_that_never_recovers_fails_alone(make_app, clock, empty_store):
    app = make_app(demo_client(clock, retry=NO_RETRY), ids=[FALLBACK_ID, "fault-429", TOOLS_ID],
                   store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        assert "3 / 3 done · 2 ok · 1 failed" in screen_text(app)
        assert "Rate limited" in row_text(app, "fault-429") or "429" in row_text(app, "fault-429")


async def test_enter_opens_a_result_and_a_failed_one_is_looked_up_again(make_app, clock, empty_store):
    app = make_app(demo_client(clock), ids=[FALLBACK_ID, UNKNOWN_ID_EXAMPLE], store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, BatchScreen)
        assert app.main_screen.lookup is not None and app.main_screen.lookup.id == FALLBACK_ID
        assert "from history" in str(app.query_one(MetadataPanel).border_subtitle)
        await pilot.press("b", "down", "enter")
        await settle(pilot)
        # The error shows (the generation shown before may stay under it).
        assert "Not found" in screen_text(app) or "not found" in screen_text(app)


async def test_pasting_several_ids_into_the_entry_starts_a_batch(make_app, empty_store):
    app = make_app(store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        entry = app.query_one(IdEntry)
        entry.post_message(events.Paste(f"{FALLBACK_ID}\n{TOOLS_ID}\n{STORM_ID}\n"))
        await pilot.pause()
        assert entry.value == f"{FALLBACK_ID} {TOOLS_ID} {STORM_ID}"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        assert "3 / 3 done · 3 ok · 0 failed" in screen_text(app)


async def test_the_batch_concurrency_option_bounds_lookups_in_flight(make_app, clock, empty_store):
    class InFlight(httpx.AsyncBaseTransport):
        def __init__(self, inner):
            self.inner, self.now, self.peak = inner, 0, 0

        async def handle_async_request(self, request):
            if not request.url.path.endswith("/content"):
                self.now += 1
                self.peak = max(self.peak, self.now)
                await asyncio.sleep(0)  # let the other lookups start, if they may
            try:
                return await self.inner.handle_async_request(request)
            finally:
                if not request.url.path.endswith("/content"):
                    self.now -= 1

    transport = InFlight(demo_transport(clock))
    ids = [FALLBACK_ID, TOOLS_ID, STORM_ID, REASONING_ID, RATE_LIMITED_ID]
    app = make_app(demo_client(clock, transport=transport), ids=ids, store=empty_store,
                   batch_concurrency=2)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        assert "up to 2 at a time" in screen_text(app)
        assert "5 / 5 done" in screen_text(app)
        assert transport.peak == 2


async def test_x_cancels_a_running_batch(make_app, clock, empty_store):
    held = HeldTransport(demo_transport(clock), {TOOLS_ID})
    app = make_app(demo_client(clock, transport=held), ids=[FALLBACK_ID, TOOLS_ID],
                   store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen)
                         and "1 / 2 done" in screen_text(app))
        assert batch_screen(app).running
        await pilot.press("x")
        await settle(pilot)
        assert not batch_screen(app).running
        assert "Batch: 1 of 2 looked up — cancelled" in screen_text(app)


async def test_b_without_a_batch_says_how_to_start_one(make_app):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.press("escape", "b")
        await pilot.pause()
        assert not isinstance(app.screen, BatchScreen)
        assert any("No batch yet" in n.message for n in notifications(app))
