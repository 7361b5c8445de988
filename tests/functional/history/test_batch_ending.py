"""The batch view once a batch ends early or is left: a cancel says how far it got (title, bar,
counts, the rows never looked up), `x` is offered only while a batch runs, Home / End move the
cursor, a result opened from the batch takes focus (so `b` comes back to the same row), and the
details take the width there is."""

from __future__ import annotations

from textual import events
from textual.widgets import ProgressBar

from explorer.demo.data import RATE_LIMITED_ID, UNKNOWN_ID_EXAMPLE
from explorer.ui.screens.batch import BatchScreen
from explorer.ui.widgets.batch_table import BatchTable
from explorer.ui.widgets.id_entry import IdEntry
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
from tests.support.screen import screen_lines, screen_text
from tests.support.sizes import APP_SIZE

BATCH = [FALLBACK_ID, TOOLS_ID, RATE_LIMITED_ID, STORM_ID, REASONING_ID]


def footer(app) -> str:
    return screen_lines(app)[-1]


def outcome(app, generation_id: str) -> str:
    return app.screen.query_one(BatchTable).row_texts(generation_id)[2]


async def test_a_cancelled_batch_says_how_far_it_got(make_app, clock, empty_store):
    held = HeldTransport(demo_transport(clock), {TOOLS_ID, REASONING_ID})
    ids = [FALLBACK_ID, TOOLS_ID, STORM_ID, REASONING_ID]
    app = make_app(demo_client(clock, transport=held), ids=ids, store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen)
                         and "2 / 4 done" in screen_text(app))
        await pilot.press("x")
        await settle(pilot)
        text = screen_text(app)
        assert "Batch: 2 of 4 looked up — cancelled" in text
        assert "2 / 4 done · 2 ok · 0 failed · 2 cancelled" in text
        assert "4 IDs" not in text  # the title no longer claims every ID
        bar = app.screen.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (2, 4) and bar.has_class("-cancelled")
        assert [outcome(app, i) for i in ids] == ["✓ ok", "cancelled", "✓ ok", "cancelled"]
        assert "pending" not in text


async def test_x_is_offered_only_while_a_batch_runs(make_app, clock, empty_store):
    held = HeldTransport(demo_transport(clock), {TOOLS_ID})
    app = make_app(demo_client(clock, transport=held), ids=[FALLBACK_ID, TOOLS_ID],
                   store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen)
                         and "1 / 2 done" in screen_text(app))
        assert "x Cancel batch" in footer(app)
        held.release.set()
        await settle(pilot)
        assert "Batch done" in screen_text(app)
        assert "Cancel batch" not in footer(app) and "Open" in footer(app)
        await pilot.press("x")  # nothing to cancel: nothing changes
        await settle(pilot)
        assert "cancelled" not in screen_text(app)


async def test_cancelling_hides_x_too(make_app, clock, empty_store):
    held = HeldTransport(demo_transport(clock), {TOOLS_ID})
    app = make_app(demo_client(clock, transport=held), ids=[FALLBACK_ID, TOOLS_ID],
                   store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen)
                         and "1 / 2 done" in screen_text(app))
        await pilot.press("x")
        await settle(pilot)
        assert "Cancel batch" not in footer(app)


async def test_home_and_end_move_the_cursor(make_app, clock, empty_store):
    app = make_app(demo_client(clock), ids=BATCH, store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        table = app.screen.query_one(BatchTable)
        await pilot.press("end")
        assert table.highlighted_id() == BATCH[-1]
        await pilot.press("home")
        assert table.highlighted_id() == BATCH[0]


async def test_a_result_opened_from_a_pasted_batch_takes_focus_and_b_comes_back(
        make_app, clock, empty_store):
    app = make_app(demo_client(clock), store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        app.query_one(IdEntry).post_message(events.Paste("\n".join(BATCH)))
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.main_screen.lookup is not None and app.main_screen.lookup.id == BATCH[2]
        assert not isinstance(app.focused, IdEntry)  # the entry would take the letter keys
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BatchScreen)
        table = app.screen.query_one(BatchTable)
        assert app.focused is table and table.highlighted_id() == BATCH[2]


async def test_a_failed_id_looked_up_again_takes_focus_too(make_app, clock, empty_store):
    app = make_app(demo_client(clock), store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        app.query_one(IdEntry).post_message(events.Paste(f"{FALLBACK_ID}\n{UNKNOWN_ID_EXAMPLE}"))
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, BatchScreen)
        assert "Not found" in screen_text(app) or "not found" in screen_text(app)
        assert not isinstance(app.focused, IdEntry)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BatchScreen)


def row_line(app, generation_id: str) -> str:
    return next(line for line in screen_lines(app) if generation_id in line)


async def test_the_details_take_the_width_there_is(make_app, clock, empty_store):
    app = make_app(demo_client(clock), ids=BATCH, store=empty_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        details = app.screen.query_one(BatchTable).row_texts(RATE_LIMITED_ID)[3]
        line = row_line(app, RATE_LIMITED_ID)
        assert details[:24] in line  # model and cost, with no sideways scrolling
        assert len(line) <= 80
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert details in row_line(app, RATE_LIMITED_ID)  # the whole of it


async def test_a_stopped_batch_says_so_and_marks_what_it_never_looked_up(
        make_app, clock, empty_store, monkeypatch):
    async def broken(*args, **kwargs):
        raise RuntimeError("the batch broke")

    monkeypatch.setattr("explorer.api.batch.run_batch", broken)
    app = make_app(demo_client(clock), ids=[FALLBACK_ID, TOOLS_ID], store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        text = screen_text(app)
        assert "Batch: 0 of 2 looked up — stopped" in text and "the batch broke" in text
        assert [outcome(app, i) for i in (FALLBACK_ID, TOOLS_ID)] == ["cancelled", "cancelled"]
        assert "Cancel batch" not in footer(app)
