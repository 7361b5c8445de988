"""The API key never leaks: not on any screen or tab (errors included, even when a server echoes
the Authorization header back), not in copies, exports, the history files, logs, exception text,
`show` output or snapshots; and no config file is written."""

from __future__ import annotations

import logging
import re
import stat
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from explorer.export import formats as export
from explorer.api.errors import ApiError
from explorer.ui.clipboard import curl_command
from explorer.demo.synth import synthesize_generation
from explorer.store import HistoryStore
from explorer.settings import data_dir
from tests.e2e.drive import GOOD_ID, load, make_client, run_cli
from tests.e2e.servers import serve
from tests.support.app import CopyRecorder, make_app
from tests.support.pilot import settle
from tests.support.screen import screen_text
from tests.support.sizes import APP_SIZE

SENTINEL = "sk-mg-v1-E2E-SENTINEL-7f3c9a1b2d4e6f8005a1"
KEY_PATTERN = re.compile(rb"sk-mg-[A-Za-z0-9_-]{6,}")
REPO = Path(__file__).resolve().parents[2]
ECHO_IDS = ("echo-401", "echo-502", "echo-html", "echo-plain", "echo-truncated", "echo-code")
CREATED = 1_795_341_600


async def _echo(request: Request) -> Response:
    """A gateway that quotes the caller's Authorization header back in every way it can."""
    auth = request.headers.get("authorization", "")
    gen_id = request.query_params.get("id", "")
    content = request.url.path.endswith("/content")
    if gen_id == "echo-content":  # metadata fine, the content request refused with the key in it
        if not content:
            return JSONResponse({"data": synthesize_generation("echo-content", CREATED)[0]})
        return JSONResponse({"error": {"code": 403, "message": f"{auth} may not read this content",
                                       "metadata": {"authorization": auth}}}, 403)
    headers = {"x-echo-authorization": auth, "www-authenticate": f'Bearer error="{auth}"'}
    if gen_id == "echo-html":
        return Response(f"<html><body>Bad key {auth}</body></html>", 502, headers, "text/html")
    if gen_id == "echo-plain":
        return Response(f"upstream refused {auth}", 500, headers, "text/plain")
    if gen_id == "echo-truncated":
        return Response(f'{{"data": {{"id": "{auth}", "model": "x', 200, headers, "application/json")
    if gen_id == "echo-code":
        return JSONResponse({"error": {"code": auth, "message": "bad key", "metadata": {"key": auth}}},
                            401, headers)
    status = 401 if gen_id == "echo-401" else 502
    return JSONResponse({"error": {"code": status, "message": f"Invalid credentials: {auth}",
                                   "metadata": {"headers": dict(request.headers)}},
                         "user_id": auth}, status, headers)


@pytest.fixture(scope="module")
def echo_api():
    app = Starlette(routes=[Route("/api/v1/generation", _echo), Route("/api/v1/generation/content", _echo)])
    with serve(app) as server:
        yield server


def assert_no_key(text: str | bytes, where: str) -> None:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    assert SENTINEL.encode() not in data, f"the API key leaked into {where}"
    assert not KEY_PATTERN.search(data), f"something shaped like a key is in {where}"


def exception_texts(error: BaseException) -> list[str]:
    """str/repr of the error, of every attribute, and of everything chained to it."""
    texts, seen, current = [], set(), error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [str(current), repr(current), repr(current.args)]
        texts += [repr(value) for value in vars(current).values()]
        current = current.__cause__ or current.__context__
    return texts


async def test_key_is_on_no_screen_tab_copy_or_export(demo_api, echo_api, caplog, capfd, tmp_path):
    caplog.set_level(logging.DEBUG)
    clipboard = CopyRecorder()
    screens: list[str] = []
    store = HistoryStore.open(tmp_path / "history.sqlite3")

    app = make_app(make_client(demo_api.base_url, SENTINEL), store=store, copy_text=clipboard)
    async with app.run_test(size=APP_SIZE) as pilot:
        await load(pilot, GOOD_ID)
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            await settle(pilot)
            screens.append(screen_text(app))
        await pilot.press("c", "y", "j", "u")  # copy tab, ID, metadata JSON, curl command
        await settle(pilot)
        screens.append(screen_text(app))  # the "Copied …" notifications
        await pilot.press("question_mark")  # the help screen
        await settle(pilot)
        screens.append(screen_text(app))
        await pilot.press("escape")
        lookup = app.main_screen.lookup
        await load(pilot, "fault-401")
        screens.append(screen_text(app))

    assert len(clipboard.copied) == 4
    curl = clipboard.copied[-1]
    assert "$MODELGATES_API_KEY" in curl and curl == curl_command(demo_api.base_url, GOOD_ID)
    for text in clipboard.copied:
        assert_no_key(text, "a copy")
    assert lookup is not None
    assert_no_key(export.lookup_as_json(lookup), "the JSON export")
    assert_no_key(export.lookup_as_markdown(lookup), "the Markdown export")

    echo = make_app(make_client(echo_api.base_url, SENTINEL), store=store)
    async with echo.run_test(size=APP_SIZE) as pilot:
        for gen_id in ("echo-401", "echo-code"):  # every other echo: test_no_error_carries_the_key
            await load(pilot, gen_id)
            text = screen_text(echo)
            # A specific message each time; where the server's own words are shown, redacted.
            assert any(words in text for words in (
                "Invalid credentials: Bearer ***", "HTML page", "answered 500", "truncated", "Bad key",
            )), text
            screens.append(text)
        await load(pilot, "echo-content")  # metadata shown, the content error in every tab
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            await settle(pilot)
            screens.append(screen_text(echo))
        assert "may not read this content" in screens[-4]
        echoed = echo.main_screen.lookup
    assert echoed is not None and echoed.content_error is not None
    assert_no_key(export.lookup_as_json(echoed), "the JSON export of a content error")
    assert_no_key(export.lookup_as_markdown(echoed), "the Markdown export of a content error")

    for text in screens:
        assert_no_key(text, "the screen")
    for record in caplog.records:
        assert_no_key(record.getMessage(), f"the log ({record.name})")
    out, err = capfd.readouterr()
    assert_no_key(out + err, "the app's stdout/stderr")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert_no_key(path.read_bytes(), str(path))


