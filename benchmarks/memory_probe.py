"""Child process of the memory benchmark: the real TUI (Pilot, headless, the network client, the
history store on) shows one generation, every tab opened; prints its resident memory before the
lookup and after it (each after a full garbage collection), and its peak, as JSON.

    python benchmarks/memory_probe.py BASE_URL GENERATION_ID
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

PAGE = os.sysconf("SC_PAGE_SIZE")


def resident_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def peak_mib() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


async def _measure(base_url: str, generation_id: str) -> dict[str, float]:
    from bench_lookup import _enter, _painted, _shown, _type, _until

    from explorer.ui.run import tui_app
    from explorer.ui.widgets.content_viewer import ContentViewer

    app = tui_app(demo=False, ids=[], base_url=base_url, animations=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.main_screen.ensure_results()
        await app.workers.wait_for_complete()  # client, store and views loaded
        gc.collect()
        before = resident_mib()
        await _type(pilot, generation_id)
        started = time.perf_counter()
        await _enter(pilot)
        await _until(lambda: _shown(app, generation_id))
        viewer = app.query_one(ContentViewer)
        for tab in (1, 2, 3):
            viewer.activate_tab(tab)
            await _until(lambda: viewer.showing_content)
            await _painted(app)
        shown = time.perf_counter() - started
        await app.workers.wait_for_complete()  # the history save too
        gc.collect()
        after = resident_mib()
    return {"before_mib": before, "after_mib": after, "peak_mib": peak_mib(), "shown_s": shown}


def main() -> None:
    print(json.dumps(asyncio.run(_measure(sys.argv[1], sys.argv[2]))), flush=True)


if __name__ == "__main__":
    main()
