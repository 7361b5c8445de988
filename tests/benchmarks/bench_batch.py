"""Benchmark: `run_batch` against a sequential loop of single lookups (a script, not a test).

Starts the demo API under uvicorn on 127.0.0.1 with 20 ms of server latency per request, and
looks up 1,000 distinct IDs (young `gen-<t>-…` IDs, which the demo synthesises on the fly).

- The sequential loop is measured on a sample (100 IDs by default) and scaled to the full
  count, to keep the run short; both the measured and the scaled figures are printed.
- `run_batch` is measured on all IDs at the default concurrency (8), then at higher levels to
  show which concurrency reaches a 10x speedup.

By default the server runs in a child process (`python -m explorer.demo.server`), so the
client's timings do not share an event loop or the GIL with the server; `--in-process` runs it
with `start_demo_server` in this event loop instead. The script stops by itself (the whole run
has a time limit) and always stops the server it started.

Each line also shows the CPU time per lookup of this process and of the server: the client's
event loop is one thread, so 1 / (client CPU per lookup) bounds what any concurrency can reach.
A `gather` + `Semaphore` line is a control for run_batch's own overhead.

    .venv/bin/python tests/benchmarks/bench_batch.py [--ids 1000] [--sample 100]
        [--levels 8,16,32,64] [--in-process] [--default-pool] [--skip-sniffio-probe]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import httpx

from explorer.api.client import GenerationsClient, RetryPolicy
from explorer.batch import run_batch

LATENCY_MS = 20.0
API_KEY = "demo-key"
TIME_LIMIT_SECONDS = 600.0


def bench_ids(count: int) -> list[str]:
    """Distinct IDs the demo answers with a synthesised generation (a minute old)."""
    created = int(time.time()) - 60
    return [f"gen-{created}-bench{n:015d}" for n in range(count)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _wait_until_listening(base_url: str, process: subprocess.Popen,
                                timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"demo server exited with {process.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                await http.get(base_url.rsplit("/api/v1", 1)[0] + "/")
                return
            await asyncio.sleep(0.1)
    raise RuntimeError("demo server did not start listening in time")


@contextlib.asynccontextmanager
async def demo_server(in_process: bool) -> AsyncIterator[tuple[str, int | None]]:
    """The demo API with 20 ms latency per request; yields its base URL and process ID."""
    if in_process:
        from explorer.demo.server import start_demo_server

        server = await start_demo_server("127.0.0.1", 0, latency_ms=LATENCY_MS)
        try:
            yield server.base_url, None
        finally:
            await server.stop()
        return
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "explorer.demo.server", "--host", "127.0.0.1", "--port", str(port),
         "--latency-ms", str(LATENCY_MS)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}/api/v1"
    try:
        await _wait_until_listening(base_url, process)
        yield base_url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Measurement:
    """Wall time and CPU time (this process, and the server process when separate)."""

    label: str
    lookups: int
    wall: float
    client_cpu: float
    server_cpu: float | None
    ok: int

    def line(self, sequential_per_lookup: float) -> str:
        speedup = sequential_per_lookup * self.lookups / self.wall
        server = "n/a (same process)" if self.server_cpu is None else (
            f"{self.server_cpu / self.lookups * 1000:.2f} ms")
        return (f"{self.label:<28} {self.wall:6.2f} s for {self.lookups:>5,} ({self.ok:,} ok), "
                f"{self.lookups / self.wall:6.1f} lookups/s, speedup {speedup:5.1f}x; CPU per "
                f"lookup: client {self.client_cpu / self.lookups * 1000:.2f} ms, server {server}")


def process_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of another process (Linux /proc), None when unknown."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(label: str, ids: list[str], server_pid: int | None,
                  run: Callable[[list[str]], Awaitable[int]]) -> Measurement:
    """Run `run(ids)` (returning how many succeeded) and time it."""
    server_before = process_cpu_seconds(server_pid)
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    ok = await run(ids)
    wall, cpu = time.perf_counter() - wall_before, time.process_time() - cpu_before
    server_after = process_cpu_seconds(server_pid)
    server = None if server_before is None or server_after is None else server_after - server_before
    return Measurement(label, len(ids), wall, cpu, server, ok)


def sequential(client: GenerationsClient) -> Callable[[list[str]], Awaitable[int]]:
    """One lookup after another."""
    async def run(ids: list[str]) -> int:
        for generation_id in ids:
            await client.lookup(generation_id)
        return len(ids)
    return run


def batch(client: GenerationsClient, concurrency: int) -> Callable[[list[str]], Awaitable[int]]:
    """`run_batch` at this concurrency."""
    async def run(ids: list[str]) -> int:
        return (await run_batch(client, ids, concurrency=concurrency)).ok
    return run


def bare_gather(client: GenerationsClient,
                concurrency: int) -> Callable[[list[str]], Awaitable[int]]:
    """The least a batch can do (gather under a semaphore): a control for run_batch's overhead."""
    async def run(ids: list[str]) -> int:
        gate = asyncio.Semaphore(concurrency)

        async def one(generation_id: str) -> None:
            async with gate:
                await client.lookup(generation_id)
        await asyncio.gather(*(one(generation_id) for generation_id in ids))
        return len(ids)
    return run


