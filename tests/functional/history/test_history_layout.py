"""The history list at the sizes people use: at 200 columns nothing is cut (the widest
provider, six-digit token counts, whole IDs) and the fetch time `w` sorts by is a column; at
80×24 the list still shows what identifies a generation, uncut where it counts. And the filter
finds text anywhere in a huge content, saying what it searches when nothing matches."""

from __future__ import annotations

import time

import pytest

from explorer.demo.data import DEMO_CASES, load_demo_records
from explorer.presentation.history_cells import FILTER_COVERS
from explorer.ui.widgets.history_table import HistoryTable
from tests.functional.history.conftest import listed, open_history
from tests.support.pilot import settle
from tests.support.screen import screen_lines, screen_text
from tests.support.stores import FETCHED_AT

SMALL, WIDE = (80, 24), (200, 50)
RECORDS = load_demo_records()
WIDEST_PROVIDER = max((r.generation["provider_name"] or "" for r in RECORDS), key=len)
LARGE_ID = DEMO_CASES["large-content"]
LARGE = next(r for r in RECORDS if r.id == LARGE_ID)


def row_of(app, generation_id: str) -> str:
    """The screen line of the row listing `generation_id` (the list's cursor on it)."""
    table = app.screen.query_one(HistoryTable)
    index = [entry.id for entry in table.entries()].index(generation_id)
    table.move_cursor(index)
    return screen_lines(app)[table.region.y + 1 + index - int(table.scroll_y)]


async def test_at_200_columns_nothing_is_cut_and_every_column_shows(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=WIDE) as pilot:
        await open_history(pilot)
        header = screen_text(app)
        assert all(label in header for label in ("Created", "Fetched", "ID", "Model", "Provider",
                                                 "Latency", "Tokens in → out", "Attempts", "Status"))
        assert WIDEST_PROVIDER == "Google AI Studio"
        provider_row = next(r for r in RECORDS if r.generation["provider_name"] == WIDEST_PROVIDER)
        assert f" {WIDEST_PROVIDER} " in row_of(app, provider_row.id)
        row = row_of(app, LARGE_ID)
        tokens = f"{LARGE.generation['tokens_prompt']:,} → {LARGE.generation['tokens_completion']:,}"
        assert tokens == "91,250 → 127,488"  # six digits
        assert f" {tokens} " in row and f" {LARGE_ID}" in row and "…" not in row
        tools = row_of(app, DEMO_CASES["tool-call-step"])
        assert " tool_calls" in tools and "…" not in tools  # a finish reason, whole
        assert time.strftime("%Y-%m-%d %H:%M", time.gmtime(FETCHED_AT)) in row  # (tests: TZ=UTC)
        await pilot.press("w")  # sorted by the fetch time: its column shows it
        await settle(pilot)
        assert "Fetched ↓" in screen_text(app)


async def test_at_80x24_the_list_shows_whole_cells_and_the_sorted_column(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=SMALL) as pilot:
        await open_history(pilot)
        table = app.screen.query_one(HistoryTable)
        assert table.shown_columns() == ["mark", "time", "model", "provider", "cost"]
        assert table.virtual_size.width <= table.size.width  # no sideways scrolling
        row = row_of(app, DEMO_CASES["fallback-chain"])
        assert " anthropic/claude-sonne… " in row and " Google " in row and " $0.006096" in row
        assert f" {WIDEST_PROVIDER} " in screen_text(app)  # the provider column is not cut
        assert "? Help" in screen_text(app) or "Help" in screen_text(app)
        for key, column, label in (("l", "latency", "Latency ↓"), ("w", "fetched", "Fetched ↓")):
            await pilot.press(key)
            await settle(pilot)
            assert column in table.shown_columns() and label in screen_text(app)


@pytest.mark.parametrize("word", ["OPS-4700", "queue backlog (ticket OPS-5497)", "00001 09:00:02",
                                  "19999 20:06:38"])
async def test_the_filter_finds_text_deep_in_a_huge_content(make_app, store, no_debounce, word):
    """Message #1401 (`OPS-4700`), message #2996 of 3,000, the first and the last-but-one
    completion lines: all past the first 64 Ki characters the index used to cover (before, each
    listed nothing); the last one is past the 1 Mi characters it covers now."""
    messages = LARGE.content["input"]["messages"]
    assert word in messages[1401]["content"] + messages[2995]["content"] + LARGE.content["output"]["completion"]
    app = make_app(store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_history(pilot)
        await pilot.press("slash", *word)
        await settle(pilot)
        assert listed(app) == [LARGE_ID]
        assert "1 generation " in screen_text(app) + " "


async def test_nothing_found_says_what_the_filter_searched(make_app, store, no_debounce):
    app = make_app(store=store)
    async with app.run_test(size=WIDE) as pilot:
        await open_history(pilot)
        await pilot.press("slash", *"no such words")
        await settle(pilot)
        assert listed(app) == []
        assert f"Nothing matches: the filter searches {FILTER_COVERS}." in screen_text(app)
        await pilot.press(*(["backspace"] * len("no such words")), *"zq")
        await settle(pilot)
        text = screen_text(app)
        assert 'matching "zq" (under 3 characters: IDs, model and provider only)' in text
        assert "a filter under 3 characters searches IDs, model and provider only." in text
