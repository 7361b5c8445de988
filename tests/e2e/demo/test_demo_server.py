"""The demo API over real TCP with uvicorn: round trip, dropped connection, hang, clean stop."""

from __future__ import annotations

import time

import httpx
import pytest

from explorer.demo.data import DEMO_CASES
from explorer.demo.server import start_demo_server

HEADERS = {"Authorization": "Bearer demo-key"}


async def test_round_trip_over_tcp(spec):
    server = await start_demo_server("127.0.0.1", latency_ms=1)
    try:
        assert server.port > 0 and server.base_url == f"http://127.0.0.1:{server.port}/api/v1"
        async with httpx.AsyncClient(base_url=server.base_url, headers=HEADERS) as client:
            meta = await client.get("/generation", params={"id": DEMO_CASES["provider-storm"]})
            content = await client.get("/generation/content", params={"id": DEMO_CASES["large-content"]})
    finally:
        await server.stop()
    assert meta.status_code == 200 and meta.headers["content-type"] == "application/json"
    spec.validate("GenerationResponse", meta.json())
    assert content.status_code == 200 and len(content.json()["data"]["input"]["messages"]) >= 3000
    assert server.task.done()
    await server.stop()  # idempotent


@pytest.mark.parametrize("endpoint", ["/generation", "/generation/content"])
async def test_fault_reset_is_a_transport_error_over_tcp(endpoint):
    async with await start_demo_server() as server:
        async with httpx.AsyncClient(base_url=server.base_url, headers=HEADERS) as client:
            with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
                await client.get(endpoint, params={"id": "fault-reset"})
            # the server survives and keeps answering
            assert (await client.get("/generation", params={"id": "fault-404"})).status_code == 404


async def test_fault_hang_times_out_a_client_and_stop_does_not_wait_for_it():
    server = await start_demo_server()  # default hang_seconds=30
    async with httpx.AsyncClient(base_url=server.base_url, headers=HEADERS, timeout=0.3) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/generation", params={"id": "fault-hang"})
    started = time.monotonic()
    await server.stop()
    assert time.monotonic() - started < 5


async def test_busy_port_raises_oserror():
    async with await start_demo_server() as server:
        with pytest.raises(OSError):
            await start_demo_server("127.0.0.1", server.port)
