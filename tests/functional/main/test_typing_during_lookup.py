"""Keys typed while a lookup is in flight stay in the entry: when the answer arrives, focus moves
to it only if nothing was typed in the entry since Enter (so `q` typed as text never quits, `s`
never opens the provider statistics)."""

from __future__ import annotations

from explorer.demo.data import UNKNOWN_ID_EXAMPLE
from explorer.ui.lookup_state import Failed, Loaded, Loading
from explorer.ui.widgets.id_entry import IdEntry
from explorer.ui.widgets.status_view import StatusView
from tests.functional.main.conftest import GatedTransport
from tests.support.app import FALLBACK_ID, TOOLS_ID, demo_client, demo_transport
from tests.support.pilot import settle, wait_until
from tests.support.sizes import APP_SIZE


def gated_app(make_app, clock, gated_id: str, **options):
    """An app whose lookups of `gated_id` wait until the test opens the gate."""
    transport = GatedTransport(demo_transport(clock), gated_id)
    return make_app(demo_client(clock, transport=transport), **options), transport


async def enter_and_wait_for_the_request(pilot, transport: GatedTransport, generation_id: str) -> None:
    entry = pilot.app.query_one(IdEntry)
    entry.focus()
    await pilot.pause()
    entry.value = generation_id
    await pilot.press("enter")
    await wait_until(pilot, lambda: transport.waiting > 0)


async def test_letters_typed_before_the_answer_are_text_not_commands(make_app, clock):
    app, transport = gated_app(make_app, clock, FALLBACK_ID)
    async with app.run_test(size=APP_SIZE) as pilot:
        await enter_and_wait_for_the_request(pilot, transport, FALLBACK_ID)
        entry = app.query_one(IdEntry)
        assert app.focused is entry  # in flight: the entry keeps the keys
        await pilot.press("q", "s")
        transport.gate.set()
        await settle(pilot)
        assert app.is_running  # `q` did not quit
        assert app.screen is app.main_screen  # `s` did not open the provider statistics
        assert entry.value == "qs"  # the ID was selected on Enter: the next one replaces it
        assert app.focused is entry
        state = app.main_screen.state
        assert isinstance(state, Loaded) and state.lookup.id == FALLBACK_ID  # the answer shows


async def test_with_nothing_typed_focus_moves_to_the_answer(make_app, clock, clipboard):
    app, transport = gated_app(make_app, clock, FALLBACK_ID)
    async with app.run_test(size=APP_SIZE) as pilot:
        await enter_and_wait_for_the_request(pilot, transport, FALLBACK_ID)
        assert isinstance(app.focused, IdEntry)
        transport.gate.set()
        await settle(pilot)
        assert app.main_screen.main_view == "results"
        assert not isinstance(app.focused, IdEntry)
        await pilot.press("y")  # the letter keys work on the answer at once
        assert clipboard.copied == [FALLBACK_ID]


async def test_keys_typed_while_loading_replaces_older_results_stay_in_the_entry(make_app, clock):
    # Results on screen, the next lookup slow: "Loading…" replaces them (here at once), which
    # used to move focus out of the entry before any answer.
    app, transport = gated_app(make_app, clock, FALLBACK_ID, ids=[TOOLS_ID], loading_delay=0)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert app.main_screen.lookup.id == TOOLS_ID
        await enter_and_wait_for_the_request(pilot, transport, FALLBACK_ID)
        await wait_until(pilot, lambda: isinstance(app.main_screen.state, Loading))
        assert isinstance(app.focused, IdEntry)
        await pilot.press("s")
        transport.gate.set()
        await settle(pilot)
        assert app.screen is app.main_screen
        assert app.query_one(IdEntry).value == "s"
        assert app.main_screen.lookup.id == FALLBACK_ID


async def test_a_failed_answer_keeps_the_keys_typed_meanwhile(make_app, clock):
    app, transport = gated_app(make_app, clock, UNKNOWN_ID_EXAMPLE)
    async with app.run_test(size=APP_SIZE) as pilot:
        await enter_and_wait_for_the_request(pilot, transport, UNKNOWN_ID_EXAMPLE)
        await pilot.press("q")
        transport.gate.set()
        await settle(pilot)
        assert app.is_running and isinstance(app.main_screen.state, Failed)
        assert app.query_one(IdEntry).value == "q" and isinstance(app.focused, IdEntry)


async def test_a_failed_answer_takes_focus_when_nothing_was_typed(make_app, clock):
    app, transport = gated_app(make_app, clock, UNKNOWN_ID_EXAMPLE)
    async with app.run_test(size=APP_SIZE) as pilot:
        await enter_and_wait_for_the_request(pilot, transport, UNKNOWN_ID_EXAMPLE)
        transport.gate.set()
        await settle(pilot)
        assert isinstance(app.main_screen.state, Failed)
        assert isinstance(app.focused, StatusView)
