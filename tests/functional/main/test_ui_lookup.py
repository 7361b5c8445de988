"""Looking generations up: Enter, paste, tabs, the staleness check and the states."""

from __future__ import annotations

import httpx
from textual import events

from explorer.api.client import NO_RETRY
from explorer.api.ids import embedded_unix_time
from explorer.demo.data import RATE_LIMITED_ID, UNKNOWN_ID_EXAMPLE, DEMO_CASES
from explorer.ui.lookup_state import Failed, Idle, Loaded, Loading, Pending
from explorer.ui.messages import GenerationLoaded, PendingCountdownTicked
from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall
from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.widgets.id_entry import IdEntry
from explorer.ui.widgets.metadata_panel import MetadataPanel
from explorer.ui.widgets.status_view import StatusView
from explorer.ui.lines.tab_strip import TabStrip
from tests.functional.main.conftest import GatedTransport
from tests.support.app import FALLBACK_ID, STORM_ID, TOOLS_ID, demo_client, demo_transport
from tests.support.clock import SteppedSleep
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_text
from tests.support.sizes import APP_SIZE


def main_view(app) -> str:
    return app.main_screen.main_view


async def test_entry_has_focus_at_start_and_enter_loads(make_app):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        assert isinstance(app.focused, IdEntry)
        await pilot.press(*FALLBACK_ID, "enter")
        await settle(pilot)
        assert main_view(app) == "results"
        assert app.main_screen.lookup is not None and app.main_screen.lookup.id == FALLBACK_ID
        text = screen_text(app)
        assert "google/gemini" in text or "Google" in text
        assert "3 attempts" in text and "2 failed" in text
        # Focus left the entry, so the letter keys work at once.
        assert not isinstance(app.focused, IdEntry)


async def test_pasted_url_with_id_is_cleaned_and_loads(make_app):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        entry = app.query_one(IdEntry)
        url = f'  "https://modelgates.ai/activity?id={FALLBACK_ID}&tab=details"\n'
        entry.post_message(events.Paste(url))
        await pilot.pause()
        assert entry.value == FALLBACK_ID
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.lookup.id == FALLBACK_ID


async def test_typed_id_with_quotes_and_spaces_is_trimmed_on_enter(make_app):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        app.query_one(IdEntry).value = f"  '{FALLBACK_ID}'  "
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(IdEntry).value == FALLBACK_ID
        assert app.main_screen.lookup.id == FALLBACK_ID


async def test_empty_entry_is_rejected_in_place(make_app):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(StatusView).has_class("-error")
        assert "Invalid generation ID" in screen_text(app)


async def test_id_from_the_command_line_loads_at_once(make_app):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert app.main_screen.lookup.id == TOOLS_ID
        assert app.query_one(IdEntry).value == TOOLS_ID


