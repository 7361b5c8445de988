"""`/` in the content viewer on the demo's big generation (3,000 messages, a 928,281-character
completion), through the real app (Pilot, headless) on the in-process demo API.

- search_first_ms: the first search of the generation (its texts are prepared for searching
  then): the query put in the search bar and Enter at once → the first match painted
  highlighted (the frame after the status says "match 1 of N").
- search_ms_median: later queries the same way (each a new query, so each searched anew).
- search_max_stall_ms: the longest the event loop went without running a 5 ms ticker meanwhile.

    python benchmarks/bench_search.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

import httpx  # noqa: E402

from explorer.api.client import NO_RETRY, GenerationsClient  # noqa: E402
from explorer.demo.app import create_demo_app  # noqa: E402
from explorer.demo.data import DEMO_CASES  # noqa: E402
from explorer.services import Services  # noqa: E402
from explorer.settings import DEMO_API_KEY, DEMO_BASE_URL  # noqa: E402
from explorer.ui.app import create_app  # noqa: E402
from explorer.ui.widgets.content_viewer import ContentViewer  # noqa: E402

from bench_lookup import _painted, _until  # noqa: E402  (the same waits as the lookup benchmark)

SIZE = (120, 36)
LARGE_ID = DEMO_CASES["large-content"]
QUERIES = ["ops-4700", "us-east-1", "p99 above slo", "cert renewed", "notifier", "zzz-none",
           "#2999 assistant", "deploy ok"]




def _app():
    transport = httpx.ASGITransport(app=create_demo_app())
    client = GenerationsClient(DEMO_BASE_URL, DEMO_API_KEY, retry=NO_RETRY, transport=transport)
    return create_app(Services(client, store=None), animations=False, ids=[LARGE_ID])


async def _measure() -> dict[str, float]:
    app = _app()
    times: list[float] = []
    stalls: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: app.main_screen.lookup is not None)
        viewer = app.query_one(ContentViewer)
        await _until(lambda: viewer.showing_content)
        await app.workers.wait_for_complete()
        await pilot.pause()
        viewer.focus_content()
        await pilot.press("slash")
        bar = viewer.search.bar
        last = time.perf_counter()

        def tick() -> None:
            nonlocal last
            now = time.perf_counter()
            stalls.append(now - last)
            last = now

        app.set_interval(0.005, tick)
        for query in QUERIES:
            bar.input.focus()
            await pilot.pause()
            stalls.clear()
            last = started = time.perf_counter()
            bar.input.value = query
            await bar.input.action_submit()
            await _until(lambda: viewer.search.results is not None
                         and viewer.search.results.query == query
                         and bar.status.startswith(("match ", "no match")))
            await _painted(app)
            tick()
            times.append((time.perf_counter() - started) * 1000)
            print(f"{query!r:18} {times[-1]:7.1f} ms  {bar.status}", file=sys.stderr)
    worst = max(stalls, default=0.0) - 0.005
    return {"search_first_ms": times[0], "search_ms_median": statistics.median(times[1:]),
            "search_max_stall_ms": max(0.0, worst) * 1000}


def measure_search() -> dict[str, float]:
    return asyncio.run(_measure())


if __name__ == "__main__":
    print(measure_search())
