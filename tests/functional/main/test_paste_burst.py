"""A paste is one operation: many IDs pasted at once start one batch of all of them; IDs pasted
(or typed) each with its Enter, faster than the lookups answer, end with the last one in both
the entry and the main pane. The events are posted to the app the way the terminal driver
posts them: all at once, with no pause for the app in between."""

from __future__ import annotations

from textual import events

from explorer.ui.main_screen import MainScreen
from explorer.ui.widgets.id_entry import IdEntry
from tests.support.app import FALLBACK_ID, TOOLS_ID
from tests.support.pilot import settle, wait_until
from tests.support.sizes import APP_SIZE

ROUNDS = 8
COUNT = 50
ANSWERS_EVERY = 3  # in the per-ID bursts, the app runs (and answers arrive) every few IDs


def young_ids(clock, round_: int) -> list[str]:
    """IDs of generations that just finished: the demo answers "not ready yet" at first."""
    return [f"gen-{int(clock.now) - 1}-r{round_}i{index:03d}PastedInABurst" for index in range(COUNT)]


def key(character: str) -> events.Key:
    return events.Key("enter", "\r") if character == "\r" else events.Key(character, character)


async def test_many_ids_pasted_at_once_start_one_batch_of_all_of_them(make_app, clock):
    for round_ in range(ROUNDS):
        ids = young_ids(clock, round_)
        requests: dict[int, MainScreen.BatchRequested] = {}  # the hook sees each once per node

        def record(message) -> None:
            if isinstance(message, MainScreen.BatchRequested):
                requests[id(message)] = message

        app = make_app()
        async with app.run_test(size=APP_SIZE, message_hook=record) as pilot:
            await settle(pilot)
            # As a terminal pastes lines (CR between them, one at the end), Enter right behind.
            app.post_message(events.Paste("\r".join(ids) + "\r"))
            app.post_message(key("\r"))
            await wait_until(pilot, lambda: bool(requests))
            await settle(pilot)
            batches = [request.ids for request in requests.values()]
            assert batches == [ids], f"round {round_}: {[len(b) for b in batches]} IDs"
            assert app.screen is not app.main_screen  # the batch view shows


async def test_ids_pasted_each_with_its_enter_end_with_the_last_in_entry_and_pane(make_app, clock):
    for round_ in range(ROUNDS):
        ids = young_ids(clock, round_)
        app = make_app()
        async with app.run_test(size=APP_SIZE) as pilot:
            await settle(pilot)
            for index, generation_id in enumerate(ids):
                app.post_message(events.Paste(generation_id))
                app.post_message(key("\r"))
                if index % ANSWERS_EVERY == ANSWERS_EVERY - 1:
                    await pilot.pause()  # answers to earlier IDs arrive mid-burst
            await settle(pilot)
            await assert_last_id_everywhere(app, ids, round_)


async def test_ids_typed_each_with_its_enter_in_one_burst(make_app, clock):
    for round_ in range(ROUNDS):
        ids = young_ids(clock, round_)
        app = make_app()
        async with app.run_test(size=APP_SIZE) as pilot:
            await settle(pilot)
            for generation_id in ids:
                for character in generation_id + "\r":
                    app.post_message(key(character))
            await settle(pilot)
            await assert_last_id_everywhere(app, ids, round_)


async def assert_last_id_everywhere(app, ids: list[str], round_: int) -> None:
    entry = app.query_one(IdEntry)
    shown = app.main_screen.state.generation_id
    assert app.is_running and app.screen is app.main_screen, f"round {round_}: {app.screen!r}"
    assert entry.value == ids[-1], f"round {round_}: the entry holds {entry.value!r}"
    assert shown == ids[-1], f"round {round_}: the pane shows {shown!r}"


async def test_a_paste_while_the_answer_has_focus_goes_to_the_entry(make_app):
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert not isinstance(app.focused, IdEntry)  # the answer has focus: letters are keys
        app.post_message(events.Paste(f"  {TOOLS_ID}\n"))
        app.post_message(key("\r"))  # right behind the paste: it must reach the entry too
        await settle(pilot)
        assert app.query_one(IdEntry).value == TOOLS_ID
        assert app.main_screen.lookup is not None and app.main_screen.lookup.id == TOOLS_ID
