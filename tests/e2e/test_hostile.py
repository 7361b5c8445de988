"""Hostile content over real TCP: markup, terminal escapes, bidi and zero-width characters, wide
characters and a 1 MiB line in every field. Nothing is interpreted and nothing reaches the
terminal except text.

How "nothing reaches the terminal" is checked (see `assert_terminal_safe` in conftest): the
headless driver writes nothing, so each check renders the screen the way `App._display` does
for a real terminal: (1) every Segment of the compositor's full update is inspected: Rich builds
escape sequences only from a segment's *style*, and writes its *text* verbatim, so no ESC, BEL,
NUL, CR, C1 or bidi/zero-width character may be in any segment's text (and no segment may be a
control segment); (2) the full terminal data (`render_segments(app.console)`) is produced, the
sequences Rich and Textual emit themselves (SGR styles, cursor moves) are removed, and nothing
of that kind may be left (this catches OSC 52 / OSC 0 and BEL even if (1) had a blind spot).
Every tab is shown and checked, and the far end of the 1 MiB line is scrolled into view too.
"""

from __future__ import annotations

import json

import pytest
from rich.segment import Segment
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widget import Widget

from explorer.demo.faults import HOSTILE_ERROR_MESSAGE, HOSTILE_SNIPPETS, hostile_payload
from explorer.demo.synth import synthesize_generation
from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.lines.lazy_text import LazyText
from explorer.ui.widgets.metadata_panel import MetadataPanel
from explorer.ui.widgets.status_view import StatusView
from tests.e2e.drive import history_store, load, main_view, make_client, run_cli, tty_stdout
from tests.e2e.servers import serve
from tests.e2e.terminal import (
    FORBIDDEN,
    assert_terminal_safe,
    flat,
    injected_sequences,
    shows,
    terminal_output,
    unsafe_segments,
    widget_text,
)
from tests.support.app import make_app
from tests.support.pilot import settle
from tests.support.screen import notifications, screen_strips, screen_text
from tests.support.sizes import APP_SIZE

MARKUP = HOSTILE_SNIPPETS["rich_markup"]  # "[bold red]x[/]"
LINK = HOSTILE_SNIPPETS["rich_link"]
TERMINAL_HAZARDS = ("\x1b", "\x07", "\x00", "\r", "\u202e", "\u200b", "\x9b")


class _LeakyWidget(Widget):
    """Writes escapes straight into a segment: what the checks must catch."""

    def render_line(self, y: int) -> Strip:
        return Strip([Segment("\x1b]0;pwned\x07 ok \u202e")])


class _LeakyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield _LeakyWidget()


async def test_the_terminal_checks_catch_a_leak():
    app = _LeakyApp()
    async with app.run_test(size=(40, 4)):
        assert unsafe_segments(app)
        assert {"\x1b", "\x07", "\u202e"} <= set(injected_sequences(terminal_output(app)))
        with pytest.raises(AssertionError):
            assert_terminal_safe(app, "a leaky widget")


def no_links(app) -> bool:
    """No segment carries a hyperlink: `[link=…]` stayed text."""
    return all(seg.style is None or not seg.style.link for strip in screen_strips(app) for seg in strip)


async def test_every_tab_shows_hostile_content_literally(demo_api):
    app = make_app(make_client(demo_api.base_url))
    async with app.run_test(size=APP_SIZE) as pilot:
        await load(pilot, "fault-hostile")
        assert main_view(app) == "results" and app.main_screen.lookup is not None
        metadata = widget_text(app, app.query_one(MetadataPanel))
        assert shows(metadata, "openai/gpt-4o" + MARKUP), metadata  # the model name, markup as text
        assert "␛[31mred␛[0m" in screen_text(app)  # an escape is shown as a visible token

        seen = []
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            await settle(pilot)
            assert_terminal_safe(app, f"tab {key}")
            assert no_links(app), f"tab {key}: a [link=…] became a hyperlink"
            seen.append(screen_text(app))
        messages, completion, reasoning, raw = seen
        assert MARKUP in messages and LINK in messages and "<RLO>" in messages
        assert "raw text" in flat(completion)  # not rendered: raw, as Markdown would mangle it
        assert MARKUP in reasoning and "␇" in reasoning
        assert '"generation": {' in raw

        # Every line any tab can scroll to is text: the views hold no hazard anywhere.
        viewer = app.query_one(ContentViewer)
        for view in viewer.query(LazyText):
            text = view.text
            assert not any(hazard in text for hazard in TERMINAL_HAZARDS), view.id
        assert '"finish_reason": "[bold red]x[/]"' in viewer.query_one("#raw-text", LazyText).text
        completion_view = viewer.query_one("#completion-text", LazyText)
        assert len(completion_view.text) > 1024 * 1024  # the whole 1 MiB line is there

        # The far end of the 1 MiB line, on screen.
        await pilot.press("2")
        completion_view.scroll_end(animate=False)
        await settle(pilot)
        assert completion_view.scroll_y > 0
        assert_terminal_safe(app, "end of the completion")
        assert app.is_running