async def test_no_error_carries_the_key(demo_api, echo_api, refusing_port, caplog):
    caplog.set_level(logging.DEBUG)
    errors: list[ApiError] = []
    targets = [(echo_api.base_url, gen_id) for gen_id in ECHO_IDS] + [
        (demo_api.base_url, "fault-401"), (demo_api.base_url, "fault-reset"),
        (demo_api.base_url, "fault-html"), (refusing_port.base_url, GOOD_ID)]
    for base_url, gen_id in targets:
        async with make_client(base_url, SENTINEL) as client:
            with pytest.raises(ApiError) as raised:
                await client.lookup(gen_id)
            errors.append(raised.value)
            assert_no_key(repr(client), "the client's repr")
    async with make_client(echo_api.base_url, SENTINEL) as client:
        lookup = await client.lookup("echo-content")
        assert lookup.content_error is not None
        errors.append(lookup.content_error)
    for error in errors:
        for text in exception_texts(error):
            assert_no_key(text, f"the text of {type(error).__name__}")
    for record in caplog.records:
        assert_no_key(record.getMessage(), f"the log ({record.name})")


def test_show_output_history_and_config(demo_api, echo_api, cli_env, capfd, tmp_path, isolated_environment):
    cli_env.setenv("MODELGATES_API_KEY", SENTINEL)
    config_home = tmp_path / "xdg-config"
    config_home.mkdir()
    cli_env.setenv("XDG_CONFIG_HOME", str(config_home))
    runs = [
        ("show", GOOD_ID), ("show", GOOD_ID, "--json"), ("show", GOOD_ID, "--markdown"),
        ("show", "fault-401"), ("show", "fault-hostile-error"),
    ]
    codes = []
    for args in runs:
        code, out, err = run_cli(capfd, *args, "--base-url", demo_api.base_url)
        codes.append(code)
        assert_no_key(out + err, f"`{' '.join(args)}` output")
    for gen_id in (*ECHO_IDS, "echo-content"):
        code, out, err = run_cli(capfd, "show", gen_id, "--base-url", echo_api.base_url)
        codes.append(code)
        assert_no_key(out + err, f"`show {gen_id}` output")
        if code == 1:
            assert err.count("\n") == 1 and "Traceback" not in err
    assert codes[:3] == [0, 0, 0] and codes[3:5] == [1, 1]
    assert codes[-1] == 0  # echo-content: metadata shown, the content error as a line

    # The history holds the lookups, never the key (every file in the data dir, raw bytes).
    files = [p for p in data_dir().rglob("*") if p.is_file()]
    assert any(p.name.startswith("history.sqlite3") for p in files)
    for path in files:
        assert_no_key(path.read_bytes(), str(path))
        # It holds prompts and completions: readable by its owner only (so are -wal and -shm).
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path, oct(path.stat().st_mode))
    assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700
    # No config file is written, anywhere a config could go.
    from explorer.settings import config_file_path

    assert not config_file_path().exists()
    assert list(config_home.rglob("*")) == []
    assert [p for p in isolated_environment.rglob("*") if "config" in p.name.lower()] == []


def test_no_snapshot_or_screenshot_holds_a_key():
    images = [*REPO.glob("tests/**/__snapshots__/**/*.svg"), *REPO.glob("screenshots/**/*")]
    assert images, "expected snapshot SVGs to check"
    for path in images:
        if path.is_file():
            data = path.read_bytes()
            assert not KEY_PATTERN.search(data), f"a key-shaped string is in {path}"
            assert b"Bearer sk-" not in data, path
