"""Lists pasted or typed in the entry: any mix of IDs, URLs with `id=` and fault IDs, between
whitespace, commas or newlines, starts one lookup (one ID) or a batch (several, each once, in
order); what is not an ID is named in a notification. A paste reaches the entry wherever focus
is on the main screen."""

from __future__ import annotations

import pytest
from textual import events

from explorer.ui.main_screen import MainScreen
from explorer.ui.widgets.id_entry import IdEntry
from tests.support.app import FALLBACK_ID, REASONING_ID, TOOLS_ID
from tests.support.pilot import settle, wait_until
from tests.support.screen import notifications
from tests.support.sizes import APP_SIZE

URL = "https://modelgates.ai/api/v1/generation?id="
CONTENT_URL = "https://modelgates.ai/api/v1/generation/content?foo=1&id="


def enter() -> events.Key:
    """A new Enter key event (an event is handled once: it cannot be posted again)."""
    return events.Key("enter", "\r")


class BatchRecorder:
    """A message hook keeping each `MainScreen.BatchRequested` once (the hook sees it per node)."""

    def __init__(self) -> None:
        self.requests: dict[int, MainScreen.BatchRequested] = {}

    def __call__(self, message) -> None:
        if isinstance(message, MainScreen.BatchRequested):
            self.requests[id(message)] = message

    @property
    def batches(self) -> list[list[str]]:
        return [request.ids for request in self.requests.values()]


def warnings(app) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in notifications(app) if n.severity == "warning"]


@pytest.mark.parametrize("pasted", [
    # Before: the URL glued the last two IDs into one ("gen-… gen-…"), looked up as one.
    f"{URL}{FALLBACK_ID}\n{TOOLS_ID}\n{REASONING_ID}\n",
    # Before: IDs and a fault ID on one line were one ID.
    f"{FALLBACK_ID} {TOOLS_ID}, {REASONING_ID} fault-429",
    # Before: the malformed line made Input keep only the first line: one lookup.
    f"{FALLBACK_ID}\nnot-an-id\n{CONTENT_URL}{TOOLS_ID}&x=1\r{FALLBACK_ID}\n{REASONING_ID}",
])
async def test_a_pasted_mixed_list_starts_a_batch_of_each_id(make_app, pasted):
    expected = [FALLBACK_ID, TOOLS_ID, REASONING_ID, *(["fault-429"] * ("fault-429" in pasted))]
    recorder = BatchRecorder()
    app = make_app()
    async with app.run_test(size=APP_SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        app.post_message(events.Paste(pasted))
        app.post_message(enter())
        await wait_until(pilot, lambda: bool(recorder.requests))
        await settle(pilot)
        assert recorder.batches == [expected]
        assert app.screen is not app.main_screen  # the batch view shows
        left_out = [("Not looked up", "Left out, not IDs: 'not-an-id'")]
        assert warnings(app) == (left_out if "not-an-id" in pasted else [])


async def test_ids_typed_on_one_line_then_enter_start_a_batch(make_app):
    recorder = BatchRecorder()
    app = make_app()
    async with app.run_test(size=APP_SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        await pilot.press(*f"{FALLBACK_ID} {TOOLS_ID},fault-429 oops", "enter")
        await wait_until(pilot, lambda: bool(recorder.requests))
        assert recorder.batches == [[FALLBACK_ID, TOOLS_ID, "fault-429"]]
        assert warnings(app) == [("Not looked up", "Left out, not IDs: 'oops'")]


async def test_one_id_among_what_is_not_an_id_is_one_lookup_and_the_rest_is_named(make_app):
    recorder = BatchRecorder()
    app = make_app()
    async with app.run_test(size=APP_SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        app.post_message(events.Paste(f"see: {URL}{TOOLS_ID} (retried)\n"))
        app.post_message(enter())
        await settle(pilot)
        assert recorder.batches == []
        assert app.query_one(IdEntry).value == TOOLS_ID
        assert app.main_screen.lookup is not None and app.main_screen.lookup.id == TOOLS_ID
        assert warnings(app) == [("Not looked up", "Left out, not IDs: 'see:', 'retried'")]


async def test_text_with_no_id_looks_nothing_up_and_says_so_naming_the_first_pieces(make_app):
    recorder = BatchRecorder()
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        pasted = "\n".join(f"row {n} \x1b[31mred" for n in range(4))
        app.post_message(events.Paste(pasted))
        app.post_message(enter())
        await settle(pilot)
        assert recorder.batches == []
        assert app.main_screen.state.generation_id == FALLBACK_ID  # not looked up again
        [(title, message)] = warnings(app)
        assert title == "Nothing to look up"
        assert message.endswith(": 'row', '0', '␛[31mred', '1', '2' and 1 more")
        assert "\x1b" not in message


@pytest.mark.parametrize("focused_id", ["attempts", "messages-text", "metadata"])
async def test_a_paste_while_a_pane_has_focus_reaches_the_entry(make_app, focused_id):
    recorder = BatchRecorder()
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        app.screen.query_one(f"#{focused_id}").focus()
        await pilot.pause()
        assert app.focused is not None and app.focused.id == focused_id
        app.post_message(events.Paste(f"{TOOLS_ID}\n{REASONING_ID}\n"))
        await pilot.pause()
        entry = app.query_one(IdEntry)
        assert app.focused is entry
        assert entry.value == f"{TOOLS_ID} {REASONING_ID}"
        app.post_message(enter())
        await wait_until(pilot, lambda: bool(recorder.requests))
        assert recorder.batches == [[TOOLS_ID, REASONING_ID]]
