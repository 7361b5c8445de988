"""run_batch saves successes in groups, in a thread, and reports each only once its row is
committed or flagged "not saved": rows shown ok = rows stored + rows flagged."""

from __future__ import annotations

import asyncio
import threading

import pytest

from explorer.api.batch import BatchResult, run_batch
from explorer.api.batch_history import HistoryWriter, unsaved_summary
from tests.e2e.batch.lookup_server import LookupServer

IDS = [f"gen-test-{n}" for n in range(40)]


class FakeStore:
    """Records each `save_many` group and the thread it ran in. A group holding an ID of
    `locked` is refused with a warning, like a store that gave up on a lock; an ID in
    `bad_rows` makes the store raise (a row it cannot store)."""

    def __init__(self, *, enabled: bool = True, warning: str | None = None,
                 locked: set[str] = frozenset(), bad_rows: set[str] = frozenset()) -> None:
        self.enabled = enabled
        self.warning = warning
        self.locked, self.bad_rows = locked, bad_rows
        self.groups: list[list[str]] = []
        self.threads: set[int] = set()

    @property
    def saved(self) -> list[str]:
        return [i for group in self.groups for i in group]

    def save_many(self, items: list[tuple]) -> str | None:
        self.threads.add(threading.get_ident())
        ids = [generation["id"] for generation, _, _ in items]
        if self.bad_rows & set(ids):
            raise ValueError("a generation needs a non-empty string 'id' to be saved")
        if not self.enabled:
            return self.warning
        if self.locked & set(ids):
            return "Not saved to history: database is locked"
        assert all(fetched_at > 0 and content["output"]["completion"] == "ok"
                   for _, content, fetched_at in items)
        self.groups.append(ids)
        return None


async def run(store, ids=IDS, *, saving: bool = True, **options) -> tuple:
    server = LookupServer()
    seen: list[BatchResult] = []

    def arrived(result: BatchResult) -> None:
        # Reported only once its fate is known: committed, or flagged.
        assert not saving or result.save_error is not None or not result.ok or result.id in store.saved
        seen.append(result)

    async with server.client() as client:
        report = await run_batch(client, ids, store=store, on_result=arrived, **options)
    return report, seen


async def test_successes_are_committed_in_groups_off_the_loop_before_they_are_reported():
    store = FakeStore()
    report, seen = await run(store, [*IDS, "gen-missing"], concurrency=8)
    assert sorted(store.saved) == sorted(IDS)  # each once, the failure not at all
    assert len(store.groups) < len(IDS)  # lookups finished while a group committed join the next
    assert threading.get_ident() not in store.threads
    assert len(seen) == 41 and report.ok == 40 and report.unsaved == 0
    assert report.unsaved_warning is None


async def test_a_store_off_on_purpose_is_skipped():
    store = FakeStore(enabled=False)
    report, _ = await run(store, saving=False)
    assert store.threads == set() and report.ok == 40 and report.unsaved == 0


async def test_a_store_that_cannot_write_flags_every_row():
    store = FakeStore(enabled=False, warning="History is read-only: read-only file system; "
                                             "showing 3 stored generations, new lookups are not saved")
    report, seen = await run(store)
    assert store.saved == [] and report.ok == 40 and report.unsaved == 40
    assert all(r.save_error == store.warning for r in seen)
    assert report.unsaved_warning == ("40 of 40 not saved to history: History is read-only: read-only "
                                      "file system; showing 3 stored generations, new lookups are not saved")


async def test_a_refused_group_flags_each_of_its_rows_and_the_rest_are_saved():
    store = FakeStore(locked={"gen-test-0"})
    report, seen = await run(store, concurrency=1)
    flagged = [r.id for r in seen if r.save_error is not None]
    assert "gen-test-0" in flagged
    assert sorted(store.saved + flagged) == sorted(IDS)  # every row: stored or flagged
    assert not set(store.saved) & set(flagged)
    assert report.unsaved == len(flagged)
    assert report.unsaved_warning == f"{len(flagged)} of 40 not saved to history: database is locked"


async def test_a_row_the_store_rejects_does_not_sink_its_group():
    store = FakeStore(bad_rows={"gen-test-3"})
    report, _ = await run(store, concurrency=8)
    (bad,) = [r for r in report.results if r.save_error is not None]
    assert bad.id == "gen-test-3" and bad.ok
    assert bad.save_error == ("Not saved to history: ValueError: a generation needs a non-empty "
                              "string 'id' to be saved")
    assert sorted(store.saved) == sorted(set(IDS) - {"gen-test-3"})


async def test_a_store_with_only_save_is_used_row_by_row():
    class SaveOnly:
        def __init__(self) -> None:
            self.saved: list[str] = []

        def save(self, generation, content, fetched_at):
            if generation["id"] == "gen-test-1":
                raise OSError("disk full")
            self.saved.append(generation["id"])

    store = SaveOnly()
    report, _ = await run(store, IDS[:5])
    assert sorted(store.saved) == ["gen-test-0", "gen-test-2", "gen-test-3", "gen-test-4"]
    assert report.results[1].save_error == "Not saved to history: OSError: disk full"
    assert report.unsaved_warning == "1 of 5 not saved to history: OSError: disk full"


async def test_the_writer_holds_at_most_max_waiting_results():
    writer = HistoryWriter(FakeStore(), lambda result, started: None, max_waiting=2)
    results = [BatchResult(id=f"gen-{n}", ok=True) for n in range(3)]
    await writer.put(results[0], 0.0)
    await writer.put(results[1], 0.0)
    third = asyncio.create_task(writer.put(results[2], 0.0))
    for _ in range(5):
        await asyncio.sleep(0)
    assert not third.done()  # the batch waits for the store rather than piling up lookups
    third.cancel()


def test_the_summary_counts_each_reason():
    def result(n: int, error: str | None, ok: bool = True) -> BatchResult:
        return BatchResult(id=f"gen-{n}", ok=ok, save_error=error)

    results = [result(0, None), result(1, "Not saved to history: database is locked"),
               result(2, "Not saved to history: database is locked"), result(3, None, ok=False),
               result(4, "Not saved to history: database or disk is full")]
    assert unsaved_summary(results) == ("3 of 4 not saved to history: database is locked (2); "
                                        "database or disk is full (1)")
    assert unsaved_summary(results[:1]) is None


async def test_an_error_in_on_result_for_a_saved_row_stops_the_batch():
    def boom(result: BatchResult) -> None:
        raise RuntimeError(f"on_result failed for {result.id}")

    store = FakeStore()
    async with LookupServer().client() as client:
        with pytest.raises(RuntimeError, match="^on_result failed for gen-test-"):
            await run_batch(client, IDS, store=store, on_result=boom)
    assert len(store.saved) < len(IDS)  # stopped at the first group, not run to the end
