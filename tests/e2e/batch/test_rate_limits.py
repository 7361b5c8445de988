"""A 429 slows the whole batch down (pause, halve concurrency, retry) instead of failing it."""

from __future__ import annotations

import asyncio

from explorer.api.errors import RateLimitedError
from explorer.api.batch import RateLimitBackoff, run_batch
from tests.e2e.batch.lookup_server import LookupServer, RecordedSleeps, error

IDS = [f"gen-test-{n}" for n in range(16)]


def too_many(retry_after: str | None = None):
    return error(429, "Rate limit exceeded",
                 headers={"Retry-After": retry_after} if retry_after else None)


async def test_429_pauses_everyone_then_retries_at_half_concurrency():
    server = LookupServer(delay=0.005)
    server.script("generation", "gen-test-0", too_many("7"))
    paused_requests: list[int] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        while server.lookups_in_flight:  # lookups started before the 429 finish...
            await asyncio.sleep(0.001)
        before = len(server.requests)
        await asyncio.sleep(0.03)  # ...and nobody starts a new one while the batch is paused
        paused_requests.append(len(server.requests) - before)
        server.mark()

    sleeps: list[float] = []
    async with server.client() as client:
        report = await run_batch(client, IDS, concurrency=4, sleep=sleep)

    assert sleeps == [7.0]
    assert paused_requests == [0]
    assert report.ok == 16 and report.failed == 0
    first = report.results[0]
    assert first.ok and first.tries == 2 and first.error is None
    assert server.requests_for("gen-test-0") == 2
    assert report.final_concurrency == 2 and report.rate_limit_pauses == 1
    assert max(server.arrivals_after_mark) == 2  # the server sees the reduced concurrency


async def test_a_burst_of_429s_pauses_and_halves_once():
    server = LookupServer(delay=0.005)
    for n in range(4):
        server.script("generation", f"gen-test-{n}", too_many("1"))
    sleeps = RecordedSleeps()
    async with server.client() as client:
        report = await run_batch(client, IDS, concurrency=4, sleep=sleeps)
    assert sleeps == [1.0]
    assert report.rate_limit_pauses == 1 and report.final_concurrency == 2
    assert report.ok == 16
    assert [r.tries for r in report.results[:4]] == [2, 2, 2, 2]


async def test_without_retry_after_the_pause_backs_off_exponentially():
    server = LookupServer()
    server.script("generation", "gen-test-0", too_many(), too_many(), too_many())
    sleeps = RecordedSleeps()
    async with server.client() as client:
        report = await run_batch(client, IDS[:3], concurrency=8, sleep=sleeps)
    assert sleeps == [1.0, 2.0, 4.0]
    assert report.results[0].ok and report.results[0].tries == 4
    assert report.final_concurrency == 1  # 8 -> 4 -> 2 -> 1


async def test_an_id_that_stays_rate_limited_ends_with_its_error_after_max_tries():
    server = LookupServer()
    server.script("generation", "gen-test-0", *[too_many("2") for _ in range(10)])
    sleeps = RecordedSleeps()
    async with server.client() as client:
        report = await run_batch(client, IDS[:4], concurrency=2, sleep=sleeps,
                                 rate_limit=RateLimitBackoff(max_tries=5))
    stuck = report.results[0]
    assert not stuck.ok and isinstance(stuck.error, RateLimitedError)
    assert stuck.tries == 5 and server.requests_for("gen-test-0") == 5
    assert sleeps == [2.0] * 4
    assert report.ok == 3 and report.failed == 1
    assert report.final_concurrency == 1  # never below one


async def test_a_retry_after_beyond_max_wait_is_not_waited_for():
    server = LookupServer()
    server.script("generation", "gen-test-0", too_many("86400"))
    sleeps = RecordedSleeps()
    async with server.client() as client:
        report = await run_batch(client, IDS[:2], sleep=sleeps,
                                 rate_limit=RateLimitBackoff(max_wait=300))
    assert sleeps == []
    assert report.results[0].error.retry_after == 86400
    assert report.results[0].tries == 1 and report.results[1].ok


async def test_content_429_is_retried_and_a_lasting_one_keeps_the_metadata():
    server = LookupServer()
    server.script("content", "gen-test-0", too_many("3"))
    server.script("content", "gen-test-1", *[too_many("1") for _ in range(10)])
    sleeps = RecordedSleeps()
    async with server.client() as client:
        report = await run_batch(client, IDS[:2], concurrency=1, sleep=sleeps,
                                 rate_limit=RateLimitBackoff(max_tries=3))
    healed, lasting = report.results
    assert healed.ok and healed.tries == 2 and healed.lookup.content is not None
    assert lasting.ok and lasting.tries == 3
    assert isinstance(lasting.lookup.content_error, RateLimitedError)
    assert sleeps == [3.0, 1.0, 1.0]
