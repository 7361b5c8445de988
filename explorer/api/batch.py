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
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from explorer.api.client import Lookup, backoff_delay
from explorer.api.errors import ApiError, InvalidIdError, RateLimitedError
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
    429 pauses and retries included; `tries` counts its lookups.

    `save_error` is why the history store did not save a successful lookup (its returned
    warning, or the exception it raised), else None.
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
    store: Any = None
    on_result: Callable[[BatchResult], None] | None = None
    save_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

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
        if lookup is not None:
            result.save_error = await self._save(lookup)
        result.elapsed = self.clock() - started
        if self.on_result is not None:
            self.on_result(result)
        return result

    async def _try_once(self, generation_id: str) -> tuple[Lookup | None, ApiError | None, int]:
        epoch = await self.limit.acquire()
        try:
            return await self.client.lookup(generation_id), None, epoch
        except ApiError as error:
            return None, error, epoch
        finally:
            await self.limit.release()

    async def _save(self, lookup: Lookup) -> str | None:
        store = self.store
        if store is None or not getattr(store, "enabled", True):
            return None
        # One save at a time: SQLite writers serialise anyway, and this avoids lock errors.
        async with self.save_lock:
            try:
                warning = await asyncio.to_thread(
                    store.save, lookup.raw_generation, lookup.raw_content, lookup.fetched_at
                )
            except Exception as error:  # a full disk must not lose the lookup itself
                return f"{type(error).__name__}: {error}"
        return warning if isinstance(warning, str) and warning else None


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

    `on_result` is called once per distinct ID as it finishes (after it is saved). With a
    `store` whose `enabled` is not False, each success is saved with
    `store.save(raw_generation, raw_content, fetched_at)` in a worker thread, one at a time.
    Cancelling the calling task cancels every in-flight lookup before this returns (a save
    already running in its thread finishes there). An exception from `on_result`, or any
    exception that is not an `ApiError`, cancels the rest of the batch and propagates.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    started = clock()
    distinct = unique_ids(ids)
    limit = AdaptiveLimit(concurrency)
    run = _BatchRun(client=client, limit=limit, backoff=rate_limit, sleep=sleep, clock=clock,
                    store=store, on_result=on_result)
    results: list[BatchResult | None] = [None] * len(distinct)
    pending = iter(enumerate(distinct))

    async def worker() -> None:
        for index, generation_id in pending:  # shared iterator: each ID is taken once
            results[index] = await run.fetch(generation_id)

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(min(concurrency, len(distinct))):
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


def read_ids_file(path: str) -> list[str]:
    """IDs from a file, one per line (`-` reads stdin).

    Lines are trimmed; blank lines and lines starting with `#` are skipped; repeats are dropped
    keeping the first. A UTF-8 byte-order mark is ignored.
    """
    if path == "-":
        text = sys.stdin.read()
    else:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    ids: dict[str, None] = {}
    for line in text.lstrip("\ufeff").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            ids.setdefault(line, None)
    return list(ids)
