"""`modelgates-explorer batch` against the demo API on 127.0.0.1: output forms, exit codes, the
history, and the progress bar on a terminal only."""

from __future__ import annotations

import io
import json

import pytest

from explorer.batch_command import ProgressBar
from explorer.demo.data import DEMO_CASES, UNKNOWN_ID_EXAMPLE
from tests.e2e.drive import history_store, run_cli

FALLBACK = DEMO_CASES["fallback-chain"]
TOOLS = DEMO_CASES["tool-call-step"]
REASONING = DEMO_CASES["reasoning-long"]
FOUND = [FALLBACK, TOOLS, REASONING]


@pytest.fixture
def batch(capsys, cli_env, demo_api):
    """`batch ARGS --base-url <demo API>` in process: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        return run_cli(capsys, "batch", *args, "--base-url", demo_api.server.base_url)

    return run


def test_lines_per_id_exit_one_when_any_failed_and_successes_in_history(batch):
    code, out, err = batch(FALLBACK, f"{TOOLS},{UNKNOWN_ID_EXAMPLE}", "--concurrency", "2")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    found = next(line for line in lines if FALLBACK in line)
    assert found.startswith("✓ ok") and "anthropic/claude-sonnet-4.5" in found and "$0.006096" in found
    missing = next(line for line in lines if UNKNOWN_ID_EXAMPLE in line)
    assert missing.startswith("✗ failed") and "Not found (404)" in missing
    summary = err.strip().splitlines()[-1]
    assert summary.startswith("Batch done · 3 IDs in ")
    assert "2 ok · 1 failed · up to 2 at a time" in summary
    assert "\r" not in err  # stderr is not a terminal: no progress bar
    store = history_store()
    assert store.get(FALLBACK) is not None and store.get(TOOLS) is not None
    assert store.get(UNKNOWN_ID_EXAMPLE) is None
    store.close()


def test_jsonl_from_a_file_one_object_per_distinct_id_all_ok_exit_zero(batch, tmp_path):
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text(f"# today's IDs\n{FALLBACK}\n\n{TOOLS}\n{FALLBACK}\n{REASONING}\n")
    code, out, err = batch("--ids-file", str(ids_file), "--jsonl")
    assert code == 0, err
    items = [json.loads(line) for line in out.splitlines()]
    assert sorted(item["id"] for item in items) == sorted(FOUND)  # each ID once
    fallback = next(item for item in items if item["id"] == FALLBACK)
    assert fallback["ok"] and fallback["saved"] and fallback["error"] is None
    assert [a["status"] for a in fallback["generation"]["provider_responses"]] == [429, 502, 200]
    assert fallback["content"]["output"]["completion"]
    assert fallback["derived"]["failed_attempts"] == 2
    assert "metadata" not in fallback  # the worded sections are `show --json`'s only


def test_json_is_one_array_in_input_order(batch):
    code, out, _ = batch(REASONING, UNKNOWN_ID_EXAMPLE, FALLBACK, "--json")
    assert code == 1
    items = json.loads(out)
    assert [item["id"] for item in items] == [REASONING, UNKNOWN_ID_EXAMPLE, FALLBACK]
    failed = items[1]
    assert not failed["ok"] and failed["error"]["status"] == 404 and not failed["saved"]
    assert "generation" not in failed


def test_no_history_saves_nothing(batch):
    code, out, _ = batch(FALLBACK, "--jsonl", "--no-history")
    assert code == 0 and json.loads(out)["saved"] is False
    store = history_store()
    assert store.get(FALLBACK) is None
    store.close()


def test_usage_errors_exit_two(batch, tmp_path):
    code, _, err = batch()
    assert code == 2 and "no IDs" in err
    code, _, err = batch("--ids-file", str(tmp_path / "missing.txt"))
    assert code == 2 and "cannot read" in err
    assert batch(FALLBACK, "--json", "--jsonl")[0] == 2
    assert batch(FALLBACK, "--concurrency", "0")[0] == 2


class TerminalStderr(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar_then_the_summary(batch, monkeypatch):
    stderr = TerminalStderr()
    monkeypatch.setattr("sys.stderr", stderr)
    code, out, _ = batch(*FOUND)
    assert code == 0 and len(out.splitlines()) == 3
    text = stderr.getvalue()
    assert "\r\x1b[K[" in text and "3 / 3 · 0 failed" in text  # the bar, at the end too
    assert text.split("\r\x1b[K")[-1].startswith("Batch done · 3 IDs")  # bar cleared first


def test_the_progress_bar_repaints_at_most_ten_times_a_second():
    now = [0.0]
    stream = io.StringIO()
    bar = ProgressBar(stream, total=1000, clock=lambda: now[0])
    for done in range(1, 1000):  # 999 results within one instant: one repaint
        bar.update(done, 0)
    assert stream.getvalue().count("\r") == 1
    now[0] = 0.03
    bar.update(1000, 2)  # the end always shows, however soon
    now[0] = 0.3
    bar.update(1000, 2)  # once
    assert stream.getvalue().count("\r") == 2
    assert stream.getvalue().endswith("1,000 / 1,000 · 2 failed · 0.0 s")
