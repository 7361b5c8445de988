"""The `captures` table: record, mark loaded or failed, list with the history's summary, notice
changes from another connection cheaply; never a key."""

from __future__ import annotations

import sqlite3

from explorer.demo.data import DEMO_CASES, get_demo_record
from explorer.store import HistoryStore
from explorer.store.captures import FAILED, LOADED, PENDING, CaptureLog
from explorer.store.schema import SCHEMA_VERSION
from tests.support.clock import NOW, FakeClock

FALLBACK = DEMO_CASES["fallback-chain"]
STORM = DEMO_CASES["provider-storm"]


def capture_log(path, clock: FakeClock | None = None) -> CaptureLog:
    return CaptureLog(HistoryStore.open(path), clock=(clock or FakeClock()).time)


def test_record_returns_only_ids_not_captured_before(tmp_path):
    log = capture_log(tmp_path / "h.sqlite3")
    assert log.record_captured([FALLBACK, STORM, FALLBACK], "proxy") == [FALLBACK, STORM]
    assert log.record_captured([STORM, "gen-1-new"], "follow:app.log") == ["gen-1-new"]
    rows = {row.id: row for row in log.list_captures()}
    assert rows[STORM].source == "proxy" and rows["gen-1-new"].source == "follow:app.log"
    assert {row.state for row in rows.values()} == {PENDING}


def test_a_failed_capture_seen_again_is_looked_up_again_a_loaded_one_is_not(tmp_path):
    clock = FakeClock()
    log = capture_log(tmp_path / "h.sqlite3", clock)
    log.record_captured([FALLBACK, STORM], "proxy")
    log.mark_loaded(FALLBACK)
    log.mark_failed(STORM, "network down")
    clock.now += 60
    assert log.record_captured([FALLBACK, STORM], "follow:app.log") == [STORM]
    again = {row.id: row for row in log.list_captures()}[STORM]
    assert (again.state, again.reason, again.source, again.captured_at) == (PENDING, None, "follow:app.log", NOW + 60)


def test_loaded_rows_carry_the_history_summary_and_failed_ones_their_reason(tmp_path):
    clock = FakeClock()
    log = capture_log(tmp_path / "h.sqlite3", clock)
    log.record_captured([FALLBACK], "proxy")
    clock.now += 1
    log.record_captured([STORM], "proxy")
    record = get_demo_record(FALLBACK)
    assert log.store.save(record.generation, record.content) is None
    log.mark_loaded(FALLBACK)
    log.mark_failed(STORM, "Not found (404):\n  generation\tnot found " + "x" * 1000)
    newest, oldest = log.list_captures()
    assert (newest.id, newest.state, newest.model) == (STORM, FAILED, None)
    assert newest.reason.startswith("Not found (404): generation not found x") and len(newest.reason) == 500
    assert (oldest.state, oldest.reason, oldest.captured_at) == (LOADED, None, NOW)
    assert oldest.model == record.generation["model"] and oldest.attempts == 3 and oldest.failures == 2
    assert oldest.total_cost == record.generation["total_cost"] and oldest.latency is not None
    totals = log.totals()
    assert (totals.count, totals.pending, totals.loaded, totals.failed) == (2, 0, 1, 1)
    assert totals.total_cost == record.generation["total_cost"]
    assert [row.id for row in log.list_captures(limit=1)] == [STORM]


def test_the_change_token_moves_with_writes_from_this_or_another_connection(tmp_path):
    path = tmp_path / "h.sqlite3"
    viewer, writer = capture_log(path), capture_log(path)
    first = viewer.change_token()
    assert viewer.change_token() == first  # nothing happened
    writer.record_captured(["gen-1-a"], "proxy")
    second = viewer.change_token()
    assert second != first and [row.id for row in viewer.list_captures()] == ["gen-1-a"]
    viewer.mark_failed("gen-1-a", "gave up")
    assert viewer.change_token() != second


def test_a_disabled_history_still_lets_every_lookup_run(tmp_path):
    log = CaptureLog(HistoryStore.open(None))
    assert log.record_captured(["gen-1-a", "gen-1-a", "gen-1-b"], "proxy") == ["gen-1-a", "gen-1-b"]
    assert log.mark_failed("gen-1-a", "x") is None and log.list_captures() == []
    assert log.change_token() is None and log.totals().count == 0


def test_an_older_history_gains_the_table_and_clear_empties_it(tmp_path):
    path = tmp_path / "h.sqlite3"
    HistoryStore.open(path).close()
    with sqlite3.connect(path) as conn:  # as version 1 left it
        conn.execute("DROP TABLE captures")
        conn.execute("PRAGMA user_version = 1")
    log = capture_log(path)
    assert log.record_captured(["gen-1-a"], "proxy") == ["gen-1-a"]
    assert log.store._read(0, "", lambda c: c.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION
    log.use_small_cache()
    assert log.store.clear() is None and log.list_captures() == []
