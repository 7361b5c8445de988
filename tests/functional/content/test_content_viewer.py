"""Pilot tests of `ContentViewer` hosted in a tiny app: tabs, copy text, Markdown, empty states,
huge content."""

from __future__ import annotations

import json

from textual.events import MouseScrollDown

from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.lines.lazy_text import LazyText
from explorer.ui.lines.tab_strip import TabStrip
from tests.functional.content.host import ViewerApp
from tests.support.lookups import (
    HOSTILE,
    chat_lookup,
    forbidden_lookup,
    hostile_lookup,
    make_lookup,
    prompt_lookup,
)
from tests.support.pilot import settle
from tests.support.screen import notifications, record_notify, screen_lines, screen_text
from tests.support.sizes import VIEWER_SIZE


def view(app: ViewerApp, tab: str) -> LazyText:
    return app.query_one(f"#{tab}-text", LazyText)


async def test_tabs_switch_and_titles():
    app = ViewerApp(chat_lookup())
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        viewer = app.viewer
        titles = []
        for index in range(4):
            viewer.activate_tab(index)
            await pilot.pause()
            titles.append(viewer.current_tab_title())
        assert titles == ["Messages", "Completion", "Reasoning", "Raw JSON"]
        viewer.show(prompt_lookup())
        viewer.activate_tab(0)
        await pilot.pause()
        assert viewer.current_tab_title() == "Prompt"
        assert "Prompt" in screen_lines(app)[0]
        viewer.show(chat_lookup())
        await pilot.pause()
        assert "Messages" in screen_lines(app)[0]


async def test_clicking_a_tab_renders_it():
    app = ViewerApp(chat_lookup())
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        start, _end = app.viewer.query_one(TabStrip).title_span(2)
        await pilot.click("#content-tabs", offset=(start + 1, 0))
        await pilot.pause()
        assert app.viewer.current_tab_title() == "Reasoning"
        assert "I called get_weather for Paris." in screen_text(app)


async def test_current_text_of_each_tab():
    lookup = chat_lookup()
    app = ViewerApp(lookup)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        viewer = app.viewer
        texts = []
        for index in range(4):
            viewer.activate_tab(index)
            await pilot.pause()
            texts.append(viewer.current_text())
        messages, completion, reasoning, raw = texts
        assert messages.startswith("── #1 system ──\nYou are a weather assistant.")
        assert "[image: image/png, 48.2 KB base64 data]" in messages
        assert "→ tool call get_weather · id: call_1" in messages
        assert completion == lookup.content.output.completion
        assert reasoning == lookup.content.output.reasoning
        assert json.loads(raw) == {"generation": lookup.raw_generation,
                                   "content": lookup.raw_content}
        # What copy copies is what is on screen.
        viewer.activate_tab(0)
        await pilot.pause()
        assert view(app, "messages").text == messages


async def test_messages_screen_shows_roles_parts_and_tool_calls():
    app = ViewerApp(chat_lookup())
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for expected in ("── #2 user · name: alice ──", "[image: https://example.com/photo.jpg]",
                         '    "city": "Paris",', "(arguments are not valid JSON: shown raw)",
                         "── #4 tool · result of get_weather · tool_call_id: call_1 ──"):
            assert expected in text


async def test_toggle_markdown():
    app = ViewerApp(chat_lookup(), tab=1)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        viewer = app.viewer
        assert viewer.markdown_mode
        assert "rendered Markdown · m: raw text" in screen_text(app)
        assert "# Weather" not in screen_text(app) and "Weather" in screen_text(app)
        viewer.toggle_markdown()
        await settle(pilot)
        assert not viewer.markdown_mode
        assert "raw text · m: rendered Markdown" in screen_text(app)
        assert "# Weather" in screen_text(app) and "It is **21 °C**" in screen_text(app)
        copied = viewer.current_text()
        viewer.toggle_markdown()
        await settle(pilot)
        assert "# Weather" not in screen_text(app)
        assert viewer.current_text() == copied  # copy is the raw completion in both modes


async def test_m_on_another_tab_says_where_markdown_applies_and_changes_nothing():
    app = record_notify(ViewerApp(chat_lookup(), tab=0))
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        app.viewer.toggle_markdown()  # on the Messages tab: the Completion tab stays as it is
        assert [n.message for n in notifications(app)] == [
            "Markdown applies to the Completion tab: press 2, then m."]
        app.viewer.activate_tab(1)
        await settle(pilot)
        assert "# Weather" not in screen_text(app) and "Weather" in screen_text(app)


async def test_big_completion_is_raw_with_a_note():
    completion = "# Title\n\n- a list\n\n" + "word " * 20_000
    app = ViewerApp(make_lookup({}, {"output": {"completion": completion}}), tab=1)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "shown as raw text: too large to render as Markdown" in text
        assert "# Title" in text


