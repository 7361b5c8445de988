"""batch_speedup: 1,000 IDs over loopback with 20 ms server latency per request, the app's
batch engine (`run_batch`, as the app and CLI run it) against a sequential loop of single
lookups through the same client.

The demo API runs under uvicorn in a child process on 127.0.0.1. The sequential loop is
measured on a sample and scaled to 1,000 (it is about 25 s otherwise); both figures print.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time

import httpx

from explorer.api.client import NO_RETRY, GenerationsClient
from explorer.api.batch import run_batch

LATENCY_MS = 20
BATCH_CONCURRENCY = 32


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ids(count: int) -> list[str]:
    created = int(time.time()) - 3600  # old enough to be served, synthesised by the demo
    return [f"gen-{created}-bench{n:015d}" for n in range(count)]


def _start_server(port: int) -> subprocess.Popen:
    code = ("from explorer.demo.server import serve_demo; "
            f"serve_demo(host='127.0.0.1', port={port}, latency_ms={LATENCY_MS})")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until it listens
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
            return child
        except httpx.HTTPError:
            time.sleep(0.05)
    child.kill()
    raise RuntimeError("the demo server did not start")


async def _measure(base_url: str, count: int, sample: int) -> dict[str, float]:
    ids = _ids(count + sample + 10)
    async with GenerationsClient(base_url, "demo-key", retry=NO_RETRY) as client:
        for generation_id in ids[-10:]:  # warm the connections
            await client.lookup(generation_id)
        started = time.perf_counter()
        for generation_id in ids[count:count + sample]:
            await client.lookup(generation_id)
        sequential_per_lookup = (time.perf_counter() - started) / sample
        started = time.perf_counter()
        report = await run_batch(client, ids[:count], concurrency=BATCH_CONCURRENCY)
        batch_seconds = time.perf_counter() - started
    if report.failed:
        raise RuntimeError(f"{report.failed} lookups failed in the batch")
    sequential_seconds = sequential_per_lookup * count
    return {"batch_seconds": batch_seconds, "sequential_seconds_scaled": sequential_seconds,
            "batch_concurrency": BATCH_CONCURRENCY,
            "batch_speedup": sequential_seconds / batch_seconds}


def measure_batch(count: int = 1000, sample: int = 200) -> dict[str, float]:
    port = _free_port()
    server = _start_server(port)
    try:
        return asyncio.run(_measure(f"http://127.0.0.1:{port}/api/v1", count, sample))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    print(measure_batch())
