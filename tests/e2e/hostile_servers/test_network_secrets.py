"""Secrets and the network (issue 11): a key echoed back in any form (JSON `\\u` escapes, URL-
encoded, base64 of `Bearer <key>`) reaches no screen, copy, export, history row or `show`
output; the clipboard's child process does not inherit the key; HTTP_PROXY / HTTPS_PROXY /
ALL_PROXY / NO_PROXY are honoured; an http:// base URL to a host that is not loopback is
warned about once.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap

import pytest

from explorer.api.client import NO_RETRY, GenerationsClient
from explorer.api.errors import NetworkError
from explorer.export import formats as export
from explorer.settings import data_dir
from explorer.store import HistoryStore
from explorer.ui.lookup_state import Failed, Loaded
from tests.e2e.drive import load
from tests.e2e.hostile_servers import behaviours
from tests.e2e.hostile_servers.behaviours import GENERATION, GENERATION_ID, json_escaped, key_echoes
from tests.e2e.hostile_servers.conftest import SENTINEL, show, tui_app
from tests.e2e.hostile_servers.measure import SOURCE_ROOT, run_explorer
from tests.support.screen import notifications, screen_strips

GATEWAY = "http://gateway.test/api/v1"  # reached only through the proxy on 127.0.0.1
FORMS = {**key_echoes(SENTINEL), "json-escaped": json_escaped(SENTINEL),
         "json-escaped-half": json_escaped(SENTINEL, every=False)}


def assert_no_key(data: str | bytes, where: str) -> None:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    for name, form in FORMS.items():
        assert form not in text, f"the key ({name}) leaked into {where}"


def screen(app) -> str:
    return "\n".join(strip.text for strip in screen_strips(app))


@pytest.fixture(autouse=True)
def no_proxy_variables(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_show_and_the_history_never_hold_an_echoed_key(hostile):
    server = hostile(behaviours.echo_key_everywhere(SENTINEL))
    text = show(server)
    as_json = show(server, "--json")
    markdown = show(server, "--markdown", "--no-history")
    history = run_explorer("history", "--json", env={})
    for run, where in ((text, "show"), (as_json, "show --json"), (markdown, "show --markdown"),
                       (history, "history --json")):
        assert run.code == 0, run.output[-2000:]
        assert_no_key(run.output, where)
    assert "***" in text.stdout and "***" in as_json.stdout
    files = [path for path in data_dir().rglob("*") if path.is_file()]
    assert files, "show saved nothing to the history"
    for path in files:
        assert_no_key(path.read_bytes(), str(path))


async def test_the_app_never_shows_copies_or_exports_an_echoed_key(hostile, tmp_path):
    copied: list[str] = []
    server = hostile(behaviours.echo_key_everywhere(SENTINEL))
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    client = GenerationsClient(server.base_url, SENTINEL, retry=NO_RETRY, timeout=10)
    app = tui_app(client, store=store, copy_text=lambda text: copied.append(text) or True)
    async with app.run_test(size=(120, 36)) as pilot:
        await load(pilot, GENERATION_ID)
        lookup = app.main_screen.state.lookup
        screens = []
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            await pilot.pause()
            screens.append(screen(app))
            await pilot.press("c")
        await pilot.press("y", "j")
        await pilot.pause()
    store.close()
    assert len(copied) >= 5
    for index, text in enumerate(screens):
        assert_no_key(text, f"tab {index + 1}")
    for text in copied:
        assert_no_key(text, "a copy")
    assert_no_key(export.lookup_as_json(lookup), "the JSON export")
    assert_no_key(export.lookup_as_json(lookup, ascii_only=True), "the ASCII JSON export")
    assert_no_key(export.lookup_as_markdown(lookup), "the Markdown export")
    assert_no_key((tmp_path / "history.sqlite3").read_bytes(), "the history file")
    assert "***" in json.dumps(lookup.raw_generation)


def test_the_clipboard_program_does_not_inherit_the_key(tmp_path):
    # A stand-in xclip that records its environment and what it was given.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "xclip"
    fake.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import json, os, sys
        with open({str(tmp_path / 'xclip.json')!r}, "w") as out:
            json.dump({{"env": dict(os.environ), "text": sys.stdin.read()}}, out)
        """))
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    env = {key: value for key, value in os.environ.items() if key != "WAYLAND_DISPLAY"}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", DISPLAY=":99", MODELGATES_API_KEY=SENTINEL,
               PYTHONPATH=str(SOURCE_ROOT))
    code = "from explorer.ui.clipboard import copy_with_pyperclip as c; print(c('hello clipboard'))"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=30, cwd=SOURCE_ROOT)
    recorded = json.loads((tmp_path / "xclip.json").read_text())
    assert done.stdout.strip() == "True" and recorded["text"] == "hello clipboard"
    assert "MODELGATES_API_KEY" not in recorded["env"]
    assert SENTINEL not in json.dumps(recorded["env"])


