"""PageDown / PageUp in the content text: a burst of N presses moves exactly N pages, with
scroll animations on (each press starts from where the previous one is heading, not from
where the animation has got to)."""

from __future__ import annotations

from textual import events

from explorer.ui.lines.lazy_text import LazyText
from tests.functional.content.host import ViewerApp
from tests.support.lookups import make_lookup
from tests.support.pilot import settle
from tests.support.sizes import VIEWER_SIZE


def long_completion_viewer() -> ViewerApp:
    completion = "\n".join(f"line {i}" for i in range(2_000))
    return ViewerApp(make_lookup({}, {"output": {"completion": completion}}), tab=1,
                     markdown=False, focus=True)


async def burst(app: ViewerApp, key: str, count: int) -> None:
    """`count` presses of `key` arriving together, as a terminal delivers a held or quickly
    repeated key: all queued before the first is handled. (Pilot's `press` waits for every
    animation between two keys, so it cannot send a burst.)"""
    for _ in range(count):
        app.post_message(events.Key(key, None))


async def test_a_burst_of_page_keys_moves_one_page_per_press():
    app = long_completion_viewer()
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        app.animation_level = "full"  # the real app's: scrolling animates
        await settle(pilot)
        view = app.query_one("#completion-text", LazyText)
        assert app.focused is view
        page = view.scrollable_content_region.height
        assert page > 10
        await burst(app, "pagedown", 5)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert view.scroll_y == 5 * page
        await burst(app, "pageup", 3)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert view.scroll_y == 2 * page


async def test_pilot_pressing_five_pagedowns_moves_five_pages():
    app = long_completion_viewer()
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        app.animation_level = "full"
        await settle(pilot)
        view = app.query_one("#completion-text", LazyText)
        page = view.scrollable_content_region.height
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
        await pilot.wait_for_scheduled_animations()
        assert view.scroll_y == 5 * page
        await pilot.press("pageup", "pageup")
        await pilot.wait_for_scheduled_animations()
        assert view.scroll_y == 3 * page
