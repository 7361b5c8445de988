"""run_batch: bounded concurrency as seen by the server, progress, partial failures (saving to
the history: test_batch_saving)."""

from __future__ import annotations

import asyncio

import pytest

from explorer.api.errors import InvalidIdError, NotFoundError, ServerError
from explorer.api.batch import BatchResult, run_batch, unique_ids
from tests.e2e.batch.lookup_server import LookupServer


@pytest.mark.parametrize("concurrency", [1, 3, 8])
async def test_server_never_sees_more_lookups_than_the_concurrency(concurrency):
    server = LookupServer(delay=0.005)
    ids = [f"gen-test-{n}" for n in range(30)]
    async with server.client() as client:
        report = await run_batch(client, ids, concurrency=concurrency)
    assert report.ok == 30 and report.failed == 0
    assert server.max_lookups_in_flight == concurrency  # bounded, and actually used
    assert len(server.requests) == 60  # metadata + content per ID
    assert report.final_concurrency == concurrency


async def test_results_in_input_order_and_progress_called_once_per_id():
    server = LookupServer(delay=0.002)
    ids = [f"gen-test-{n}" for n in range(25)]
    seen: list[BatchResult] = []
    async with server.client() as client:
        report = await run_batch(client, ids, concurrency=4, on_result=seen.append)
    assert [r.id for r in report.results] == ids
    assert sorted(r.id for r in seen) == sorted(ids)
    assert len(seen) == 25
    first = report.results[0]
    assert first.ok and first.lookup.generation.model == "test/model"
    assert first.lookup.content.messages == [{"role": "user", "content": "gen-test-0"}]
    assert first.tries == 1 and first.elapsed >= 0 and report.elapsed >= first.elapsed


async def test_partial_failures_end_with_their_errors():
    server = LookupServer()
    ids = ["gen-ok-1", "gen-missing-1", "gen-ok-2", "gen-broken-1", "gen-ok-3", "  "]
    async with server.client() as client:
        report = await run_batch(client, ids, concurrency=3)
    by_id = {r.id: r for r in report.results}
    assert report.ok == 3 and report.failed == 3
    assert isinstance(by_id["gen-missing-1"].error, NotFoundError)
    assert isinstance(by_id["gen-broken-1"].error, ServerError)
    assert isinstance(by_id["  "].error, InvalidIdError)
    assert by_id["gen-missing-1"].lookup is None and not by_id["gen-missing-1"].ok
    assert all(by_id[f"gen-ok-{n}"].ok for n in (1, 2, 3))
    assert server.requests_for("gen-broken-1") == 1  # no retry beyond the client's policy


async def test_duplicates_are_fetched_once():
    server = LookupServer()
    ids = ["gen-a", "gen-b", "gen-a", " gen-b ", "https://x.test/?id=gen-a", "gen-c"]
    calls: list[str] = []
    async with server.client() as client:
        report = await run_batch(client, ids, on_result=lambda r: calls.append(r.id))
    assert [r.id for r in report.results] == ["gen-a", "gen-b", "gen-c"]
    assert sorted(calls) == ["gen-a", "gen-b", "gen-c"]
    assert server.requests_for("gen-a") == 1 and server.requests_for("gen-b") == 1


def test_unique_ids_keeps_first_seen_order():
    assert unique_ids(["b", "a", " b", "a", "", ""]) == ["b", "a", ""]


async def test_empty_batch():
    server = LookupServer()
    async with server.client() as client:
        report = await run_batch(client, [])
    assert report.results == [] and report.ok == 0 and report.failed == 0


async def test_concurrency_must_be_positive():
    server = LookupServer()
    async with server.client() as client:
        with pytest.raises(ValueError):
            await run_batch(client, ["gen-a"], concurrency=0)


async def test_cancellation_stops_all_in_flight_work():
    server = LookupServer(gate=asyncio.Event())  # requests wait forever
    ids = [f"gen-test-{n}" for n in range(20)]
    finished: list[BatchResult] = []
    async with server.client() as client:
        batch = asyncio.create_task(run_batch(client, ids, concurrency=4,
                                              on_result=finished.append))
        for _ in range(200):
            if server.lookups_in_flight == 4:
                break
            await asyncio.sleep(0.001)
        assert server.lookups_in_flight == 4
        batch.cancel()
        with pytest.raises(asyncio.CancelledError):
            await batch
        assert server.lookups_in_flight == 0  # every handler was unwound
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        assert [t for t in others if not t.done()] == []
    assert finished == []
    assert len({gid for _, gid in server.requests}) == 4  # nothing started after the cancel


async def test_a_raising_progress_callback_surfaces_plainly():
    server = LookupServer()

    def explode(result: BatchResult) -> None:
        raise RuntimeError("progress bar broke")

    async with server.client() as client:
        with pytest.raises(RuntimeError, match="progress bar broke"):
            await run_batch(client, ["gen-a", "gen-b"], on_result=explode)
