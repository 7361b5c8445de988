"""A batch of 500 IDs while the history cannot be written: rows shown ok = rows stored + rows
flagged "not saved", and the warning counts them. Real faults: another process holding the write
lock, a 1.5 MB disk that fills up, a data directory that turns read-only (see history_faults)."""

from __future__ import annotations

import asyncio

import pytest

from explorer.api.batch import BatchReport, run_batch
from explorer.store import HistoryStore
from explorer.store.database import WritePolicy
from tests.e2e.batch.history_faults import (
    SMALL_DISK,
    BulkyServer,
    HeldLateServer,
    LockHolder,
    make_read_only,
    stored_ids,
    try_mount,
    unmount,
)
from tests.e2e.batch.lookup_server import LookupServer

EARLY = [f"gen-early-{n}" for n in range(250)]
LATE = [f"gen-late-{n}" for n in range(250)]
IDS = [f"gen-test-{n}" for n in range(500)]
QUICK = WritePolicy(busy_timeout=0.1, tries=3, backoff=0.05)


def assert_nothing_lost_silently(report: BatchReport, stored: set[str]) -> set[str]:
    """Every ok row is stored or flagged, never both; the warning counts the flagged ones."""
    ok = {r.id for r in report.results if r.ok}
    flagged = {r.id for r in report.results if r.save_error is not None}
    assert flagged <= ok and not flagged & stored
    assert stored | flagged == ok
    assert len(stored) == report.ok - report.unsaved
    if flagged:
        assert report.unsaved_warning.startswith(f"{len(flagged):,} of {report.ok:,} not saved to history: ")
    return flagged


@pytest.fixture
def data_dir(tmp_path):
    """(a directory for the history, True if it is a tmpfs of SMALL_DISK this test mounted)."""
    directory = tmp_path / "data"
    directory.mkdir()
    mounted = try_mount(directory, f"size={SMALL_DISK}")
    yield directory, mounted
    if mounted:
        unmount(directory)
    else:
        directory.chmod(0o700)


async def test_a_lock_held_by_another_process_flags_exactly_the_rows_it_blocked(tmp_path):
    path = tmp_path / "history.sqlite3"
    store = HistoryStore.open(path, QUICK)
    server = HeldLateServer(late=frozenset(LATE))  # the late half waits until the lock is gone
    holder = LockHolder(path, seconds=60)
    early_reported = asyncio.Event()
    reported: set[str] = set()

    def arrived(result) -> None:
        reported.add(result.id)
        if reported.issuperset(EARLY):
            early_reported.set()

    async def release_after_the_early_half() -> None:
        await early_reported.wait()  # every early row was reported, i.e. committed or flagged
        await asyncio.to_thread(holder.release)
        server.released.set()

    async with server.client() as client:
        report, _ = await asyncio.gather(
            run_batch(client, EARLY + LATE, concurrency=8, store=store, on_result=arrived),
            release_after_the_early_half())
    holder.wait()
    store.close()
    stored = stored_ids(path)
    flagged = assert_nothing_lost_silently(report, stored)
    assert report.ok == 500 and flagged == set(EARLY) and stored == set(LATE)
    assert report.unsaved_warning == "250 of 500 not saved to history: database is locked"
    assert all(r.save_error == "Not saved to history: database is locked"
               for r in report.results if r.id in flagged)


async def test_a_lock_shorter_than_the_retries_loses_nothing(tmp_path):
    # The case at test scale: a lock held for 0.5 s while the history retries for ~2.5 s
    # (the defaults ride out ~12 s: 3 tries of 5 s).
    path = tmp_path / "history.sqlite3"
    store = HistoryStore.open(path, WritePolicy(busy_timeout=0.4, tries=5, backoff=0.05))
    holder = LockHolder(path, seconds=0.5)
    async with LookupServer().client() as client:
        report = await run_batch(client, IDS, concurrency=8, store=store)
    holder.wait()
    store.close()
    stored = stored_ids(path)
    assert assert_nothing_lost_silently(report, stored) == set()
    assert report.ok == 500 and len(stored) == 500 and report.unsaved_warning is None


async def test_a_full_disk_flags_every_row_it_could_not_store(data_dir):
    directory, mounted = data_dir
    path = directory / "history.sqlite3"
    store = HistoryStore.open(path, WritePolicy(busy_timeout=0.1, tries=3, backoff=0.01))
    if not mounted:  # not allowed to mount: the store's own size cap, as full as a 1.5 MB disk
        store._conn.execute("PRAGMA max_page_count = 375")
    async with BulkyServer().client() as client:
        report = await run_batch(client, IDS, concurrency=8, store=store)
    assert store.enabled and store.count(cap=None) == report.ok - report.unsaved  # still readable
    store.close()
    stored = stored_ids(path)
    flagged = assert_nothing_lost_silently(report, stored)
    assert report.ok == 500 and 0 < len(stored) < 500 and flagged
    assert report.unsaved_warning == f"{len(flagged)} of 500 not saved to history: database or disk is full"


async def test_a_read_only_data_dir_flags_every_row_and_keeps_the_old_ones(data_dir):
    directory, mounted = data_dir
    path = directory / "history.sqlite3"
    async with LookupServer().client() as client:
        with HistoryStore.open(path) as store:
            first = await run_batch(client, IDS[:3], store=store)
        assert first.unsaved == 0
        reason = make_read_only(directory, mounted)
        store = HistoryStore.open(path, QUICK)
        assert store.warning == (f"History is read-only: cannot write to {path} ({reason}); "
                                 "showing 3 stored generations, new lookups are not saved")
        assert sorted(row.id for row in store.list()) == IDS[:3]
        report = await run_batch(client, IDS, store=store)
    store.close()
    flagged = assert_nothing_lost_silently(report, stored_ids(path) - set(IDS[:3]))
    assert flagged == set(IDS)  # the three already stored were looked up again, not saved again
    assert report.unsaved_warning == f"500 of 500 not saved to history: {store.warning}"
