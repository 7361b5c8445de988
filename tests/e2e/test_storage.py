"""Storage faults: a corrupt history file, a data dir that cannot be created, an SQLite error on
write. The app warns and goes on (a history it cannot use: once; a lookup not saved: every
time); `show` still prints, with a warning."""

from __future__ import annotations

import random
import sqlite3

import pytest

from explorer.store import database, writes
from explorer.store.database import WritePolicy
from explorer.settings import data_dir, history_path
from explorer.ui.widgets.metadata_panel import MetadataPanel
from tests.e2e.drive import (
    GOOD_ID,
    GOOD_MODEL,
    history_store,
    load,
    main_view,
    make_client,
    run_cli,
)
from tests.e2e.terminal import shows, widget_text
from tests.support.app import make_app
from tests.support.pilot import wait_until
from tests.support.screen import notifications
from tests.support.sizes import APP_SIZE


class FailingWrites:
    """An sqlite3 connection whose INSERTs and UPDATEs fail like a full disk."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args):
        return self.execute(sql) if sql.lstrip().upper().startswith("INSERT") else \
            self._conn.executemany(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


def corrupt_history() -> None:
    path = history_path(False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(random.Random(20261201).randbytes(8192))


def unusable_data_dir(monkeypatch, tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    # As root, chmod does not stop writes: a data dir under a regular file cannot exist at all.
    monkeypatch.setenv("MODELGATES_EXPLORER_DATA_DIR", str(blocker / "data"))


def warnings_raised(app) -> list[str]:
    """Every warning notification the app raised (on screen ones expire after a few seconds)."""
    return [n.message for n in notifications(app) if n.severity == "warning"]


async def lookup_still_renders(app, pilot) -> None:
    await load(pilot, GOOD_ID)
    assert main_view(app) == "results" and app.main_screen.lookup is not None and app.main_screen.lookup.id == GOOD_ID
    assert shows(widget_text(app, app.query_one(MetadataPanel)), GOOD_MODEL)


@pytest.mark.parametrize("fault", ["corrupt", "unusable-dir"])
async def test_app_warns_and_goes_on(demo_api, monkeypatch, tmp_path, fault):
    if fault == "corrupt":
        corrupt_history()
    else:
        unusable_data_dir(monkeypatch, tmp_path)
    store = history_store()
    expected = "was damaged: moved it" if fault == "corrupt" else "History disabled: cannot write to"
    assert store.warning and expected in store.warning
    app = make_app(make_client(demo_api.base_url), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: warnings_raised(app))
        assert any(expected in message for message in warnings_raised(app)), warnings_raised(app)
        await lookup_still_renders(app, pilot)
        if fault == "corrupt":  # a fresh history replaced the damaged one, and works
            await wait_until(pilot, lambda: store.count() == 1)
            assert list(data_dir().glob("history.sqlite3.corrupt-*"))
        else:
            assert not store.enabled and store.count() == 0
        assert len(warnings_raised(app)) == 1, warnings_raised(app)


async def test_app_says_each_lookup_a_failing_write_did_not_save(demo_api, monkeypatch):
    store = history_store()
    assert store.enabled and store.warning is None
    store.policy = WritePolicy(busy_timeout=0.05, tries=2, backoff=0.01)
    monkeypatch.setattr(store, "_conn", FailingWrites(store._conn))
    app = make_app(make_client(demo_api.base_url), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await lookup_still_renders(app, pilot)
        await wait_until(pilot, lambda: warnings_raised(app))
        assert warnings_raised(app) == ["Not saved to history: database or disk is full"]
        assert store.enabled and store.writable  # a full disk may clear: the next save tries again
        await load(pilot, "fault-drift")  # goes on, and says this one was not saved either
        assert main_view(app) == "results" and app.main_screen.lookup.id == "fault-drift"
        await wait_until(pilot, lambda: len(warnings_raised(app)) == 2)
        assert warnings_raised(app) == ["Not saved to history: database or disk is full"] * 2


@pytest.mark.parametrize("fault", ["corrupt", "unusable-dir", "write-error"])
def test_show_prints_and_warns_on_stderr(demo_api, cli_env, capsys, monkeypatch, tmp_path, fault):
    if fault == "corrupt":
        corrupt_history()
    elif fault == "unusable-dir":
        unusable_data_dir(monkeypatch, tmp_path)
    else:
        def full_disk(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(writes, "write_generations", full_disk)
        monkeypatch.setattr(database, "DEFAULT_WRITE_POLICY", WritePolicy(tries=2, backoff=0.01))
    code, out, err = run_cli(capsys, "show", GOOD_ID, "--base-url", demo_api.base_url)
    assert code == 0 and GOOD_MODEL in out
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "history" in err.lower(), err
    if fault == "write-error":
        assert err.endswith(": Not saved to history: database or disk is full\n"), err
