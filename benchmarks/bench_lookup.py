"""Lookups through the real app (Pilot, headless) and the real client, in-process demo API.

- lookup_ms_median: Enter → metadata and content rendered, 50 runs.
- concurrent_ms: the same with the demo delaying each endpoint by 200 ms (both requests in
  flight at once, so about 200 ms, not 400).
- huge_show_s / huge_max_stall_ms: a generation with 3,000 messages, a 200,000-line
  completion and 1 MB of reasoning: Enter → every content tab shown once; a 5 ms ticker on
  the app's event loop records the longest stall meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable

import httpx

from explorer.api.client import NO_RETRY, GenerationsClient
from explorer.settings import DEMO_API_KEY, DEMO_BASE_URL
from explorer.demo.app import create_demo_app
from explorer.demo.data import DEMO_CASES, load_demo_records
from explorer.services import Services
from explorer.ui.app import create_app
from textual.constants import MAX_FPS  # after explorer.ui, which sets the app's frame rate
from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.widgets.id_entry import IdEntry

SIZE = (120, 36)


async def _until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
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
    """What the user does before Enter: focus the entry, type the ID, see it typed, press
    Enter. No hand presses Enter within one frame of seeing the ID: waiting one frame period
    (Textual draws at most MAX_FPS frames a second) keeps the frame of the typing from
    throttling the frame of the answer, which a user's lookup never sees either."""
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
    """The generation is on screen: its metadata, and its content in the active tab. (Not
    `current_text()`, which would build a tab still being built in a thread.)"""
    lookup = app.main_screen.lookup
    return lookup is not None and lookup.id == generation_id and (
        app.query_one(ContentViewer).showing_content)


async def _timed_lookups(transport: httpx.AsyncBaseTransport, ids: list[str]) -> list[float]:
    client = GenerationsClient(DEMO_BASE_URL, DEMO_API_KEY, transport=transport, retry=NO_RETRY)
    app = create_app(Services(client), animations=False)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await app.main_screen.ensure_results()
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


def measure_lookups(runs: int = 50, concurrent_runs: int = 10) -> dict[str, float]:
    ids = _ordinary_ids()  # also builds the demo data set once, outside the timings
    plain = asyncio.run(_timed_lookups(httpx.ASGITransport(app=create_demo_app()),
                                       [ids[i % len(ids)] for i in range(runs)]))
    slow = asyncio.run(_timed_lookups(httpx.ASGITransport(app=create_demo_app(latency_ms=200)),
                                      [ids[i % len(ids)] for i in range(concurrent_runs)]))
    return {"lookup_ms_median": statistics.median(plain), "lookup_ms_p90": sorted(plain)[int(runs * 0.9)],
            "concurrent_ms": statistics.median(slow)}


def huge_bodies() -> tuple[bytes, bytes, str]:
    record = next(r for r in load_demo_records() if r.id == DEMO_CASES["fallback-chain"])
    generation = dict(record.generation, id="gen-1795012327-HugeContentBenchmark0")
    messages = [{"role": ("user", "assistant", "tool", "system")[i % 4],
                 "content": f"message {i}: " + "lorem ipsum dolor sit amet " * 12 + "\nsecond line"}
                for i in range(3000)]
    completion = "\n".join(f"line {i} " + "lorem ipsum " * 4 for i in range(200_000))
    reasoning = ("thinking about it, step by step. " * 3 + "\n") * (1_000_000 // 100)
    content = {"input": {"messages": messages}, "output": {"completion": completion, "reasoning": reasoning}}
    return (json.dumps({"data": generation}).encode(), json.dumps({"data": content}).encode(),
            generation["id"])


async def _huge_show() -> dict[str, float]:
    meta, content, generation_id = huge_bodies()

    def answer(request: httpx.Request) -> httpx.Response:
        body = content if request.url.path.endswith("/content") else meta
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    client = GenerationsClient(DEMO_BASE_URL, DEMO_API_KEY, transport=httpx.MockTransport(answer),
                               retry=NO_RETRY)
    app = create_app(Services(client), animations=False)
    stalls: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.main_screen.ensure_results()
        last = time.perf_counter()

        def tick() -> None:
            nonlocal last
            now = time.perf_counter()
            stalls.append(now - last)
            last = now

        app.set_interval(0.005, tick)
        await pilot.pause()
        await _type(pilot, generation_id)
        stalls.clear()
        last = time.perf_counter()
        started = time.perf_counter()
        await _enter(pilot)
        viewer = app.query_one(ContentViewer)
        await _until(lambda: _shown(app, generation_id))
        for tab in (1, 2, 0):
            viewer.activate_tab(tab)
            await _until(lambda: viewer.showing_content)
            await _painted(app)
        elapsed = time.perf_counter() - started
    worst = max(stalls, default=0.0) - 0.005
    return {"huge_show_s": elapsed, "huge_max_stall_ms": max(0.0, worst) * 1000}


def measure_huge() -> dict[str, float]:
    return asyncio.run(_huge_show())


if __name__ == "__main__":
    print(measure_lookups())
    print(measure_huge())