async def test_big_markdown_renders_in_a_thread():
    completion = "# Title\n\n" + "Some *prose* here.\n\n" * 600  # over the synchronous limit
    app = ViewerApp(make_lookup({}, {"output": {"completion": completion}}), tab=1)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        assert "# Title" not in screen_text(app) and "Title" in screen_text(app)
        await pilot.resize_terminal(70, 30)
        await settle(pilot)
        assert view(app, "completion").wrap_width < 70
        assert "Title" in screen_text(app)


async def test_empty_states():
    app = ViewerApp()
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        viewer = app.viewer
        await pilot.pause()
        assert "Enter a generation ID to see its content" in screen_text(app)
        assert viewer.current_text() == ""
        viewer.show_loading()
        for index in range(4):
            viewer.activate_tab(index)
            await pilot.pause()
            assert "Loading…" in screen_text(app)
            assert viewer.current_text() == ""
        viewer.clear("Nothing here yet")
        await pilot.pause()
        assert "Nothing here yet" in screen_text(app)

        viewer.show(forbidden_lookup())
        viewer.activate_tab(1)
        await pilot.pause()
        assert "Content not stored (403): Content is stored only when" in screen_text(app)
        assert viewer.current_text() == ""

        cases = [
            (make_lookup({"api_type": "embeddings"}, {"input": {"prompt": "p"}}), 1,
             "No completion (embeddings request)"),
            (make_lookup({"cancelled": True}, {"output": {"completion": ""}}), 1,
             "Completion is empty (the stream was cancelled)"),
            (prompt_lookup(), 2, "No reasoning for this generation"),
            (make_lookup({}, {"input": {"messages": []}}), 0, "No messages"),
        ]
        for lookup, tab, message in cases:
            viewer.show(lookup)
            viewer.activate_tab(tab)
            for _ in range(50):  # a tab switch paints over a few turns of the loop
                if message in screen_text(app):
                    break
                await pilot.pause()
            assert message in screen_text(app), message
            assert viewer.current_text() == ""


async def test_hostile_content_is_shown_literally():
    app = ViewerApp(hostile_lookup())
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        viewer = app.viewer
        for index in range(4):
            viewer.activate_tab(index)
            await settle(pilot)
            text = screen_text(app)
            assert "\x1b" not in text and "\x07" not in text and "\x00" not in text
            if index in (0, 2):
                assert "[bold]x[/] [link=https://evil.example]click[/link]" in text
                assert "␛[31mred␛[0m osc52 ␛]52;c;aGk=␇" in text
                assert "<RLO>evil<PDF> zero<ZWSP>width" in text
        viewer.activate_tab(0)
        await pilot.pause()
        assert "── #1 user · name: [red]n[/] ──" in screen_text(app)
        assert HOSTILE not in viewer.current_text()  # sanitised, not the raw bytes


