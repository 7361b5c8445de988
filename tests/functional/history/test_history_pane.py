"""The history pane: newest first, filter as you type, sort keys, session / request groups,
paging, opening from the cache with no request, and the re-fetch key."""

from __future__ import annotations

import copy

from explorer.demo.data import load_demo_records
from explorer.store import HistoryStore
from explorer.ui.screens.history import HistoryFilterInput, HistoryScreen
from explorer.store.queries import PAGE_SIZE
from explorer.ui.widgets.history_table import HistoryTable
from explorer.ui.widgets.metadata_panel import MetadataPanel
from tests.functional.history.conftest import CountingTransport, OfflineTransport, listed, open_history
from tests.support.app import FALLBACK_ID, demo_client, demo_transport
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_lines, screen_text
from tests.support.sizes import APP_SIZE

RECORDS = load_demo_records()
NEWEST_FIRST = [r.id for r in sorted(RECORDS, key=lambda r: r.generation["created_at"], reverse=True)]


async def test_h_lists_the_history_newest_first_and_toggles(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_history(pilot)
        assert listed(app) == NEWEST_FIRST
        text = screen_text(app)
        assert "21 generations" in text and "sorted by time ↓" in text
        assert "anthropic/claude-haik" in text and "$0.000974" in text
        assert " Amazon Bedrock " in text and " Google AI Studio " in text  # providers whole
        assert "20 (19✗)" in text  # attempts with failures of the provider storm
        await pilot.press("h")
        assert app.screen is not screen
        await pilot.press("h")
        assert app.screen is screen  # the same pane, state kept


async def test_sort_keys_sort_by_cost_latency_and_time(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("c")
        await settle(pilot)
        by_cost = sorted(RECORDS, key=lambda r: r.generation["total_cost"], reverse=True)
        assert listed(app)[:3] == [r.id for r in by_cost[:3]]
        assert "Cost ↓" in screen_text(app)
        await pilot.press("c")  # again: cheapest first
        await settle(pilot)
        assert listed(app)[0] == min(RECORDS, key=lambda r: r.generation["total_cost"]).id
        assert "Cost ↑" in screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        assert listed(app)[0] == max(RECORDS, key=lambda r: r.generation["latency"] or 0).id
        assert "Latency ↓" in screen_text(app) and "59.49 s" in screen_text(app)  # its column shows
        await pilot.press("t")
        await settle(pilot)
        assert listed(app) == NEWEST_FIRST


async def test_filter_as_you_type_searches_metadata_and_content(make_app, store, no_debounce):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_history(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, HistoryFilterInput)
        await pilot.press(*"deepseek")
        await settle(pilot)
        ids = listed(app)
        assert ids and all("deepseek" in (r.generation["model"] or "")
                           for r in RECORDS if r.id in ids)
        assert screen.filter.query == "deepseek"
        assert 'matching "deepseek"' in screen_text(app)
        # Text that only the content holds (an incident line deep in the large conversation).
        await pilot.press(*(["backspace"] * len("deepseek")), *"OPS-4002")
        await settle(pilot)
        assert listed(app) == [r.id for r in RECORDS if r.id == "gen-1794175805-rpS9wg1QlRRLiiRejeKx"]
        await pilot.press("escape")  # back to the list, where the letter keys work
        assert isinstance(app.focused, HistoryTable)


async def test_a_stale_page_never_replaces_a_newer_one(make_app, store, no_debounce):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_history(pilot)
        await pilot.press("slash", *"gpt-4o")
        await settle(pilot)
        current = listed(app)
        from explorer.store.queries import HistoryFilter, read_page

        old_page = read_page(store, HistoryFilter())
        screen.post_message(HistoryScreen.PageLoaded(screen._token - 1, old_page, [], ""))
        await pilot.pause()
        assert listed(app) == current


async def test_g_keeps_the_session_of_the_highlighted_row_and_clears(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_history(pilot)
        assert listed(app)[0] == NEWEST_FIRST[0]  # in session cafe-namer:2f9d1c
        await pilot.press("g")
        await settle(pilot)
        session = [r.id for r in RECORDS if r.generation.get("session_id") == "cafe-namer:2f9d1c"]
        assert sorted(listed(app)) == sorted(session) and len(session) == 2
        assert "session cafe-namer:2f9d1c" in screen_text(app)
        await pilot.press("g")
        await settle(pilot)
        assert len(listed(app)) == len(RECORDS)
        await pilot.press("i")  # the request ID of the highlighted row
        await settle(pilot)
        assert listed(app) == [NEWEST_FIRST[0]]
        assert screen.filter.request_id == "req_01KAFR1J5W8N2C6Z0D4K9T3YBM"


async def test_enter_opens_from_the_cache_with_no_request(make_app, store, clock):
    offline = OfflineTransport()
    app = make_app(demo_client(clock, transport=offline), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.main_screen.lookup is not None and app.main_screen.lookup.id == NEWEST_FIRST[1]
        assert offline.calls == 0
        subtitle = str(app.query_one(MetadataPanel).border_subtitle)
        assert subtitle.startswith("from history · fetched 2026-")
        assert app.query_one("#content").current_text()  # the content tabs render as usual
        assert app.main_screen.lookup.raw_content is not None


async def test_f_refetches_the_highlighted_generation_from_the_api(make_app, store, clock):
    counting = CountingTransport(demo_transport(clock))
    app = make_app(demo_client(clock, transport=counting), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_history(pilot)
        target = listed(app)[0]
        await pilot.press("f")
        await settle(pilot)
        assert app.screen is not screen
        assert counting.calls.get(target, 0) >= 1
        assert app.main_screen.lookup is not None and app.main_screen.lookup.id == target
        assert str(app.query_one(MetadataPanel).border_subtitle) == ""  # fresh, not cached


async def test_r_after_opening_from_history_refetches(make_app, store, clock):
    counting = CountingTransport(demo_transport(clock))
    app = make_app(demo_client(clock, transport=counting), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert counting.calls == {}
        await pilot.press("r")
        await settle(pilot)
        assert counting.calls.get(NEWEST_FIRST[0], 0) >= 1


async def test_pages_of_200_and_more_on_key_and_at_the_end(make_app, tmp_path):
    store = HistoryStore.open(tmp_path / "big.db")
    base = RECORDS[0].generation
    items = []
    for index in range(PAGE_SIZE + 50):
        generation = copy.deepcopy(base)
        generation["id"] = f"gen-1795000000-page{index:05d}"
        generation["created_at"] = f"2026-11-{1 + index % 28:02d}T10:{index % 60:02d}:00Z"
        items.append((generation, None))
    store.save_many(items, fetched_at=1_795_000_000)
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_history(pilot)
        assert len(listed(app)) == PAGE_SIZE
        assert "200 of 250 generations shown" in screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert len(listed(app)) == PAGE_SIZE + 50
        assert len(set(listed(app))) == PAGE_SIZE + 50
        assert "250 generations" in screen_text(app)
        # Paging by moving to the end, after a new sort.
        await pilot.press("c")
        await settle(pilot)
        assert len(listed(app)) == PAGE_SIZE
        await pilot.press("ctrl+end")
        await wait_until(pilot, lambda: len(listed(app)) == PAGE_SIZE + 50)
        assert screen.filter.sort == "cost"
    store.close()


async def test_a_disabled_store_shows_one_line_and_no_rows(make_app):
    store = HistoryStore.open(None)
    store.warning = "History disabled: cannot write to /nowhere (read-only file system)"
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_history(pilot)
        assert listed(app) == []
        assert "History disabled: cannot write to /nowhere" in screen_text(app)


async def test_without_a_store_the_pane_says_history_is_off(make_app):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_history(pilot)
        assert "History is off" in screen_text(app)


async def test_lookups_in_the_app_show_up_in_the_pane(make_app, empty_store):
    app = make_app(ids=[FALLBACK_ID], store=empty_store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await open_history(pilot)
        assert listed(app) == [FALLBACK_ID]


async def test_the_mouse_sorts_by_a_header_and_opens_the_highlighted_row(make_app, store, clock):
    offline = OfflineTransport()
    app = make_app(demo_client(clock, transport=offline), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(HistoryTable)
        header = screen_lines(app)[table.region.y]
        cost_header = header.index("Cost") - table.region.x  # x of "Cost" in the header line
        await pilot.click(HistoryTable, offset=(cost_header, 0))
        await settle(pilot)
        assert screen.filter.sort == "cost" and "Cost ↓" in screen_text(app)
        await pilot.click(HistoryTable, offset=(30, 3))  # the third row: highlighted…
        await settle(pilot)
        assert table.cursor == 2 and app.screen is screen
        target = listed(app)[2]
        await pilot.click(HistoryTable, offset=(30, 3))  # …and clicked again: opened
        await settle(pilot)
        assert app.main_screen.lookup is not None and app.main_screen.lookup.id == target and offline.calls == 0


async def test_a_long_list_scrolls_with_the_cursor_and_shows_a_scrollbar(make_app, tmp_path):
    store = HistoryStore.open(tmp_path / "long.db")
    base = RECORDS[0].generation
    items = []
    for index in range(60):
        generation = copy.deepcopy(base)
        generation["id"] = f"gen-1795000000-long{index:05d}"
        generation["created_at"] = f"2026-11-{1 + index % 28:02d}T10:{index % 60:02d}:00Z"
        items.append((generation, None))
    store.save_many(items, fetched_at=1_795_000_000)
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(HistoryTable)
        assert table.max_scroll_y > 0 and table.scroll_y == 0
        await pilot.press("pagedown", "pagedown")
        assert table.cursor > 2 * (table.size.height - 2) - 1 and table.scroll_y > 0
        await pilot.press("home")
        assert table.cursor == 0 and table.scroll_y == 0
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor == 59 and table.scroll_y == table.max_scroll_y
        last_line = screen_text(app).splitlines()[table.region.y + table.size.height - 1]
        assert "2026-11-" in last_line  # the last row, drawn beside the scrollbar
    store.close()
