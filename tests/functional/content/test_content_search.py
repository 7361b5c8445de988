"""`/` in the content viewer: the matches of a query highlighted in every text tab, Enter to
the first, `n` / `N` across the tabs, a status, Escape to close. Read back from the screen."""

from __future__ import annotations

from textual.color import Color

from explorer.ui.lines.lazy_text import LazyText
from tests.functional.content.host import ViewerApp
from tests.support.lookups import HOSTILE, chat_lookup, hostile_lookup, make_lookup
from tests.support.pilot import settle
from tests.support.screen import notifications, record_notify, screen_strips, screen_text
from tests.support.sizes import VIEWER_SIZE

MESSAGES = [{"role": "user", "content": "find the needle here"},
            {"role": "assistant", "content": "no NEEDLE in sight"},
            {"role": "user", "content": "a Needle again"}]


def needle_lookup():
    return make_lookup({}, {"input": {"messages": MESSAGES},
                            "output": {"completion": "plain text\na needle in the completion",
                                       "reasoning": "needle reasoning"}})


def view(app: ViewerApp, tab: str) -> LazyText:
    return app.query_one(f"#{tab}-text", LazyText)


def marked(app: ViewerApp) -> tuple[list[str], list[str]]:
    """The texts the active text view draws as matches (reversed) and as the current match
    (the theme's cursor colours), in screen order."""
    region = view(app, app.viewer.active_tab).region
    cursor = Color.parse(app.theme_variables["block-cursor-background"]).rich_color
    matches: list[str] = []
    current: list[str] = []
    for strip in screen_strips(app)[region.y : region.bottom]:
        for segment in strip:
            style = segment.style
            if style is None or not segment.text.strip():
                continue
            if style.reverse:
                matches.append(segment.text)
            elif style.bold and style.bgcolor == cursor:
                current.append(segment.text)
    return matches, current


