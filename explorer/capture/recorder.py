"""The capture pipeline shared by the proxy and the log follower: record each new generation ID
as captured-pending, look it up once its stats are ready (metadata and content, retrying the
pending 404 as `show` does), save it in the history and mark the capture loaded or failed.

A key used for a lookup lives only in memory, for that lookup: in the task that runs it and in
`KeyedClients` while a lookup with it is in flight. It is never written anywhere, and a failure
reason that echoes it has it replaced by ``***``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from explorer.api.errors import ApiError
from explorer.api.pending import PendingWindowOver, lookup_when_ready

if TYPE_CHECKING:
    from explorer.api.client import GenerationsClient, Lookup
    from explorer.store.captures import CaptureLog

CAPTURED, LOADED, FAILED = "captured", "loaded", "failed"
DEFAULT_CONCURRENCY = 16
"""Lookups in flight at once (each is two GETs): a burst of captures queues, it does not flood."""
CAPTURE_RETRY_SECONDS = (1, 1, 1, 2, 3)
"""Seconds between tries of a pending capture: `show`'s pacing, a little brisker at first (a
captured generation has only just finished; its stats often appear within a few seconds)."""
DEFAULT_BACKLOG = 256
"""Lookups due at once before `CaptureRecorder.room()` makes its feeder wait."""
SEEN_LIMIT = 2_048
"""IDs remembered to skip repeats at once (a log repeats an ID on nearby lines); the oldest are
forgotten (the history's captures table still knows them: an old ID is not looked up twice).
Memory, not speed, sets it: a proxy running for days holds this many, ~180 bytes each."""


@dataclass(frozen=True)
class CaptureEvent:
    """Something happened to a captured generation: `kind` is captured, loaded or failed.

    `lookup` is the answer (loaded); `reason` says why it failed (one line, no key).
    """

    kind: str
    id: str
    source: str
    lookup: Lookup | None = None
    reason: str = ""


ClientSource = Callable[[str | None], contextlib.AbstractAsyncContextManager["GenerationsClient"]]
"""Given the key of a capture (None: the configured one), a context giving a client to look up with."""


class SharedTransport(httpx.AsyncBaseTransport):
    """One connection pool under many short-lived clients: closing a client leaves it open (its
    owner calls `close`). Making a network transport reads the CA bundle (tens of milliseconds
    of a blocked event loop), so the proxy makes one, not one per lookup."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        pass  # a client closing: the pool stays for the others

    async def close(self) -> None:
        """Close the pool itself (when no client uses it any more)."""
        await self._inner.aclose()


class KeyedClients:
    """One `GenerationsClient` per API key, kept only while lookups with that key are in flight
    (they then share its connections), closed and forgotten when the last one ends."""

    def __init__(self, make: Callable[[str | None], GenerationsClient]) -> None:
        self._make = make
        self._open: dict[str | None, list[Any]] = {}  # key -> [client, lookups using it]

    @contextlib.asynccontextmanager
    async def client(self, key: str | None) -> AsyncIterator[GenerationsClient]:
        """The client for `key`, made on first need."""
        entry = self._open.get(key)
        if entry is None:
            entry = self._open[key] = [self._make(key), 0]
        entry[1] += 1
        try:
            yield entry[0]
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del self._open[key]
                await entry[0].aclose()

    @property
    def open_count(self) -> int:
        """Clients open now (tests: none once the lookups are done)."""
        return len(self._open)


def shared_client(client: GenerationsClient) -> ClientSource:
    """A `ClientSource` that always gives `client` (the follower: the configured key)."""

    @contextlib.asynccontextmanager
    async def give(_key: str | None) -> AsyncIterator[GenerationsClient]:
        yield client

    return give


class CaptureRecorder:
    """Records captured IDs and looks each one up in the background (`concurrency` at a time).

    `log` is the history's `CaptureLog` (None: no history; the lookups still run and report).
    `on_event` hears every capture, load and failure. `sleep` and `delays` pace the pending
    retries (tests inject fakes). `backlog` bounds the lookups due (their answer has ended) that
    `room()` lets a feeder add before waiting: a feeder that can wait keeps memory flat.
    """

    def __init__(
        self,
        clients: ClientSource,
        *,
        log: CaptureLog | None = None,
        on_event: Callable[[CaptureEvent], None] | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        delays: Sequence[float] = CAPTURE_RETRY_SECONDS,
        backlog: int = DEFAULT_BACKLOG,
    ) -> None:
        self._clients = clients
        self.log = log
        self._on_event = on_event
        self._slots = asyncio.Semaphore(concurrency)
        self._sleep = sleep
        self._delays = delays
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._backlog = backlog
        self._due = 0  # lookups whose answer has ended, not finished yet
        self._room = asyncio.Event()
        self._room.set()

    def capture(self, ids: Iterable[str], source: str, *, key: str | None = None,
                ready: Awaitable[object] | None = None) -> list[str]:
        """Capture `ids` seen by `source`; return the ones not seen before (each gets a task that
        records it, waits for `ready` — the end of the answer that carried it — then looks it up
        with `key`). Never blocks: the history is written in a thread."""
        fresh = [i for i in dict.fromkeys(ids) if i not in self._seen]
        for gen_id in fresh:
            self._seen[gen_id] = None
        while len(self._seen) > SEEN_LIMIT:
            self._seen.popitem(last=False)
        if fresh:
            waiter = asyncio.ensure_future(ready) if ready is not None else None
            task = asyncio.create_task(self._run(fresh, source, key, waiter), name="capture-lookup")
            self._tasks.add(task)
            self._idle.clear()
            task.add_done_callback(self._forget)
        return fresh

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self._idle.set()

    @property
    def in_flight(self) -> int:
        """Captures whose lookup has not ended yet."""
        return len(self._tasks)

    async def room(self) -> None:
        """Wait until fewer than `backlog` lookups are due (captures still waiting for the end of
        their answer do not count: their end may be the next thing the feeder reads)."""
        await self._room.wait()

    def _count_due(self, change: int) -> None:
        self._due += change
        if self._due >= self._backlog:
            self._room.clear()
        else:
            self._room.set()

    async def drain(self) -> None:
        """Wait until every capture so far has been looked up (or has failed)."""
        await self._idle.wait()

    async def aclose(self) -> None:
        """Cancel the lookups still running (their captures stay pending in the history)."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self, ids: list[str], source: str, key: str | None,
                   ready: asyncio.Future[object] | None) -> None:
        try:
            if self.log is not None:
                ids = await asyncio.to_thread(self.log.record_captured, ids, source)
            for gen_id in ids:
                self._emit(CaptureEvent(CAPTURED, gen_id, source))
            if ready is not None:
                with contextlib.suppress(Exception):
                    await ready
            self._count_due(len(ids))
            try:
                await asyncio.gather(*(self._look_up(gen_id, source, key) for gen_id in ids))
            finally:
                self._count_due(-len(ids))
        finally:
            if ready is not None and not ready.done():
                ready.cancel()

    async def _sleep_without_slot(self, seconds: float) -> None:
        """A pending wait gives its slot to another lookup meanwhile."""
        self._slots.release()
        try:
            await self._sleep(seconds)
        finally:
            await self._slots.acquire()

    async def _look_up(self, gen_id: str, source: str, key: str | None) -> None:
        async with self._slots:
            try:
                async with self._clients(key) as client:
                    lookup = await lookup_when_ready(client, gen_id, sleep=self._sleep_without_slot,
                                                     delays=self._delays)
            except PendingWindowOver as over:
                reason = f"{over.error.one_line()} — stats not ready within the {over.window:g} s pending window"
            except ApiError as error:
                reason = error.one_line()
            except Exception as error:  # a capture must never take the proxy or the follower down
                reason = f"{type(error).__name__}: {error}"
            else:
                reason = await self._save(gen_id, lookup)
                if reason is None:
                    self._emit(CaptureEvent(LOADED, gen_id, source, lookup=lookup))
                    return
        reason = reason.replace(key, "***") if key else reason
        if self.log is not None:
            await asyncio.to_thread(self.log.mark_failed, gen_id, reason)
        self._emit(CaptureEvent(FAILED, gen_id, source, reason=reason))

    async def _save(self, gen_id: str, lookup: Lookup) -> str | None:
        """Save the lookup and mark its capture loaded; returns why not, if the history refused."""
        log = self.log
        if log is None:
            return None

        def save() -> str | None:
            if warning := log.store.save(lookup.raw_generation, lookup.raw_content, lookup.fetched_at):
                return f"not saved to history: {warning}"
            log.mark_loaded(gen_id)
            return None

        return await asyncio.to_thread(save)

    def _emit(self, event: CaptureEvent) -> None:
        if self._on_event is not None:
            self._on_event(event)