def test_show_goes_through_http_proxy_and_warns_about_clear_text_once(hostile):
    proxy = hostile(behaviours.proxy(behaviours.answer_json()))
    run = show(proxy, MODELGATES_BASE_URL=GATEWAY, HTTP_PROXY=f"http://127.0.0.1:{proxy.port}")
    assert run.code == 0, run.output[-2000:]
    assert GENERATION["model"] in run.stdout
    assert sorted(r.target.split("?")[0] for r in proxy.requests) == [
        f"{GATEWAY}/generation", f"{GATEWAY}/generation/content"]
    assert run.stderr.count("The API key is sent unencrypted") == 1
    assert "http://gateway.test" in run.stderr


async def test_the_app_goes_through_the_proxy_and_warns_once(hostile, monkeypatch):
    proxy = hostile(behaviours.proxy(behaviours.answer_json()))
    monkeypatch.setenv("http_proxy", f"127.0.0.1:{proxy.port}")  # lower case, no scheme: as curl
    client = GenerationsClient(GATEWAY, SENTINEL, retry=NO_RETRY, timeout=10)
    assert client.proxy == f"http://127.0.0.1:{proxy.port}"
    app = tui_app(client)
    async with app.run_test(size=(120, 36)) as pilot:
        await load(pilot, GENERATION_ID)
        await load(pilot, GENERATION_ID)
        assert isinstance(app.main_screen.state, Loaded)
        warned = [n for n in notifications(app) if "sent unencrypted" in n.message]
    assert len(warned) == 1 and warned[0].severity == "warning"
    assert len(proxy.requests) == 4 and all(r.target.startswith(GATEWAY) for r in proxy.requests)


async def test_https_goes_through_https_proxy_with_connect(hostile, monkeypatch):
    proxy = hostile(behaviours.proxy(behaviours.answer_json()))
    monkeypatch.setenv("HTTPS_PROXY", f"http://user:secret%2Dpass@127.0.0.1:{proxy.port}")
    async with GenerationsClient("https://gateway.test/api/v1", SENTINEL, retry=NO_RETRY,
                                 timeout=10) as client:
        assert client.warning is None  # https: nothing travels in clear text
        with pytest.raises(NetworkError) as raised:
            await client.lookup(GENERATION_ID)
    assert {r.method for r in proxy.requests} == {"CONNECT"}
    assert proxy.requests[0].target == "gateway.test:443"
    assert proxy.requests[0].headers["proxy-authorization"] == "Basic dXNlcjpzZWNyZXQtcGFzcw=="
    message = raised.value.message
    assert f"through the proxy http://127.0.0.1:{proxy.port}" in message
    assert "secret-pass" not in str(raised.value) and "user" not in message


def test_no_proxy_and_loopback_go_direct(hostile, monkeypatch):
    proxy = hostile(behaviours.proxy(behaviours.answer_json()))
    monkeypatch.setenv("ALL_PROXY", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("NO_PROXY", "example.org, .test")
    assert GenerationsClient(GATEWAY, SENTINEL).proxy == ""
    assert GenerationsClient("https://api.example.org/v1", SENTINEL).proxy == ""
    assert GenerationsClient("https://modelgates.ai/api/v1", SENTINEL).proxy == \
        f"http://127.0.0.1:{proxy.port}"
    gateway = hostile(behaviours.answer_json())
    run = show(gateway)  # 127.0.0.1: never through a proxy, and no clear-text warning
    assert run.code == 0 and run.stderr == "", run.output[-2000:]
    assert proxy.requests == []


async def test_a_socks_proxy_is_one_clear_error_per_lookup(monkeypatch):
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    async with GenerationsClient("https://modelgates.ai/api/v1", SENTINEL, retry=NO_RETRY) as client:
        with pytest.raises(NetworkError) as raised:
            await client.lookup(GENERATION_ID)
    assert "socks5:// proxy set in the environment is not supported" in raised.value.message


async def test_the_app_warns_about_clear_text_keys_only_when_they_would_be(hostile):
    for base_url, warned in (("http://127.0.0.1:9/api/v1", False), ("https://gateway.test/api/v1", False),
                             ("http://10.0.0.7/api/v1", True), ("http://[::1]:8787/api/v1", False),
                             ("http://localhost:8787/api/v1", False)):
        client = GenerationsClient(base_url, SENTINEL)
        assert (client.warning is not None) is warned, base_url
        await client.aclose()
    assert GenerationsClient("http://10.0.0.7/api/v1", None).warning is None  # no key, no secret


async def test_a_failed_lookup_through_the_proxy_names_the_proxy(hostile, monkeypatch):
    proxy = hostile(behaviours.proxy(behaviours.answer_json()))
    port = proxy.port
    proxy.__exit__(None, None, None)  # nothing listens there any more
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    app = tui_app(GenerationsClient(GATEWAY, SENTINEL, retry=NO_RETRY, timeout=5))
    async with app.run_test(size=(120, 36)) as pilot:
        await load(pilot, GENERATION_ID)
        state = app.main_screen.state
        assert isinstance(state, Failed)
        assert f"through the proxy http://127.0.0.1:{port}" in state.error.message
