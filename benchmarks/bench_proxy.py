"""The recording proxy's cost, measured beside the direct baseline in one run.

The demo gateway (``python -m explorer.demo.server``, 10 ms between stream chunks, stats ready at
once) and the real ``modelgates-explorer proxy`` in front of it run as two processes on loopback;
this process is the client (aiohttp), alternating direct and proxied requests so both see the
same machine load. The proxy records and looks up every generation meanwhile, as in real use.

- proxy_overhead_ms: median added latency of a non-streamed chat completion (proxy - direct).
- proxy_first_chunk_ms: median added time to the first SSE chunk of a streamed one.
- proxy_streams: concurrent streams held: 200 at a time, every one complete (``data: [DONE]``),
  and over 10,000 of them (after 2,000 to warm up: caches, the lookup backlog's high-water mark)
  the RSS of the proxy and its lookup worker grew by at most 8 MB (else 0), every generation
  looked up. proxy_rss_growth_mb and proxy_stream_errors say how it went.

    python benchmarks/bench_proxy.py [--quick] [--verbose]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
CHUNK_MS = 10
STREAMS = 200
MEASURED_STREAMS = 10_000
WARM_STREAMS = 2_000
MAX_RSS_GROWTH_MB = 8
HEADERS = {"Authorization": "Bearer bench-key-0123456789", "Content-Type": "application/json"}


def _payload(n: int, stream: bool) -> dict:
    return {"model": "openai/gpt-4o-mini", "stream": stream,
            "messages": [{"role": "user", "content": f"Benchmark prompt number {n % 50}"}]}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its children (the proxy's lookup worker), in MB."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0.0
    for each in [pid, *map(int, children)]:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


async def _listening(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


async def _timed(session: aiohttp.ClientSession, url: str, payload: dict) -> tuple[float, float, bytes]:
    """(seconds to the first body bytes, seconds to the whole body, the body)."""
    start = time.perf_counter()
    async with session.post(url, json=payload, headers=HEADERS) as response:
        first = await response.content.readany()
        first_at = time.perf_counter()
        body = first + await response.read()
        response.raise_for_status()
    return first_at - start, time.perf_counter() - start, body


async def _paired(session: aiohttp.ClientSession, direct: str, proxied: str, runs: int,
                  stream: bool) -> tuple[float, float]:
    """Median milliseconds (direct, proxied), to the whole body or (stream) to the first chunk."""
    times: dict[str, list[float]] = {direct: [], proxied: []}
    for n in range(runs):
        for url in ((direct, proxied) if n % 2 else (proxied, direct)):
            first, whole, _ = await _timed(session, url, _payload(n, stream))
            times[url].append((first if stream else whole) * 1000)
    return statistics.median(times[direct]), statistics.median(times[proxied])


async def _stream_round(session: aiohttp.ClientSession, url: str, start: int) -> int:
    """`STREAMS` streams at once; returns how many did not end with ``data: [DONE]``."""

    async def one(n: int) -> bool:
        try:
            _, _, body = await _timed(session, url, _payload(n, True))
        except (aiohttp.ClientError, OSError):
            return False
        return body.endswith(b"data: [DONE]\n\n")

    results = await asyncio.gather(*(one(start + i) for i in range(STREAMS)))
    return results.count(False)


def _looked_up(history: Path) -> int:
    """Captures whose lookup has ended (loaded or failed), read from the proxy's history."""
    try:
        with sqlite3.connect(f"file:{history}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM captures WHERE state != 'pending'").fetchone()[0]
    except sqlite3.Error:
        return 0


async def _drained(history: Path, expected: int, timeout: float = 600.0) -> int:
    deadline = time.monotonic() + timeout
    while (done := _looked_up(history)) < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
    return done


async def _measure(quick: bool, verbose: bool) -> dict[str, float]:
    upstream_port, proxy_port = _free_port(), _free_port()
    data = Path(tempfile.mkdtemp(prefix="bench-proxy-"))
    env = {**os.environ, "MODELGATES_DEMO_PENDING_SECONDS": "0", "MODELGATES_EXPLORER_DATA_DIR": str(data),
           "MODELGATES_EXPLORER_CONFIG": str(data / "none.toml"), "PYTHONPATH": str(ROOT)}
    upstream = subprocess.Popen([sys.executable, "-m", "explorer.demo.server", "--port", str(upstream_port),
                                 "--stream-chunk-ms", str(CHUNK_MS)], env=env, stdout=subprocess.DEVNULL)
    direct = f"http://127.0.0.1:{upstream_port}/api/v1"
    proxy = subprocess.Popen([sys.executable, "-m", "explorer", "proxy", "--port", str(proxy_port),
                              "--upstream", direct], env=env, stdout=subprocess.DEVNULL)
    proxied = f"http://127.0.0.1:{proxy_port}/api/v1"
    results: dict[str, float] = {}
    try:
        await _listening(upstream_port, upstream)
        await _listening(proxy_port, proxy)
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            completions = (direct + "/chat/completions", proxied + "/chat/completions")
            await _paired(session, *completions, 50, stream=False)  # warm up both paths
            runs = 100 if quick else 400
            plain_direct, plain_proxied = await _paired(session, *completions, runs, stream=False)
            first_direct, first_proxied = await _paired(session, *completions, runs // 2, stream=True)
            results.update(proxy_overhead_ms=round(plain_proxied - plain_direct, 3),
                           proxy_direct_ms=round(plain_direct, 3),
                           proxy_first_chunk_ms=round(first_proxied - first_direct, 3),
                           proxy_direct_first_chunk_ms=round(first_direct, 3))
            measured, warm = (1_600, 400) if quick else (MEASURED_STREAMS, WARM_STREAMS)
            total = warm + measured
            requests_before = await _drained(data / "history.sqlite3", 50 + runs + runs // 2)
            errors, sent, warm_rss = 0, 0, 0.0
            while sent < total:
                errors += await _stream_round(session, completions[1], sent)
                sent += STREAMS
                if sent == warm:
                    await _drained(data / "history.sqlite3", requests_before + sent)
                    warm_rss = _rss_mb(proxy.pid)
                if verbose and sent % 1000 == 0:
                    print(f"{sent:>6} streams, {errors} errors, RSS {_rss_mb(proxy.pid):.1f} MB", file=sys.stderr)
            looked_up = await _drained(data / "history.sqlite3", requests_before + sent) - requests_before
            growth = _rss_mb(proxy.pid) - warm_rss
            clean = errors == 0 and growth <= MAX_RSS_GROWTH_MB and looked_up == sent
            results.update(proxy_streams=STREAMS if clean else 0, proxy_stream_errors=errors,
                           proxy_rss_growth_mb=round(growth, 1), proxy_streams_looked_up=looked_up,
                           proxy_streams_total=sent, proxy_streams_measured=measured)
    finally:
        for process in (proxy, upstream):
            process.terminate()
        for process in (proxy, upstream):
            process.wait(timeout=10)
    return results


def measure(quick: bool = False, verbose: bool = False) -> dict[str, float]:
    """Every proxy figure of one run (see the module docstring); `quick` shortens the stream phase,
    `verbose` reports its progress on stderr."""
    return asyncio.run(_measure(quick, verbose))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,600 streams instead of 10,000, fewer samples")
    parser.add_argument("--verbose", action="store_true", help="the stream phase's progress on stderr")
    options = parser.parse_args()
    results = measure(quick=options.quick, verbose=options.verbose)
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
