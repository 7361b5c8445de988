"""A capture rig on loopback: the demo gateway (or a test's own upstream) served by uvicorn in a
thread, the recording proxy and its capture pipeline in the test's event loop, a history in
`tmp_path`. Waits are on the pipeline's events (a condition), bounded, never sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from explorer.api.client import GenerationsClient, RetryPolicy
from explorer.api.transport import network_transport
from explorer.capture.proxy import RecordingProxy
from explorer.capture.recorder import CaptureEvent, CaptureRecorder, KeyedClients, SharedTransport
from explorer.demo.app import create_demo_app
from explorer.store import HistoryStore
from explorer.store.captures import CaptureLog
from tests.e2e.servers import BackgroundServer, serve

WAIT_SECONDS = 15.0
#: The request's key: it must reach the upstream and never the history.
CLIENT_KEY = "sk-e2e-capture-key-0123456789abcdef"


@pytest.fixture
def gateway_app():
    """The demo app whose gateway answers chat completions; stats ready at once."""
    return create_demo_app(pending_seconds=0)


@pytest.fixture
def gateway(gateway_app) -> Iterator[BackgroundServer]:
    with serve(gateway_app) as server:
        yield server


@dataclass
class ProxyRig:
    """The proxy in front of `upstream`, its recorder and the history it fills."""

    proxy: RecordingProxy
    recorder: CaptureRecorder
    log: CaptureLog
    clients: KeyedClients
    events: list[CaptureEvent] = field(default_factory=list)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    @property
    def base_url(self) -> str:
        return self.proxy.base_url

    async def until(self, condition: Callable[[], Any], timeout: float = WAIT_SECONDS) -> None:
        """Wait (bounded) until `condition()` holds, re-checked on every capture event."""
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(condition), timeout)

    async def ended(self, gen_id: str) -> CaptureEvent:
        """The loaded or failed event of `gen_id`, once its lookup ends."""
        def find():
            return next((e for e in self.events if e.id == gen_id and e.kind != "captured"), None)
        await self.until(find)
        return find()


@pytest.fixture
def rig_for(tmp_path) -> Iterator[Callable[[str], Any]]:
    """`async with rig_for(upstream_base_url) as rig:` a started proxy rig (its history stays
    open until the test ends)."""
    import contextlib

    stores: list[HistoryStore] = []

    @contextlib.asynccontextmanager
    async def start(upstream: str) -> AsyncIterator[ProxyRig]:
        store = HistoryStore.open(tmp_path / "history.sqlite3")
        stores.append(store)
        log = CaptureLog(store)
        transport = SharedTransport(network_transport())
        clients = KeyedClients(lambda key: GenerationsClient(upstream, key, transport=transport, timeout=5,
                                                             retry=RetryPolicy(attempts=1)))
        rig = ProxyRig(None, None, log, clients)  # type: ignore[arg-type]

        def heard(event: CaptureEvent) -> None:
            rig.events.append(event)
            asyncio.ensure_future(_notify(rig.changed))

        rig.recorder = CaptureRecorder(clients.client, log=log, on_event=heard)
        rig.proxy = RecordingProxy(upstream, lambda gen_id, key, relayed: rig.recorder.capture(
            [gen_id], "proxy", key=key, ready=relayed))
        await rig.proxy.start("127.0.0.1", 0)
        try:
            yield rig
        finally:
            await rig.proxy.stop()
            await rig.recorder.aclose()
            await transport.close()

    yield start
    for store in stores:
        store.close()


async def _notify(condition: asyncio.Condition) -> None:
    async with condition:
        condition.notify_all()


def stored_bytes(path) -> bytes:
    """Every byte of a history: the database and its WAL and shared-memory files."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))
