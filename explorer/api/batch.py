"""Looking up many generations at once: bounded concurrency, and 429s slow the batch down.

`run_batch` fetches every distinct ID with `client.lookup`, at most `concurrency` lookups in
flight (one lookup = the two requests the client sends together). Each ID ends as one
`BatchResult`, success or its `ApiError`; an error never stops the rest of the batch.

Rate limits (429) are handled batch-wide, AIMD-style but decrease-only:
- the first 429 of a burst closes a gate that *every* worker waits at before starting another
  lookup, sleeps for the server's Retry-After (else an exponential backoff), then reopens it;
- the same 429 halves the concurrency limit (minimum 1) for the rest of the batch. There is no
  additive increase: a gateway's rate-limit window usually outlasts a batch, and probing back up
  would just buy more 429s;
- a 429 answering a lookup that started before the latest pause began is part of the burst
  already handled: it neither pauses nor halves again, the ID simply goes back to the gate;
- an ID is tried at most `RateLimitBackoff.max_tries` times, and a Retry-After longer than
  `max_wait` is not waited for: the ID ends with its `RateLimitedError`;
- a 429 on the content request only (metadata arrived) is retried the same way; when the tries
  run out the ID still succeeds with `Lookup.content_error` set.
Other errors end the ID at once: the client has already applied its own retry policy.

With a history store, successes are saved in groups by a `HistoryWriter` (`batch_history`), and
each is reported only once its row is committed, or flagged with why it was not saved.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from explorer.api.batch_history import HistoryWriter, history_off, unsaved_summary
from explorer.api.client import Lookup, backoff_delay
from explorer.api.errors import ApiError, InvalidIdError, RateLimitedError, UnexpectedError
from explorer.api.ids import normalize_id

Sleep = Callable[[float], Awaitable[None]]


class LookupClient(Protocol):
    """What the batch needs from a client (`GenerationsClient` fits)."""

    async def lookup(self, generation_id: str) -> Lookup: ...


@dataclass(frozen=True)
class RateLimitBackoff:
    """How long a 429 pauses the batch, and how often one ID may be rate-limited."""

    max_tries: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_wait: float = 300.0

    def delay_for(self, error: RateLimitedError, tries: int) -> float | None:
        """Seconds to pause after the `tries`-th try was rate limited; None = do not wait.

        The server's Retry-After wins; without one, base_delay doubles per try up to max_delay.
        """
        wait = backoff_delay(tries, error.retry_after, self.base_delay, self.max_delay)
        return None if error.retry_after is not None and wait > self.max_wait else wait


@dataclass
class BatchResult:
    """How one ID ended: its lookup, or its error.

    `elapsed` runs from when a worker took the ID up (not from the batch start) to its end,
    429 pauses, retries and the history save included; `tries` counts its lookups.

    `save_error` is why the history store did not save a successful lookup (its returned
    warning, or the exception it raised), else None: with a store, an `ok` result without
    `save_error` is committed to the history.
    """

    id: str
    ok: bool
    lookup: Lookup | None = None
    error: ApiError | None = None
    elapsed: float = 0.0
    tries: int = 1
    save_error: str | None = None


@dataclass
class BatchReport:
    """Every distinct ID's result in input order, and how the batch went."""

    results: list[BatchResult]
    elapsed: float
    concurrency: int
    final_concurrency: int
    rate_limit_pauses: int = 0

    @property
    def ok(self) -> int:
        """IDs that were looked up."""
        return sum(1 for r in self.results if r.ok)

    @property
    def failed(self) -> int:
        """IDs that ended with an error."""
        return sum(1 for r in self.results if not r.ok)

    @property
    def unsaved(self) -> int:
        """Successful lookups the history store failed to save."""
        return sum(1 for r in self.results if r.save_error is not None)

    @property
    def unsaved_warning(self) -> str | None:
        """"412 of 500 not saved to history: database is locked", or None when none was lost."""
        return unsaved_summary(self.results)