def pooled_transport(levels: list[int], default_pool: bool) -> httpx.AsyncHTTPTransport | None:
    """A transport keeping a connection alive per request in flight (2 per lookup).

    httpx keeps only 20 idle connections by default: above 10 lookups in flight, connections
    are closed and reopened all the time.
    """
    if default_pool:
        return None
    most = 2 * max(levels)
    return httpx.AsyncHTTPTransport(
        limits=httpx.Limits(max_connections=most, max_keepalive_connections=most)
    )


def machine() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load average {load}"


async def benchmark(count: int, sample: int, levels: list[int], in_process: bool,
                    default_pool: bool) -> None:
    ids = bench_ids(count)
    where = "in this event loop" if in_process else "in a child process"
    pool = "httpx default pool (20 keep-alive)" if default_pool else (
        f"{2 * max(levels)} keep-alive connections")
    print(f"demo API under uvicorn on 127.0.0.1 ({where}), {LATENCY_MS:g} ms per request; "
          f"{count:,} IDs; a lookup = 2 concurrent requests; client: {pool}; {machine()}")
    async with demo_server(in_process) as (base_url, server_pid):
        transport = pooled_transport(levels, default_pool)
        async with GenerationsClient(base_url, API_KEY, retry=RetryPolicy(attempts=1),
                                     transport=transport) as client:
            await sequential(client)(ids[-5:])  # warm up connections and imports
            alone = await measure("sequential (sample)", ids[:sample], server_pid,
                                  sequential(client))
            per_lookup = alone.wall / alone.lookups
            print(f"{alone.line(per_lookup)}\n  -> {per_lookup * 1000:.1f} ms per lookup, "
                  f"scaled to {count:,} IDs: {per_lookup * count:.2f} s")
            results = []
            for concurrency in levels:
                result = await measure(f"run_batch concurrency={concurrency}", ids, server_pid,
                                       batch(client, concurrency))
                results.append((concurrency, result))
                print(result.line(per_lookup))
            control = await measure(f"gather+Semaphore({levels[0]}) control", ids, server_pid,
                                    bare_gather(client, levels[0]))
            print(control.line(per_lookup))
    summarize(results, per_lookup)
    print(f"after: {machine()}")


def summarize(results: list[tuple[int, Measurement]], per_lookup: float) -> None:
    """Which concurrency reached 10x, and what the client's CPU allows at most."""
    reached = [c for c, m in results if per_lookup * m.lookups / m.wall >= 10]
    if reached:
        print(f"lowest tested concurrency with >= 10x speedup: {reached[0]}")
    else:
        print("no tested concurrency reached a 10x speedup")
    cpu = min(m.client_cpu / m.lookups for _, m in results)
    print(f"ceiling: the client's event loop is one thread at {cpu * 1000:.2f} ms CPU per lookup, "
          f"so at most {1 / cpu:.0f} lookups/s = {per_lookup / cpu:.1f}x over sequential here")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--levels", default="8,16,32,64")
    parser.add_argument("--in-process", action="store_true",
                        help="run the server in this event loop instead of a child process")
    parser.add_argument("--default-pool", action="store_true",
                        help="use httpx's default connection pool (20 keep-alive connections)")
    parser.add_argument("--skip-sniffio-probe", action="store_true",
                        help="when sniffio is not installed, httpcore retries `import sniffio` "
                             "(a filesystem search) on every request; this makes that import "
                             "fail at once, as an installed sniffio would succeed at once")
    args = parser.parse_args(argv)
    if args.skip_sniffio_probe and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]  # `import sniffio` fails fast
    levels = [int(level) for level in args.levels.split(",")]
    run = benchmark(args.ids, min(args.sample, args.ids), levels, args.in_process,
                    args.default_pool)
    asyncio.run(asyncio.wait_for(run, TIME_LIMIT_SECONDS))


if __name__ == "__main__":
    main()
