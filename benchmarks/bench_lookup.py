"""Lookups through the real app (Pilot, headless) as a user runs it: over loopback TCP to the demo
API (`serve-demo`'s uvicorn app, in a child process), through the network client, with the
history store on (a temporary one).

- lookup_ms_median: Enter → metadata and content painted, 50 runs over the ordinary demo IDs;
  baseline: `curl` fetching the same two answers.
- concurrent_ms (detail): the same, each answer delayed 200 ms by the server.
- huge_show_s / huge_max_stall_ms: a 14.5 MB generation (3,000 messages, a 200,000-line
  completion, 1 MB of reasoning; the demo API has none that big, so the benchmark's own API
  serves it over loopback, `wire_server.py --huge`): Enter → each of the four tabs (Messages,
  Completion, Reasoning, Raw JSON) shown in turn, each as soon as the one before is on screen;
  a 5 ms ticker on the app's event loop records the longest stall meanwhile. Baseline: `curl`
  fetching its two answers.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from loopback import child_server

from explorer.api.client import NO_RETRY, GenerationsClient
from explorer.demo.data import DEMO_CASES, load_demo_records
from explorer.services import Services
from explorer.store import HistoryStore
from explorer.ui.app import create_app
from textual.constants import MAX_FPS  # after explorer.ui, which sets the app's frame rate
from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.widgets.id_entry import IdEntry

SIZE = (120, 36)
KEY = "demo-key"
HUGE_ID = "gen-1795012327-HugeContentBenchmark0"


async def _until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never reached the expected state")
        await asyncio.sleep(0.0005)


async def _painted(app) -> None:
    """Until the next screen refresh has run (the frame showing the new state)."""
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.done() or done.set_result(None))
    await done


async def _type(pilot, generation_id: str) -> None:
    """What the user does before Enter: focus the entry, type the ID, see it typed. No hand
    presses Enter within one frame of seeing the ID: waiting one frame period keeps the frame
    of the typing from throttling the frame of the answer, which a user's lookup never sees."""
    entry = pilot.app.query_one(IdEntry)
    entry.focus()
    entry.value = generation_id
    await _painted(pilot.app)
    await asyncio.sleep(1 / MAX_FPS)


async def _enter(pilot) -> None:
    """What Enter does in the entry. (`pilot.press` also waits for the app to go idle, which
    the loading animation delays by a second: that would measure Pilot, not the app.)"""
    await pilot.app.query_one(IdEntry).action_submit()


def _shown(app, generation_id: str) -> bool:
    """The generation is on screen: its metadata, and its content in the active tab."""
    lookup = app.main_screen.lookup
    return lookup is not None and lookup.id == generation_id and (
        app.query_one(ContentViewer).showing_content)


def _app(base_url: str, store: HistoryStore):
    client = GenerationsClient(base_url, KEY, retry=NO_RETRY)  # the network client, as the TUI's
    return create_app(Services(client, store=store), animations=False)


async def _timed_lookups(base_url: str, ids: list[str], store: HistoryStore) -> list[float]:
    app = _app(base_url, store)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await app.main_screen.ensure_results()
        await app.workers.wait_for_complete()  # start-up done: client and store built
        for generation_id in ids:
            await _type(pilot, generation_id)
            started = time.perf_counter()
            await _enter(pilot)
            await _until(lambda gid=generation_id: _shown(app, gid))
            await _painted(app)
            times.append((time.perf_counter() - started) * 1000)
    return times


def _ordinary_ids() -> list[str]:
    skip = {DEMO_CASES[name] for name in ("large-content", "content-not-stored", "rate-limited-once")
            if name in DEMO_CASES}
    return [r.id for r in load_demo_records() if r.id not in skip]


def curl_seconds(base_url: str, generation_id: str, runs: int = 5) -> float | None:
    """Median wall time of `curl` fetching a generation's two answers (None without curl)."""
    curl = shutil.which("curl")
    if curl is None:
        return None
    urls = [f"{base_url}/generation?id={generation_id}",
            f"{base_url}/generation/content?id={generation_id}"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([curl, "-sf", "-H", f"Authorization: Bearer {KEY}", "-o", "/dev/null",
                        "-o", "/dev/null", *urls], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_lookups(runs: int = 50, concurrent_runs: int = 10) -> dict[str, float]:
    ids = _ordinary_ids()
    with tempfile.TemporaryDirectory() as folder:
        store = HistoryStore.open(Path(folder) / "history.sqlite3")
        with child_server(demo=True) as base_url:
            plain = asyncio.run(_timed_lookups(base_url, [ids[i % len(ids)] for i in range(runs)],
                                               store))
            curl = curl_seconds(base_url, ids[0])
        with child_server(demo=True, latency_ms=200) as base_url:
            slow = asyncio.run(_timed_lookups(
                base_url, [ids[i % len(ids)] for i in range(concurrent_runs)], store))
        store.close()
    figures = {"lookup_ms_median": statistics.median(plain),
               "lookup_ms_p90": sorted(plain)[int(runs * 0.9)],
               "concurrent_ms": statistics.median(slow)}
    if curl is not None:
        figures["lookup_curl_ms"] = curl * 1000
    return figures


async def _huge_show(base_url: str, store: HistoryStore) -> dict[str, float]:
    app = _app(base_url, store)
    stalls: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.main_screen.ensure_results()
        await app.workers.wait_for_complete()
        last = time.perf_counter()

        def tick() -> None:
            nonlocal last
            now = time.perf_counter()
            stalls.append(now - last)
            last = now

        app.set_interval(0.005, tick)
        await pilot.pause()
        await _type(pilot, HUGE_ID)
        stalls.clear()
        last = started = time.perf_counter()
        await _enter(pilot)
        viewer = app.query_one(ContentViewer)
        await _until(lambda: _shown(app, HUGE_ID))
        await _painted(app)
        first_tab = time.perf_counter() - started
        for tab in (1, 2, 3):
            viewer.activate_tab(tab)
            await _until(lambda: viewer.showing_content)
            await _painted(app)
        elapsed = time.perf_counter() - started
        tick()  # the stall up to the last paint counts too
        await app.workers.wait_for_complete()  # the history save, if it is still running
    worst = max(stalls, default=0.0) - 0.005
    return {"huge_show_s": elapsed, "huge_first_tab_s": first_tab,
            "huge_max_stall_ms": max(0.0, worst) * 1000}


def measure_huge() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = HistoryStore.open(Path(folder) / "history.sqlite3")
        with child_server(huge=True) as base_url:
            figures = asyncio.run(_huge_show(base_url, store))
            curl = curl_seconds(base_url, HUGE_ID, runs=3)
        saved = store.get(HUGE_ID) is not None
        store.close()
    if not saved:
        raise RuntimeError("the huge generation was not saved to the history")
    if curl is not None:
        figures["huge_curl_s"] = curl
    return figures


if __name__ == "__main__":
    print(measure_lookups())
    print(measure_huge())