async def test_keyboard_scrolling():
    completion = "\n".join(f"line {i}" for i in range(500))
    app = ViewerApp(make_lookup({}, {"output": {"completion": completion}}), tab=1,
                    markdown=False, focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        text_view = view(app, "completion")
        assert app.focused is text_view
        await pilot.press("down", "down")
        assert text_view.scroll_y == 2
        await pilot.press("pagedown")
        assert text_view.scroll_y > 20
        await pilot.press("end")
        await pilot.pause()
        assert "line 499" in screen_text(app)
        await pilot.press("home")
        await pilot.pause()
        assert text_view.scroll_y == 0
        text_view.post_message(MouseScrollDown(text_view, 2, 2, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert text_view.scroll_y > 0  # the mouse wheel scrolls too
        # Focus follows the tab so the keys keep scrolling the visible text.
        app.viewer.activate_tab(3)
        await pilot.pause()
        assert app.focused is view(app, "raw")


async def test_huge_completion_shows_first_lines_and_scrolls_to_the_end():
    completion = "\n".join(f"line {i} " + "lorem ipsum " * 4 for i in range(200_000))
    app = ViewerApp(make_lookup({}, {"output": {"completion": completion}}), tab=1, focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "line 0 lorem ipsum" in text and "line 20 lorem" in text
        assert "raw text · m: rendered Markdown" in text  # plain text: not Markdown
        text_view = view(app, "completion")
        assert text_view.row_count == 200_000
        await pilot.press("end")
        await pilot.pause()
        assert "line 199999 lorem ipsum" in screen_text(app)
        assert app.viewer.current_text() == completion


async def test_huge_conversation_and_a_megabyte_line():
    messages = [{"role": ("user", "assistant")[i % 2], "content": f"message {i}"}
                for i in range(3000)]
    line = "word " * 200_000 + "THE-END"
    lookup = make_lookup({}, {"input": {"messages": messages},
                              "output": {"completion": "ok", "reasoning": line}})
    app = ViewerApp(lookup, focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        assert "message 0" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "message 2999" in screen_text(app)
        app.viewer.activate_tab(2)
        await settle(pilot)
        assert "word word" in screen_text(app)
        reasoning = view(app, "reasoning")
        assert reasoning.row_count > 10_000  # soft-wrapped, not one endless row
        await pilot.press("end")
        await pilot.pause()
        assert "THE-END" in screen_text(app)
        # Resizing re-wraps.
        rows = reasoning.row_count
        await pilot.resize_terminal(60, 30)
        await settle(pilot)
        assert reasoning.row_count > rows * 1.5


async def test_a_newer_lookup_wins_over_a_slow_build():
    big = make_lookup({}, {"output": {"completion": "old " * 100_000}})
    app = ViewerApp(big, tab=1)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        app.viewer.show(chat_lookup())
        await settle(pilot)
        assert "Weather" in screen_text(app)
        assert "old old" not in screen_text(app)
        assert app.viewer.current_text().startswith("# Weather")


async def test_theme_change_rerenders_markdown():
    app = ViewerApp(chat_lookup(), tab=1)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
        assert "Weather" in screen_text(app)
        assert isinstance(app.query_one(ContentViewer), ContentViewer)


async def test_mouse_selection_copies_the_selected_rows():
    from textual.geometry import Offset
    from textual.selection import Selection

    completion = "\n".join(f"line {i}" for i in range(100))
    app = ViewerApp(make_lookup({}, {"output": {"completion": completion}}), tab=1,
                    markdown=False)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        text_view = view(app, "completion")
        app.screen.selections = {text_view: Selection(Offset(5, 2), Offset(6, 4))}
        await pilot.pause()
        assert app.screen.get_selected_text() == "2\nline 3\nline 4"
        assert "line 3" in screen_text(app)
        # Dragging with the mouse selects too.
        await pilot.mouse_down(text_view, offset=(1, 0))
        await pilot.hover(text_view, offset=(7, 1))
        await pilot.mouse_up(text_view, offset=(7, 1))
        await pilot.pause()
        assert app.screen.get_selected_text() == "line 0\nline 1"


async def test_copy_while_a_big_tab_is_being_prepared():
    completion = "x " * 150_000
    app = ViewerApp(make_lookup({}, {"output": {"completion": completion}}), tab=1)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        assert app.viewer.current_text() == completion  # built on demand, not "Preparing…"
        await settle(pilot)
        assert "x x x" in screen_text(app) and "Preparing" not in screen_text(app)


async def test_resizing_keeps_the_top_line_in_view():
    # Every line is 161 characters: 2 rows at width 100, 3 rows at width 70.
    completion = "\n".join(f"line {i:05} " + "word " * 30 for i in range(50_000))
    app = ViewerApp(make_lookup({}, {"output": {"completion": completion}}), tab=1, focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        text_view = view(app, "completion")
        text_view.scroll_to(0, 60_000, animate=False, immediate=True)
        await pilot.pause()
        first_row = 3  # below the tabs and the note line
        assert screen_lines(app)[first_row].strip().startswith("line 30000 word")
        await pilot.resize_terminal(70, 30)
        await settle(pilot)
        assert text_view.scroll_y == 90_000
        assert screen_lines(app)[first_row].strip().startswith("line 30000 word")


async def test_a_big_generation_builds_the_other_tabs_ahead():
    messages = [{"role": "user", "content": f"message {i} " + "word " * 50} for i in range(3000)]
    completion = "\n".join(f"line {i}" for i in range(50_000))
    lookup = make_lookup({}, {"input": {"messages": messages},
                              "output": {"completion": completion, "reasoning": "thought"}})
    app = ViewerApp(lookup)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        assert app.viewer.showing_content and "message 0" in screen_text(app)
        # The other tabs were built in the same thread, without being asked for.
        assert {"completion", "reasoning", "raw"} <= set(app.viewer._tabs)
        for tab, seen in ((1, "line 0"), (3, '"generation"')):
            app.viewer.activate_tab(tab)
            assert app.viewer.showing_content  # at once: no "Preparing…" step
            await pilot.pause()
            assert seen in screen_text(app) and "Preparing" not in screen_text(app)


async def test_a_queued_tab_shows_preparing_not_the_previous_generation():
    completion = "\n".join(f"new {i}" for i in range(60_000))
    old = make_lookup({}, {"output": {"completion": "old text"}})
    app = ViewerApp(old, tab=1)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        assert "old text" in screen_text(app)
        app.viewer.show(make_lookup({}, {"output": {"completion": completion}}))
        await pilot.pause()
        assert "old text" not in screen_text(app)
        await settle(pilot)
        assert "new 0" in screen_text(app)


async def test_the_tab_strip_shows_where_focus_is():
    app = ViewerApp(chat_lookup(), focus=True)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await pilot.pause()
        strip = app.viewer.query_one(TabStrip)
        assert strip.focused
        app.set_focus(None)
        await pilot.pause()
        assert not strip.focused
