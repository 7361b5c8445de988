"""The scripting CLI: output forms, exit codes, history, and no key in any output."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from explorer.cli import main

FALLBACK = "gen-1795012327-38AibNyyurlGFb0EkjKW"
SENTINEL = "sk-mg-v1-CLI-SENTINEL-7f3a9c2e41d8b6"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_json_holds_metadata_and_content(capsys):
    code, out, err = run(capsys, "show", FALLBACK, "--demo", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["generation"]["id"] == FALLBACK
    assert [a["status"] for a in data["generation"]["provider_responses"]] == [429, 502, 200]
    assert data["content"]["output"]["completion"]
    assert data["derived"]["failed_attempts"] == 2
    assert data["metadata"]["Cost"]["total"] == "$0.006096"  # the panel's labels
    assert data["metadata"]["Attempts"]["failed"] == "2"


def test_show_markdown_and_text(capsys):
    code, out, _ = run(capsys, "show", FALLBACK, "--demo", "--markdown")
    assert code == 0 and out.startswith(f"# Generation {FALLBACK}")
    assert "## Provider attempts" in out and "| 3 | Google |" in out
    code, out, _ = run(capsys, "show", FALLBACK, "--demo")
    assert code == 0 and "$0.006096" in out and "None" not in out
    assert re.search(r"^  total +\$0\.006096$", out, re.M)  # the panel's labels
    assert "| total | $0.006096 |" in run(capsys, "show", FALLBACK, "--demo", "--markdown")[1]


def test_show_content_not_stored_still_exits_zero(capsys):
    code, out, _ = run(capsys, "show", "gen-1794319081-BwpkZ01BZGaG7yOh3FZ9", "--demo", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["content"] is None and data["content_error"]["status"] == 403


@pytest.mark.parametrize(("gen_id", "needle"), [
    ("gen-1760000000-NoSuchGenerationHere", "Not found (404)"),
    ("fault-500", "Server error (500)"),
    ("fault-truncated", "Invalid response"),
])
def test_api_errors_exit_one_with_one_line(capsys, monkeypatch, gen_id, needle):
    monkeypatch.setenv("MODELGATES_RETRIES", "1")
    code, out, err = run(capsys, "show", gen_id, "--demo")
    assert code == 1 and out == ""
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_usage_errors_exit_two(capsys):
    assert run(capsys, "show")[0] == 2
    assert run(capsys, "show", "  ", "--demo")[0] == 2
    assert run(capsys, "show", "x", "--json", "--markdown")[0] == 2
    code, _, err = run(capsys, "show", "gen-1")
    assert code == 2 and "MODELGATES_API_KEY" in err and "--demo" in err


def test_show_then_history_lists_it_and_no_key_anywhere(capsys, monkeypatch, isolated_environment):
    monkeypatch.setenv("MODELGATES_API_KEY", SENTINEL)
    # The real client path with a real key, served by the demo app in-process.
    import httpx

    from explorer import services
    from explorer.api.client import GenerationsClient
    from explorer.demo.app import create_demo_app

    def client_with_key(settings, demo=False, **_):
        transport = httpx.ASGITransport(app=create_demo_app())
        return GenerationsClient("http://demo/api/v1", settings.api_key, transport=transport)

    monkeypatch.setattr(services, "build_client", client_with_key)
    code, out, err = run(capsys, "show", FALLBACK)
    assert code == 0, err
    code, hist, err = run(capsys, "history", "--json")
    assert code == 0
    assert [row["id"] for row in json.loads(hist)] == [FALLBACK]
    code, _, err401 = run(capsys, "show", "fault-401")
    assert code == 1
    for text in (out, err, hist, err401):
        assert SENTINEL not in text
    data_dir = isolated_environment / "data"
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert SENTINEL.encode() not in path.read_bytes(), path


def test_history_demo_lists_the_demo_set(capsys):
    code, out, _ = run(capsys, "history", "--demo", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 14
    code, out, _ = run(capsys, "history", "--demo", "--json", "--query", "Quasar")
    assert [r["provider"] for r in json.loads(out)] == ["Quasar Compute"]


def test_console_script_runs_without_traceback():
    result = subprocess.run([sys.executable, "-m", "explorer", "show", FALLBACK, "--demo", "--json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == FALLBACK
    result = subprocess.run([sys.executable, "-m", "explorer", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "modelgates-explorer" in result.stdout