class AdaptiveLimit:
    """A concurrency limit that a 429 can halve, plus the pause gate all workers wait at."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_flight = 0
        self.paused = False
        self.pauses = 0
        self._changed = asyncio.Condition()

    async def acquire(self) -> int:
        """Wait for the gate to be open and a free slot; returns the pause epoch at start."""
        async with self._changed:
            await self._changed.wait_for(lambda: not self.paused and self.in_flight < self.limit)
            self.in_flight += 1
            return self.pauses

    async def release(self) -> None:
        """Give a slot back."""
        async with self._changed:
            self.in_flight -= 1
            self._changed.notify_all()

    async def back_off(self, epoch: int, delay: float, sleep: Sleep) -> None:
        """React to a 429 of a lookup started in `epoch` (see the module docstring)."""
        if epoch != self.pauses:
            return  # a pause began after that lookup started: this 429 is already handled
        self.pauses += 1
        self.paused = True
        self.limit = max(1, self.limit // 2)
        try:
            await sleep(delay)
        finally:
            async with self._changed:
                self.paused = False
                self._changed.notify_all()


@dataclass
class _BatchRun:
    client: LookupClient
    limit: AdaptiveLimit
    backoff: RateLimitBackoff
    sleep: Sleep
    clock: Callable[[], float]
    writer: HistoryWriter | None = None
    on_result: Callable[[BatchResult], None] | None = None

    async def fetch(self, generation_id: str) -> BatchResult:
        started = self.clock()
        tries = 0
        while True:
            tries += 1
            lookup, error, epoch = await self._try_once(generation_id)
            limited = _rate_limit_of(lookup, error)
            if limited is None or tries >= self.backoff.max_tries:
                break
            delay = self.backoff.delay_for(limited, tries)
            if delay is None:
                break
            await self.limit.back_off(epoch, delay, self.sleep)
        result = BatchResult(id=generation_id, ok=lookup is not None, lookup=lookup,
                             error=error, tries=tries)
        if lookup is not None and self.writer is not None:
            await self.writer.put(result, started)  # reported once saved, or flagged
        else:
            self.report(result, started)
        return result

    def report(self, result: BatchResult, started: float) -> None:
        """`result` has ended (and its row is committed, or flagged): tell the caller."""
        result.elapsed = self.clock() - started
        if self.on_result is not None:
            self.on_result(result)

    async def _try_once(self, generation_id: str) -> tuple[Lookup | None, ApiError | None, int]:
        epoch = await self.limit.acquire()
        try:
            return await self.client.lookup(generation_id), None, epoch
        except ApiError as error:
            return None, error, epoch
        except Exception as error:  # one odd answer ends its own ID, never the batch
            redact = getattr(self.client, "redact", str)  # the text may quote what the server sent
            return None, UnexpectedError(f"{type(error).__name__}: {redact(str(error))}"), epoch
        finally:
            await self.limit.release()


def _rate_limit_of(lookup: Lookup | None, error: ApiError | None) -> RateLimitedError | None:
    if isinstance(error, RateLimitedError):
        return error
    if lookup is not None and isinstance(lookup.content_error, RateLimitedError):
        return lookup.content_error
    return None


def unique_ids(ids: Iterable[str]) -> list[str]:
    """IDs in first-seen order, each once (compared after `normalize_id`; invalid kept as is)."""
    seen: dict[str, None] = {}
    for raw in ids:
        try:
            key = normalize_id(raw)
        except InvalidIdError:
            key = raw
        seen.setdefault(key, None)
    return list(seen)


async def run_batch(
    client: LookupClient,
    ids: list[str],
    *,
    concurrency: int = 8,
    on_result: Callable[[BatchResult], None] | None = None,
    store: Any = None,
    sleep: Sleep = asyncio.sleep,
    rate_limit: RateLimitBackoff = RateLimitBackoff(),
    clock: Callable[[], float] = time.perf_counter,
) -> BatchReport:
    """Look up every distinct ID, at most `concurrency` at a time; see the module docstring.

    `on_result` is called once per distinct ID as it finishes. With a `store` (unless it is
    off on purpose: `enabled` False and no `warning`), successes are saved in groups, one
    transaction each, in a worker thread (`batch_history.HistoryWriter`), and `on_result` is
    called for a success only once its row is committed or flagged with `save_error`.
    Cancelling the calling task cancels every in-flight lookup before this returns (a save
    already running in its thread finishes there). An exception from `on_result` cancels the
    rest of the batch and propagates; any other exception of a lookup ends that ID only (an
    `UnexpectedError`).
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    started = clock()
    distinct = unique_ids(ids)
    limit = AdaptiveLimit(concurrency)
    workers = min(concurrency, len(distinct))
    run = _BatchRun(client=client, limit=limit, backoff=rate_limit, sleep=sleep, clock=clock,
                    on_result=on_result)
    if workers and not history_off(store):
        run.writer = HistoryWriter(store, run.report)
    writer = run.writer
    results: list[BatchResult | None] = [None] * len(distinct)
    pending = iter(enumerate(distinct))
    running = workers

    async def worker() -> None:
        nonlocal running
        for index, generation_id in pending:  # shared iterator: each ID is taken once
            results[index] = await run.fetch(generation_id)
        running -= 1
        if running == 0 and writer is not None:
            await writer.close()  # the last worker is done: save what is left, then stop

    try:
        async with asyncio.TaskGroup() as group:
            if writer is not None:
                group.create_task(writer.run())
            for _ in range(workers):
                group.create_task(worker())
    except BaseExceptionGroup as failure:
        # A bug (not an ApiError) or a raising on_result stopped the batch: surface the first
        # error plainly rather than as a group (the others are usually the same one repeated).
        raise failure.exceptions[0] from None
    return BatchReport(
        results=[r for r in results if r is not None],
        elapsed=clock() - started,
        concurrency=concurrency,
        final_concurrency=limit.limit,
        rate_limit_pauses=limit.pauses,
    )
