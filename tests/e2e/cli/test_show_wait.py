"""`show` on a young ID waits for its stats the way the TUI does; `--no-wait` fails at once.

The demo API answers 404 for a `gen-<t>-…` ID until `MODELGATES_DEMO_PENDING_SECONDS` after
`t`, then 200 with a generation made up from the ID. A 2 s delay keeps the tests short while
the first lookup (well under 2 s after `t`) is always a 404.
"""

from __future__ import annotations

import io
import json
import time

import pytest

from explorer import cli
from explorer.cli import main
from explorer.demo.app import PENDING_SECONDS_ENV

PENDING_MESSAGE = "Not ready yet (404)"


class TerminalStderr(io.StringIO):
    """A stderr that says it is a terminal, so `show` draws its countdown."""

    def isatty(self) -> bool:
        return True


def young_id() -> str:
    return f"gen-{int(time.time())}-abc"


@pytest.fixture
def short_pending(monkeypatch):
    monkeypatch.setenv(PENDING_SECONDS_ENV, "2")


def test_show_waits_silently_for_a_young_id_when_stderr_is_not_a_terminal(capsys, short_pending):
    gen_id = young_id()
    code = main(["show", gen_id, "--demo", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["generation"]["id"] == gen_id
    assert err == ""  # no countdown, no pending message: a script sees only the answer


def test_show_counts_down_on_a_terminal_then_prints_the_generation(capsys, monkeypatch, short_pending):
    terminal = TerminalStderr()
    monkeypatch.setattr("sys.stderr", terminal)
    gen_id = young_id()
    code = main(["show", gen_id, "--demo"])
    out, _ = capsys.readouterr()
    assert code == 0, terminal.getvalue()
    assert "model" in out and "provider" in out  # the metadata sections of the made-up generation
    countdown = terminal.getvalue()
    assert PENDING_MESSAGE in countdown and "retrying in 1 s" in countdown
    assert "pending window left" in countdown and "\n" not in countdown  # one line, redrawn in place
    assert countdown.endswith("\r\x1b[K")  # and cleared before the answer


@pytest.fixture
def no_countdown(monkeypatch):
    """Fail the test if `show` starts waiting."""

    async def refuse(*_args):
        raise AssertionError("show waited")

    monkeypatch.setattr(cli, "_count_down", refuse)


def test_no_wait_fails_at_once_with_the_pending_message(capsys, short_pending, no_countdown):
    code = main(["show", young_id(), "--demo", "--no-wait"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert PENDING_MESSAGE in err and "its stats are not ready yet" in err and "--no-wait" in err
    assert err.count("\n") == 1


def test_exit_one_once_the_pending_window_runs_out(capsys, monkeypatch):
    monkeypatch.setenv(PENDING_SECONDS_ENV, "30")  # the demo stays "not ready" far longer
    monkeypatch.setenv("MODELGATES_PENDING_WINDOW", "1")
    code = main(["show", young_id(), "--demo"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "Not found (404)" in err or PENDING_MESSAGE in err
    assert "pending window ran out" in err and err.count("\n") == 1


def test_an_old_unknown_id_fails_at_once_without_waiting(capsys, no_countdown):
    code = main(["show", "gen-1760000000-NoSuchGenerationHere", "--demo"])
    _, err = capsys.readouterr()
    assert code == 1 and "Not found (404)" in err and "pending window" not in err
