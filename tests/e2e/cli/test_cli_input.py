"""What users feed the CLI: IDs files that are not text, settings out of range, a stdout that
cannot encode the output, keys with a line break or control characters. Each ends in one clear
line (exit 2) or in output, never in "internal error" or a traceback; the TUI checks before it
takes the screen."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from explorer.demo.data import DEMO_CASES
from tests.e2e.drive import run_cli

FALLBACK = DEMO_CASES["fallback-chain"]
KEY_WITH_CONTROLS = "sk-mg-v1-CONTROL\x01KEY"


@pytest.fixture
def tui_never_starts(monkeypatch):
    """The TUI must refuse before it starts: reaching `run_tui` fails the test."""

    def run_tui(**options):
        raise AssertionError("the TUI started")

    monkeypatch.setattr("explorer.ui.run.run_tui", run_tui)


def assert_one_clear_line(err: str, *needles: str) -> None:
    assert "internal error" not in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err


# -- IDs files -------------------------------------------------------------------------------

NOT_TEXT = {
    "invalid-utf8": (f"{FALLBACK}\n# ok so far\ngen-\xff\xfe-broken\n".encode("latin-1"), "line 3"),
    "utf16-no-bom": (f"{FALLBACK}\n".encode("utf-16-le"), "line 1"),
}


@pytest.mark.parametrize("command", [[], ["batch"]], ids=["tui", "batch"])
@pytest.mark.parametrize("content, line", NOT_TEXT.values(), ids=NOT_TEXT.keys())
def test_an_ids_file_that_is_not_text_names_the_file_and_the_line(
        capsys, tmp_path, tui_never_starts, command, content, line):
    path = tmp_path / "ids.txt"
    path.write_bytes(content)
    code, out, err = run_cli(capsys, *command, "--demo", "--ids-file", str(path))
    assert code == 2
    assert_one_clear_line(err, f"cannot read {path}", line, "save the file as UTF-8")
    assert out == ""


# -- settings out of range ---------------------------------------------------------------------

BAD_TIMEOUTS = ["0", "-1", "inf", "nan", "1e999"]


@pytest.mark.parametrize("value", BAD_TIMEOUTS)
def test_a_timeout_out_of_range_stops_the_tui_before_it_starts(capsys, monkeypatch, tui_never_starts,
                                                               value):
    monkeypatch.setenv("MODELGATES_TIMEOUT", value)
    code, _, err = run_cli(capsys, "--demo", FALLBACK)
    assert code == 2
    assert_one_clear_line(err, "'timeout'", "MODELGATES_TIMEOUT", "a number from 0.1 to 3600")


@pytest.mark.parametrize("value", ["0", "-1", "257"])
def test_a_concurrency_out_of_range_stops_the_tui_before_it_starts(capsys, tui_never_starts, value):
    code, _, err = run_cli(capsys, "--demo", "--concurrency", value, FALLBACK, DEMO_CASES["byok"])
    assert code == 2
    assert_one_clear_line(err, "--concurrency", f"{value} is not a whole number from 1 to 256")


@pytest.mark.parametrize("value", BAD_TIMEOUTS)
def test_a_timeout_out_of_range_stops_show(capsys, monkeypatch, value):
    monkeypatch.setenv("MODELGATES_TIMEOUT", value)
    code, out, err = run_cli(capsys, "show", "--demo", FALLBACK)
    assert code == 2 and out == ""
    assert_one_clear_line(err, "MODELGATES_TIMEOUT", "a number from 0.1 to 3600")


# -- keys --------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [[], ["show"], ["batch"]], ids=["tui", "show", "batch"])
def test_a_key_with_control_characters_is_refused_on_every_path(capsys, monkeypatch, tui_never_starts,
                                                               command):
    monkeypatch.setenv("MODELGATES_API_KEY", KEY_WITH_CONTROLS)
    code, out, err = run_cli(capsys, *command, FALLBACK)
    assert code == 2 and out == ""
    assert_one_clear_line(err, "'api_key'", "MODELGATES_API_KEY", "control characters")
    assert "CONTROL" not in err  # the key itself is never shown


def test_a_key_with_a_trailing_newline_is_used_stripped(capsys, monkeypatch, demo_api):
    monkeypatch.setenv("MODELGATES_API_KEY", "e2e-key\n")  # `export KEY=$(cat key.txt)`, say
    code, out, err = run_cli(capsys, "show", FALLBACK, "--base-url", demo_api.server.base_url,
                             "--no-history")
    assert code == 0, err
    assert FALLBACK in out and "internal error" not in err


# -- output encoding ---------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["history", "--demo"], ["show", "--demo", FALLBACK]],
                         ids=["history", "show"])
def test_output_a_stdout_cannot_encode_is_escaped_not_fatal(command):
    # A real process: the encoding comes from PYTHONIOENCODING, as in an ASCII-only locale.
    environment = {**os.environ, "PYTHONIOENCODING": "ascii"}
    process = subprocess.run([sys.executable, "-m", "explorer", *command], capture_output=True,
                             env=environment, timeout=60)
    err = process.stderr.decode("ascii")
    assert process.returncode == 0, err
    assert "internal error" not in err
    out = process.stdout.decode("ascii")  # every byte ASCII: nothing raw got through
    assert FALLBACK in out
    assert "\\u2192" in out or "\\u2014" in out  # "→" / "—" written as escapes, not dropped
