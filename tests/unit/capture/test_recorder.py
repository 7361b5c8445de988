"""`CaptureRecorder`: record each new ID, look it up once its stats are ready (retrying the
pending 404 on a fake clock), save it, mark it loaded or failed; keys never kept."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from explorer.api.client import GenerationsClient
from explorer.api.errors import ServerError
from explorer.capture.recorder import CAPTURED, FAILED, LOADED, CaptureRecorder, KeyedClients, shared_client
from explorer.demo.app import create_demo_app
from explorer.demo.data import DEMO_CASES, UNKNOWN_ID_EXAMPLE
from explorer.settings import DEMO_API_KEY, DEMO_BASE_URL
from explorer.store import HistoryStore
from explorer.store.captures import CaptureLog
from tests.support.clock import NOW, FakeClock

PENDING_SECONDS = 3.0


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def log(tmp_path) -> CaptureLog:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    yield CaptureLog(store)
    store.close()


def demo_client(clock: FakeClock, key: str | None = DEMO_API_KEY) -> GenerationsClient:
    app = create_demo_app(pending_seconds=PENDING_SECONDS, clock=clock.time)
    return GenerationsClient(DEMO_BASE_URL, key, transport=httpx.ASGITransport(app=app), clock=clock.time)


async def test_a_young_id_is_retried_until_ready_then_saved_and_marked_loaded(clock, log):
    events = []
    young = f"gen-{int(NOW)}-justfinished"
    async with demo_client(clock) as client:
        recorder = CaptureRecorder(shared_client(client), log=log, on_event=events.append, sleep=clock.sleep)
        assert recorder.capture([young, UNKNOWN_ID_EXAMPLE, young], "follow:app.log") == [young, UNKNOWN_ID_EXAMPLE]
        assert recorder.capture([young], "follow:app.log") == []  # seen already
        await recorder.drain()
    kinds = {(event.kind, event.id) for event in events}
    assert kinds == {(CAPTURED, young), (CAPTURED, UNKNOWN_ID_EXAMPLE), (LOADED, young),
                     (FAILED, UNKNOWN_ID_EXAMPLE)}
    assert clock.now >= NOW + PENDING_SECONDS  # it waited for the stats, on the fake clock only
    rows = {row.id: row for row in log.list_captures()}
    assert rows[young].state == "loaded" and rows[young].model is not None
    assert rows[UNKNOWN_ID_EXAMPLE].state == "failed" and "Not found (404)" in rows[UNKNOWN_ID_EXAMPLE].reason
    assert log.store.get(young).content is not None


async def test_the_lookup_waits_for_the_end_of_the_answer(clock, log):
    events, heard = [], asyncio.Event()
    relayed = asyncio.get_running_loop().create_future()

    def hear(event) -> None:
        events.append(event)
        heard.set()

    async with demo_client(clock) as client:
        recorder = CaptureRecorder(shared_client(client), log=log, on_event=hear, sleep=clock.sleep)
        recorder.capture([DEMO_CASES["byok"]], "proxy", ready=relayed)
        await asyncio.wait_for(heard.wait(), 5)  # recorded, now waiting for the stream to end
        await asyncio.sleep(0)
        assert [e.kind for e in events] == [CAPTURED] and recorder.in_flight == 1
        relayed.set_result(None)
        await recorder.drain()
    assert [e.kind for e in events] == [CAPTURED, LOADED]


class EchoingClient:
    """A client whose lookups fail with a message that repeats the key."""

    pending_window = 60.0

    def __init__(self, key: str | None) -> None:
        self.key = key
        self.closed = False

    async def lookup(self, generation_id: str):
        raise ServerError(f"upstream said: bad key {self.key}", status=500)

    async def aclose(self) -> None:
        self.closed = True


async def test_each_key_gets_its_client_only_while_its_lookups_run_and_never_reaches_a_reason(log):
    made: list[EchoingClient] = []

    def make(key):
        made.append(EchoingClient(key))
        return made[-1]

    clients = KeyedClients(make)
    events = []
    recorder = CaptureRecorder(clients.client, log=log, on_event=events.append)
    recorder.capture(["gen-1-a", "gen-1-b"], "proxy", key="sk-secret-key-1234567")
    recorder.capture(["gen-1-c"], "proxy", key="sk-other-key-7654321")
    await recorder.drain()
    assert {client.key for client in made} == {"sk-other-key-7654321", "sk-secret-key-1234567"}
    assert all(client.closed for client in made) and clients.open_count == 0
    reasons = [event.reason for event in events if event.kind == FAILED]
    assert len(reasons) == 3 and all("***" in r and "sk-" not in r for r in reasons)
    assert all("sk-" not in (row.reason or "") for row in log.list_captures())


async def test_without_a_history_the_lookups_still_run_and_report(clock):
    events = []
    async with demo_client(clock) as client:
        recorder = CaptureRecorder(shared_client(client), on_event=events.append, sleep=clock.sleep)
        recorder.capture([DEMO_CASES["fallback-chain"]], "proxy")
        await recorder.drain()
    loaded = [event for event in events if event.kind == LOADED]
    assert len(loaded) == 1 and len(loaded[0].lookup.generation.attempts) == 3


async def test_closing_cancels_lookups_still_waiting(clock, log):
    never = asyncio.get_running_loop().create_future()
    async with demo_client(clock) as client:
        recorder = CaptureRecorder(shared_client(client), log=log)
        recorder.capture(["gen-1-a"], "proxy", ready=never)
        await recorder.aclose()
    assert recorder.in_flight == 0


async def test_a_pending_wait_gives_its_slot_to_the_next_lookup(clock, log):
    waits: list[float] = []
    gate, both_waiting = asyncio.Event(), asyncio.Event()

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            both_waiting.set()
        await gate.wait()
        clock.now += PENDING_SECONDS

    young = [f"gen-{int(NOW)}-first", f"gen-{int(NOW)}-second"]
    async with demo_client(clock) as client:
        recorder = CaptureRecorder(shared_client(client), log=log, concurrency=1, sleep=sleep)
        recorder.capture(young, "proxy")
        await asyncio.wait_for(both_waiting.wait(), 5)  # one slot, given up while waiting
        gate.set()
        await recorder.drain()
    assert {row.id: row.state for row in log.list_captures()} == dict.fromkeys(young, "loaded")


class RefusingStore(HistoryStore):
    """A history whose saves fail (a full disk, say), all else working."""

    def save(self, generation, content, fetched_at=None):
        return "Could not save to history (database or disk is full)"


async def test_a_lookup_the_history_would_not_save_is_a_failed_capture(clock, tmp_path):
    events = []
    store = RefusingStore.open(tmp_path / "history.sqlite3")
    log = CaptureLog(store)
    async with demo_client(clock) as client:
        recorder = CaptureRecorder(shared_client(client), log=log, on_event=events.append)
        recorder.capture([DEMO_CASES["byok"]], "proxy")
        await recorder.drain()
    [row] = log.list_captures()
    assert row.state == "failed" and row.reason.startswith("not saved to history: Could not save")
    assert [e.kind for e in events] == [CAPTURED, FAILED]
    store.close()


class HeldClient:
    """A client whose lookups wait until the test lets them fail."""

    pending_window = 60.0

    def __init__(self) -> None:
        self.go = asyncio.Event()
        self.started = 0

    async def lookup(self, generation_id: str):
        self.started += 1
        await self.go.wait()
        raise ServerError("done", status=500)


async def test_room_waits_while_the_backlog_of_due_lookups_is_full():
    client = HeldClient()
    recorder = CaptureRecorder(shared_client(client), backlog=2)
    never_ends = asyncio.get_running_loop().create_future()
    recorder.capture(["gen-1-streaming"], "proxy", ready=never_ends)  # not due: its answer runs on
    recorder.capture(["gen-1-a"], "proxy")
    await asyncio.wait_for(recorder.room(), 1)  # one due, room for another
    recorder.capture(["gen-1-b"], "proxy")
    room = asyncio.ensure_future(recorder.room())
    for _ in range(10):
        await asyncio.sleep(0)
    assert client.started == 2 and not room.done()  # two due: the feeder waits
    client.go.set()
    await asyncio.wait_for(room, 1)
    await recorder.aclose()
