"""`history` tells apart an empty history, no match for --query, a history it cannot read, and
one it can only read (a read-only data directory, a newer schema): it lists what it can read and
says exactly why nothing new is saved."""

from __future__ import annotations

import sqlite3

import pytest

from explorer.settings import data_dir, history_path
from explorer.store import HistoryStore, schema
from tests.e2e.batch.history_faults import make_read_only, try_mount, unmount
from tests.e2e.drive import run_cli

IDS = ["gen-state-1", "gen-state-2", "gen-state-3"]
SHOWN = "showing 3 stored generations, new lookups are not saved"


def three_rows() -> None:
    with HistoryStore.open(history_path(False)) as store:
        assert store.save_many([({"id": i, "model": "state/model"}, None) for i in IDS]) is None


def listed(out: str) -> list[str]:
    return sorted(line.split()[0] for line in out.splitlines())


@pytest.fixture
def mounted_data_dir():
    """The data dir on a tmpfs this test mounted (True), or a plain directory (False)."""
    directory = data_dir()
    directory.mkdir(parents=True)
    mounted = try_mount(directory, "size=4m")
    yield directory, mounted
    if mounted:
        unmount(directory)
    else:
        directory.chmod(0o700)


def test_an_empty_history_and_no_match_are_told_apart(capsys):
    code, out, err = run_cli(capsys, "history")
    assert (code, err) == (0, "") and out.startswith("No generations in the history yet")
    three_rows()
    code, out, err = run_cli(capsys, "history", "--query", "nothing-matches-this")
    assert (code, err) == (0, "")
    assert out == "No generation matches 'nothing-matches-this' (3 in the history).\n"
    code, out, _ = run_cli(capsys, "history", "--query", "gen-state-2")
    assert listed(out) == ["gen-state-2"]


def test_a_history_it_cannot_read_is_an_error_not_an_empty_list(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MODELGATES_EXPLORER_DATA_DIR", str(blocker / "data"))
    code, out, err = run_cli(capsys, "history")
    assert code == 1 and out == ""
    assert err == (f"modelgates-explorer: cannot read the history: History disabled: cannot write to "
                   f"{blocker / 'data'} (Not a directory)\n")


def test_a_read_only_data_dir_is_listed_and_says_so(capsys, mounted_data_dir):
    directory, mounted = mounted_data_dir
    three_rows()
    reason = make_read_only(directory, mounted)
    code, out, err = run_cli(capsys, "history")
    assert code == 0 and listed(out) == IDS
    assert err == (f"modelgates-explorer: History is read-only: cannot write to {history_path(False)} "
                   f"({reason}); {SHOWN}\n")


def test_a_newer_schema_is_listed_read_only_and_left_untouched(capsys):
    three_rows()
    path = history_path(False)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    code, out, err = run_cli(capsys, "history")
    assert code == 0 and listed(out) == IDS
    assert err == ("modelgates-explorer: History was written by a newer version of the app "
                   f"(schema {schema.SCHEMA_VERSION + 1} > {schema.SCHEMA_VERSION}): read-only; {SHOWN}\n")
    code, out, err = run_cli(capsys, "history", "--query", "nothing-matches-this")
    assert code == 0 and out.startswith("No generation matches") and "read-only" in err
    assert path.read_bytes() == before