async def test_hostile_error_message_is_shown_as_text(demo_api):
    app = make_app(make_client(demo_api.base_url))
    async with app.run_test(size=APP_SIZE) as pilot:
        await load(pilot, "fault-hostile-error")
        assert main_view(app) == "status"
        status = flat(widget_text(app, app.query_one(StatusView)))
        assert "Bad gateway (502)" in status
        assert HOSTILE_ERROR_MESSAGE[:40] in status and "<RLO>" in status  # markup as text
        assert_terminal_safe(app, "hostile error")
        assert no_links(app)


def test_snapshot_of_the_hostile_generation(demo_api, snap_compare):
    app = make_app(make_client(demo_api.base_url), ids=["fault-hostile"])
    assert snap_compare(app, terminal_size=APP_SIZE, run_before=settle)


# -- the CLI ---------------------------------------------------------------------------------


def test_show_json_to_a_pipe_round_trips(demo_api, cli_env, capsys):
    code, out, err = run_cli(capsys, "show", "fault-hostile", "--json", "--base-url", demo_api.base_url)
    assert code == 0 and err == ""
    shown = json.loads(out)
    assert shown["generation"] == hostile_payload("fault-hostile", "generation")["data"]
    assert shown["content"] == hostile_payload("fault-hostile", "content")["data"]


def test_show_to_a_terminal_has_no_escapes(demo_api, cli_env, capsys):
    for form in ((), ("--markdown",), ("--json",)):
        with tty_stdout() as stdout:
            code, _, err = run_cli(capsys, "show", "fault-hostile", *form, "--base-url", demo_api.base_url)
        out = stdout.getvalue()
        assert code == 0 and err == "", (form, err)
        assert not FORBIDDEN.search(out.replace("\n", "").replace("\t", "")), form
        if form == ("--json",):  # ASCII-only JSON on a terminal, still exactly the data
            assert json.loads(out)["content"] == hostile_payload("fault-hostile", "content")["data"]
        else:
            assert MARKUP in out and "␛[31mred" in out, form


def test_show_hostile_error_is_one_safe_line(demo_api, cli_env, capsys):
    code, out, err = run_cli(capsys, "show", "fault-hostile-error", "--base-url", demo_api.base_url)
    assert code == 1 and out == ""
    assert err.endswith("\n") and err.count("\n") == 1
    assert not FORBIDDEN.search(err[:-1]), repr(err)
    assert "Bad gateway (502)" in err and MARKUP in err and "<RLO>" in err


# -- lone surrogates: valid JSON ("\\ud800"), not encodable as UTF-8 --------------------------

SURROGATE_ID = "gen-1771967973-surrogates"


def _with_surrogates(endpoint: str) -> bytes:
    generation, content = synthesize_generation(SURROGATE_ID, 1_771_967_973)
    generation.update(model="MODEL_MARK", provider_name="PROVIDER_MARK")
    content["output"] = {"completion": "COMPLETION_MARK", "reasoning": None}
    body = json.dumps({"data": generation if endpoint == "generation" else content})
    return (body.replace("MODEL_MARK", "odd/model-\\ud800-x").replace("PROVIDER_MARK", "\\udfff")
            .replace("COMPLETION_MARK", "half a pair: \\ud83d then text")).encode()


async def _surrogates(request: Request) -> Response:
    endpoint = "content" if request.url.path.endswith("/content") else "generation"
    return Response(_with_surrogates(endpoint), media_type="application/json")


@pytest.fixture(scope="module")
def surrogate_api():
    app = Starlette(routes=[Route("/api/v1/generation", _surrogates),
                            Route("/api/v1/generation/content", _surrogates)])
    with serve(app) as server:
        yield server


def test_show_saves_and_prints_lone_surrogates(surrogate_api, cli_env, capsys):
    code, out, err = run_cli(capsys, "show", SURROGATE_ID, "--json", "--base-url", surrogate_api.base_url)
    assert code == 0 and err == "", err
    assert json.loads(out)["generation"]["model"] == "odd/model-\ud800-x"
    stored = history_store().get(SURROGATE_ID)
    assert stored is not None and stored.generation["model"] == "odd/model-\ud800-x"
    with tty_stdout() as stdout:
        code, _, err = run_cli(capsys, "show", SURROGATE_ID, "--base-url", surrogate_api.base_url)
    assert code == 0 and err == "" and "odd/model-<U+D800>-x" in stdout.getvalue()


async def test_app_shows_lone_surrogates_as_tokens(surrogate_api, tmp_path):
    from explorer.store import HistoryStore

    store = HistoryStore.open(tmp_path / "history.sqlite3")
    app = make_app(make_client(surrogate_api.base_url), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await load(pilot, SURROGATE_ID)
        assert main_view(app) == "results"
        assert shows(widget_text(app, app.query_one(MetadataPanel)), "odd/model-<U+D800>-x")
        await pilot.press("2")
        await settle(pilot)
        assert "half a pair: <U+D83D> then text" in screen_text(app)
        assert_terminal_safe(app, "surrogates")
        assert store.get(SURROGATE_ID) is not None and store.warning is None
        # Copying the metadata JSON with no system clipboard falls back to OSC 52 (UTF-8).
        app.main_screen.copier.copy_text = lambda text: False
        await pilot.press("j")
        await settle(pilot)
        assert app.is_running
        assert any("metadata JSON via terminal" in n.message for n in notifications(app))
