"""`/` on the demo's big generation (3,000 messages, a 928,281-character completion), in the
whole app: found at the far end, quickly, and the keys hand back to the screen's once closed."""

from __future__ import annotations

import time

from explorer.demo.data import DEMO_CASES
from explorer.ui.lines.key_bar import KeyBar
from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.widgets.id_entry import IdEntry
from tests.support.app import TOOLS_ID
from tests.support.contrast import ScreenColours
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_lines, screen_text
from tests.support.sizes import APP_SIZE

LARGE_ID = DEMO_CASES["large-content"]
# Generous for a loaded two-core test machine; the benchmark (benchmarks/bench_search.py)
# measures the real figure.
ENTER_TO_MATCH_SECONDS = 2.0


async def test_a_match_near_the_end_of_3000_messages_is_found_and_shown(make_app):
    app = make_app(ids=[LARGE_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        viewer = app.query_one(ContentViewer)
        assert app.focused is viewer.view("messages")
        assert "/ Search" in screen_lines(app)[-1]  # the key bar offers it, and help
        assert {"Search", "Next match", "Previous match", "Close search"} <= {
            row.description for row in app.main_screen.key_help()}
        await pilot.press("/")
        bar = viewer.search.bar
        bar.input.value = "ops-4700"  # any case: the text says OPS-4700
        started = time.perf_counter()
        await pilot.press("enter")
        await wait_until(pilot, lambda: bar.status.startswith("match "), rounds=5_000)
        elapsed = time.perf_counter() - started
        await pilot.pause()
        assert bar.status == "match 1 of 1 · Messages"
        assert "OPS-4700" in screen_text(app)
        assert "── #1402 user ──" in screen_text(app)  # 4,200 rows down
        assert viewer.view("messages").scroll_y > 4_000
        assert elapsed < ENTER_TO_MATCH_SECONDS
        await pilot.press("escape")  # closes the search…
        assert not bar.is_open and app.focused is viewer.view("messages")
        await pilot.press("escape")  # …then the screen's escape: back to the entry
        assert isinstance(app.focused, IdEntry)
        assert app.query_one(KeyBar) is not None


async def test_n_moves_from_the_messages_on_into_the_completion(make_app):
    app = make_app(ids=[LARGE_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        viewer = app.query_one(ContentViewer)
        await pilot.press("/", *"us-east-1", "enter")
        await settle(pilot)
        bar = viewer.search.bar
        total = viewer.search.results.total
        in_messages = len(viewer.search.results.tabs["messages"])
        assert bar.status.startswith("match 1 of ")
        viewer.search.go_to(in_messages - 1)  # the last match in the messages
        await pilot.press("n")
        await settle(pilot)
        assert bar.status == f"match {in_messages + 1:,} of {total:,} · Completion"
        assert viewer.active_tab == "completion"
        assert "us-east-1" in screen_text(app)


async def test_matches_are_readable_and_marked_in_every_theme(make_app):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        viewer = app.query_one(ContentViewer)
        await pilot.press("/", *"receipt", "enter")
        await settle(pilot)
        assert viewer.search.bar.status.startswith("match 1 of ")
        region = viewer.view("messages").content_region
        found: list[str] = []
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            colours = ScreenColours(app)
            plain = colours.find("Extract", region)  # a word of the same message, unmarked
            background = next(plain)[0].background
            matches = [cells for text in ("receipt", "Receipt") for cells in
                       colours.find(text, region)]
            assert len(matches) >= 2, theme
            worst = min(cell.contrast for cells in matches for cell in cells)
            if worst < 3.0:
                found.append(f"{theme}: {worst:.2f}:1")
            if any(cells[0].background == background for cells in matches):
                found.append(f"{theme}: a match is drawn like the text around it")
        assert not found, "\n".join(found)


async def test_the_previous_match_of_the_first_is_the_last_far_down_an_unopened_tab(make_app):
    app = make_app(ids=[LARGE_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        viewer = app.query_one(ContentViewer)
        await pilot.press("/", *"eu-west-1", "enter")
        await settle(pilot)
        bar = viewer.search.bar
        total = viewer.search.results.total
        assert bar.status == f"match 1 of {total:,} · Messages"
        await pilot.press("N")  # round to the last match: near the end of the completion
        await settle(pilot)
        assert bar.status == f"match {total:,} of {total:,} · Completion"
        completion = viewer.view("completion")
        assert completion.scroll_y > 10_000
        shown = [line for line in screen_lines(app) if "eu-west-1" in line]
        assert shown, "the match is not on screen"