async def test_slash_finds_highlights_and_walks_the_matches_across_tabs():
    app = ViewerApp(needle_lookup(), focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        search = app.viewer.search
        bar = search.bar
        assert not bar.is_open
        await pilot.press("/")
        assert bar.is_open and app.focused is bar.input
        await pilot.press(*"needle")  # the n types into the query: not "next match"
        await settle(pilot)
        assert bar.input.value == "needle"
        assert bar.status == "5 matches"  # any case: needle, NEEDLE, Needle
        assert marked(app) == (["needle", "NEEDLE", "Needle"], [])
        await pilot.press("enter")
        await settle(pilot)
        assert bar.status == "match 1 of 5 · Messages"
        assert app.focused is view(app, "messages")  # n and N work from here
        assert marked(app) == (["NEEDLE", "Needle"], ["needle"])
        await pilot.press("n")
        assert bar.status == "match 2 of 5 · Messages"
        assert marked(app) == (["needle", "Needle"], ["NEEDLE"])
        await pilot.press("n", "n")
        assert bar.status == "match 4 of 5 · Completion"
        assert app.viewer.active_tab == "completion"
        assert "a needle in the completion" in screen_text(app)
        assert marked(app) == ([], ["needle"])
        assert app.focused is view(app, "completion")
        await pilot.press("n")
        assert bar.status == "match 5 of 5 · Reasoning"
        await pilot.press("n")  # wraps round to the first
        assert bar.status == "match 1 of 5 · Messages"
        assert app.viewer.active_tab == "messages"
        await pilot.press("N")
        assert bar.status == "match 5 of 5 · Reasoning"
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.is_open and search.results is None
        assert marked(app) == ([], [])
        assert app.focused is view(app, "reasoning")
        await pilot.press("n")  # no search: nothing moves
        assert app.viewer.active_tab == "reasoning"


async def test_enter_starts_from_where_the_text_is_scrolled():
    messages = [{"role": "user", "content": f"message {i} target"} for i in range(200)]
    app = ViewerApp(make_lookup({}, {"input": {"messages": messages},
                                     "output": {"completion": "x"}}), focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        text_view = view(app, "messages")
        # Three rows a message (header, text, blank): row 300 is message 100's header.
        text_view.scroll_to(0, 300, animate=False, immediate=True)
        await pilot.press("/", *"target", "enter")
        await settle(pilot)
        assert app.viewer.search.bar.status == "match 101 of 200 · Messages"
        assert marked(app)[1] == ["target"]


async def test_no_match_says_so_and_keeps_the_query_to_edit():
    app = ViewerApp(needle_lookup(), focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("/", *"haystack", "enter")
        await settle(pilot)
        bar = app.viewer.search.bar
        assert bar.status == "no match for 'haystack' in Messages, Completion, Reasoning"
        assert app.focused is bar.input
        assert "no match for 'haystack'" in screen_text(app)


async def test_the_query_is_data_never_markup():
    app = ViewerApp(hostile_lookup(), focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("/", *"[link=https://evil.example]", "enter")
        await settle(pilot)
        bar = app.viewer.search.bar
        assert bar.status == "match 1 of 3 · Messages"  # messages, completion, reasoning
        assert "".join(marked(app)[1]) == "[link=https://evil.example]"
        bar.input.value = "[red]x[/red] \x1b[31m"
        await pilot.press("enter")
        await settle(pilot)
        assert bar.status == "no match for '[red]x[/red] ␛[31m' in Messages, Completion, Reasoning"
        assert HOSTILE  # the content itself is shown literally (test_content_viewer)


async def test_a_match_in_rendered_markdown_shows_the_completion_raw():
    app = record_notify(ViewerApp(chat_lookup(), tab=1, focus=True))
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        assert app.viewer.markdown_mode and "**21 °C**" not in screen_text(app)
        await pilot.press("/", *"and CLEAR", "enter")
        await settle(pilot)
        assert app.viewer.search.bar.status.endswith("· Completion")
        assert "It is **21 °C** and clear" in screen_text(app)  # raw, so the match is marked
        assert marked(app)[1] == ["and clear"]
        assert notifications(app)[-1].message.startswith("The completion shows as raw text")
        app.viewer.toggle_markdown()  # m: the user's choice still works
        await settle(pilot)
        assert "**21 °C**" not in screen_text(app)


async def test_a_new_generation_closes_the_search():
    app = ViewerApp(needle_lookup(), focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("/", *"needle", "enter")
        await settle(pilot)
        app.viewer.show(chat_lookup())
        await settle(pilot)
        assert not app.viewer.search.bar.is_open and app.viewer.search.results is None
        assert marked(app) == ([], [])


async def test_search_keys_show_in_the_key_bindings_when_they_apply():
    app = ViewerApp(needle_lookup(), focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)

        def active() -> set[str]:
            return {binding.binding.action for binding in app.screen.active_bindings.values()
                    if binding.enabled}

        assert "search" in active() and "step_match(True)" not in active()
        await pilot.press("/", *"needle", "enter")
        await settle(pilot)
        assert {"search", "step_match(True)", "step_match(False)", "close_search"} <= active()


async def test_enter_again_goes_on_to_the_next_match():
    app = ViewerApp(needle_lookup(), focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        bar = app.viewer.search.bar
        await pilot.press("/", *"needle", "enter")
        await settle(pilot)
        assert bar.status == "match 1 of 5 · Messages"
        await pilot.press("/", "enter")  # the query is kept: Enter repeats it, onwards
        await settle(pilot)
        assert bar.status == "match 2 of 5 · Messages"
        await pilot.press("/", "end", "backspace")
        await settle(pilot)
        assert bar.status == "5 matches"  # "needl": the same places
        await pilot.press("e")  # a new search: counted afresh, none current yet
        await settle(pilot)
        assert bar.status == "5 matches"


async def test_editing_back_to_the_query_on_show_before_the_search_ends_shows_its_count():
    app = ViewerApp(needle_lookup(), focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        search = app.viewer.search
        await pilot.press("/", *"needle")
        await settle(pilot)
        search.search("needl")  # a backspace, and the "e" typed again before its answer
        assert search.bar.status == "searching…"
        search.search("needle")
        assert search.bar.status == "5 matches"
        await settle(pilot)  # the answer for "needl" comes late: stale, dropped
        assert search.bar.status == "5 matches" and search.results.query == "needle"