async def test_several_ids_from_the_command_line_run_as_a_batch(make_app):
    from explorer.ui.screens.batch import BatchScreen

    app = make_app(ids=[TOOLS_ID, FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        assert "2 / 2 done · 2 ok · 0 failed" in screen_text(app)


async def test_keys_1_to_4_switch_tabs(make_app):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        viewer = app.query_one(ContentViewer)
        strip = viewer.query_one(TabStrip)
        for key, title in (("2", "Completion"), ("3", "Reasoning"), ("4", "Raw JSON"),
                           ("1", "Messages")):
            await pilot.press(key)
            await pilot.pause()
            assert viewer.current_tab_title() == title
            assert strip.titles[strip.active] == title  # the underline moved too


async def test_m_toggles_markdown(make_app):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        viewer = app.query_one(ContentViewer)
        await pilot.press("2")  # m flips the Completion tab (elsewhere it says so: content/)
        await settle(pilot)
        before = viewer.markdown_mode
        await pilot.press("m")
        assert viewer.markdown_mode is not before


async def test_letter_keys_type_into_the_entry(make_app, clipboard):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        entry = app.query_one(IdEntry)
        assert app.focused is entry
        entry.value = ""
        await pilot.press(*"rcyjumq1234?")
        await pilot.pause()
        assert entry.value == "rcyjumq1234?"
        assert clipboard.copied == []
        assert app.is_running and app.main_screen.lookup.id == TOOLS_ID
        # Escape leaves the entry; the letter keys work again.
        await pilot.press("escape")
        assert not isinstance(app.focused, IdEntry)
        await pilot.press("y")
        assert clipboard.copied == [TOOLS_ID]


async def test_waterfall_shows_every_attempt_and_scrolls(make_app):
    app = make_app(ids=[STORM_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        waterfall = app.query_one(AttemptsWaterfall)
        assert len(waterfall.attempts) == 20
        assert waterfall.max_scroll_y > 0  # 20 attempts fit by scrolling
        waterfall.scroll_end(animate=False)
        await pilot.pause()
        assert "20 attempts" in screen_text(app)  # the summary stays on top
        assert "20 attempts" in screen_text(app)


async def test_null_provider_responses_are_explained(make_app):
    app = make_app(ids=[DEMO_CASES.get("response-cache-hit", "gen-1795012512-zi2Eg3h0p54qGzTYdXt5")])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert "No attempt details (provider_responses is null)" in screen_text(app)
        assert app.query_one(AttemptsWaterfall).display


async def test_unknown_id_shows_404_in_place(make_app):
    app = make_app(ids=[UNKNOWN_ID_EXAMPLE])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        status = app.query_one(StatusView)
        assert main_view(app) == "status" and status.has_class("-error")
        text = screen_text(app)
        assert "Not found (404)" in text and "Check the ID" in text and "retry" in text


async def test_revoked_key_shows_401_and_never_the_key(make_app, clock):
    app = make_app(demo_client(clock, api_key="demo-revoked-key"), ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Unauthorized (401)" in text and "MODELGATES_API_KEY" in text
        assert "demo-revoked-key" not in text


async def test_fault_401_shows_the_error(make_app):
    app = make_app(ids=["fault-401"])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert "Unauthorized (401)" in screen_text(app)


async def test_retry_key_loads_after_a_failure(make_app, clock):
    # The demo API rate-limits the first request of this ID; without client retries it fails.
    app = make_app(demo_client(clock, retry=NO_RETRY), ids=[RATE_LIMITED_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert "Rate limited (429)" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert main_view(app) == "results" and app.main_screen.lookup.id == RATE_LIMITED_ID


async def test_pending_generation_counts_down_then_loads(make_app, clock):
    pending_id = f"gen-{int(clock.now)}-FreshFromTheGateway"
    stepped = SteppedSleep(clock)
    ticks: list[int] = []

    def record(message):
        if isinstance(message, PendingCountdownTicked):
            ticks.append(message.seconds_left)

    app = make_app(ids=[pending_id], sleep=stepped, pending_retry_seconds=3)
    async with app.run_test(size=APP_SIZE, message_hook=record) as pilot:
        status = app.query_one(StatusView)
        await wait_until(pilot, lambda: status.has_class("-pending"))
        await wait_until(pilot, lambda: "Retrying in 3 s" in screen_text(app))
        assert "not ready yet" in screen_text(app)
        stepped.release()
        await wait_until(pilot, lambda: "Retrying in 2 s" in screen_text(app))
        stepped.release(2)  # 3 s passed: still pending (the demo waits 4 s), count down again
        await wait_until(pilot, lambda: ticks.count(3) == 2)
        await wait_until(pilot, lambda: "try 3 of" in screen_text(app))  # the second tick shows
        stepped.release(3)
        await settle(pilot)
        assert main_view(app) == "results" and app.main_screen.lookup.id == pending_id
        assert ticks == [3, 2, 1, 3, 2, 1]
        assert embedded_unix_time(pending_id) is not None


async def test_retry_key_skips_the_pending_countdown(make_app, clock):
    pending_id = f"gen-{int(clock.now)}-SkipTheWait"
    stepped = SteppedSleep(clock)
    app = make_app(ids=[pending_id], sleep=stepped)
    async with app.run_test(size=APP_SIZE) as pilot:
        status = app.query_one(StatusView)
        await wait_until(pilot, lambda: status.has_class("-pending"))
        clock.now += 10  # the stats are ready now
        await pilot.press("r")
        await settle(pilot)
        assert app.main_screen.lookup.id == pending_id


async def test_newer_lookup_wins_over_a_slow_older_one(make_app, clock):
    gated = GatedTransport(demo_transport(clock), gated_id=FALLBACK_ID)
    app = make_app(demo_client(clock, transport=gated))
    async with app.run_test(size=APP_SIZE) as pilot:
        entry = app.query_one(IdEntry)
        entry.value = FALLBACK_ID
        await pilot.press("enter")
        await wait_until(pilot, lambda: gated.waiting > 0)
        entry.focus()
        entry.value = TOOLS_ID
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main_screen.lookup is not None)
        gated.gate.set()  # the slow answer may arrive now: it must not replace the newer one
        await settle(pilot)
        assert app.main_screen.lookup.id == TOOLS_ID
        assert entry.value == TOOLS_ID
        assert TOOLS_ID in screen_text(app) and FALLBACK_ID not in screen_text(app)


async def test_every_path_goes_through_the_state(make_app, clock):
    pending_id = f"gen-{int(clock.now)}-StillCooking"
    # A loading delay no test outlasts: the previous generation stays while the next loads.
    app = make_app(demo_client(clock, retry=NO_RETRY), pending_max_attempts=2,
                   loading_delay=3600)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = app.main_screen
        assert isinstance(screen.state, Idle) and screen.lookup is None
        seen: list[object] = []
        screen.watch(screen, "state", lambda state: seen.append(state), init=False)
        screen.load("   ")  # refused before any request
        screen.load(UNKNOWN_ID_EXAMPLE)
        await settle(pilot)
        screen.load(FALLBACK_ID)
        await settle(pilot)
        screen.load(pending_id)
        await settle(pilot)
        kinds = [type(state) for state in seen]
        assert kinds == [Failed, Loading, Failed, Loading, Loaded, Loading, Pending, Pending,
                         Pending, Failed]
        assert seen[0].generation_id is None and seen[2].generation_id == UNKNOWN_ID_EXAMPLE
        assert seen[4].lookup.id == FALLBACK_ID
        assert screen.lookup is seen[4].lookup  # another ID failed: the one shown stays
        assert seen[5].previous is seen[4].lookup  # still on screen while the next one loads
        assert [state.seconds_left for state in seen[6:9]] == [3, 2, 1]
        assert screen.state is seen[-1] and screen.state.generation_id == pending_id


async def test_stale_messages_are_dropped(make_app):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        screen = app.main_screen
        shown = screen.lookup
        other = await (await app.services.client()).lookup(FALLBACK_ID)
        screen.post_message(GenerationLoaded(screen.lookup_token - 1, other))
        await pilot.pause()
        assert screen.lookup is shown
        screen.post_message(GenerationLoaded(screen.lookup_token, other))  # a current one shows
        await wait_until(pilot, lambda: screen.lookup is other)


async def test_narrow_terminal_shows_everything(make_app):
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "3 attempts" in text and "Metadata" in text and "Messages" in text


async def test_metadata_panel_lists_unknown_fields(make_app):
    app = make_app(ids=[DEMO_CASES.get("schema-drift", "gen-1795176041-0gbVC3lrAmSJ2km14IKC")])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        panel = app.query_one(MetadataPanel)
        assert "Other fields" in [str(section[0]) for section in panel.sections]
        panel.scroll_end(animate=False)
        await pilot.pause()
        assert "Other fields" in screen_text(app) and "carbon_grams" in screen_text(app)
        assert "None" not in screen_text(app)


async def test_hostile_metadata_is_shown_literally(make_app):
    app = make_app(ids=["fault-hostile"])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[bold red]x[/]" in text  # markup shown as text, never applied
        assert "\x1b" not in text and "␛[31m" in text


async def test_a_server_echoing_the_key_never_puts_it_on_screen(make_app, clock):
    secret = "sk-mg-v1-ECHOED-0123456789abcdef"

    def echo_key(request: httpx.Request) -> httpx.Response:
        key = request.headers["authorization"].removeprefix("Bearer ")
        return httpx.Response(401, json={"error": {"code": 401, "message": f"Key {key} is revoked"}})

    client = demo_client(clock, api_key=secret, transport=httpx.MockTransport(echo_key))
    app = make_app(client, ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Unauthorized (401)" in text and "is revoked" in text
        assert secret not in text


async def test_an_unusable_id_from_the_command_line_is_refused_in_place(make_app):
    app = make_app(ids=["   "])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert "Invalid generation ID" in screen_text(app)


async def test_pasted_lines_show_on_one_line_none_dropped(make_app):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        entry = app.query_one(IdEntry)
        entry.post_message(events.Paste("gen-abc\nsecond line"))
        await pilot.pause()
        assert entry.value == "gen-abc second line"  # Enter names what is not an ID
