"""Child process of the batch benchmark: the real TUI (Pilot, headless) opened with many IDs, as
`modelgates-explorer --ids-file FILE --concurrency N` opens it (the same factory, real settings,
the network client, the history store on), timed from the app's start (its modules imported)
to the batch's end on screen: the first frame, the client and the store built after it, every
lookup and save, and the last repaint. Prints one JSON object: seconds, CPU seconds, counts.

    python benchmarks/tui_batch_probe.py BASE_URL IDS_FILE CONCURRENCY
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZE = (120, 36)


async def _run(base_url: str, ids: list[str], concurrency: int) -> dict[str, float]:
    from textual.widgets import ProgressBar

    from explorer.ui.run import tui_app
    from explorer.ui.screens.batch import BatchScreen

    started, cpu = time.perf_counter(), time.process_time()
    app = tui_app(demo=False, ids=ids, base_url=base_url, batch_concurrency=concurrency,
                  animations=False)
    async with app.run_test(size=SIZE):

        def done() -> bool:
            screen = app.screen
            if not isinstance(screen, BatchScreen) or screen.running:
                return False
            progress = screen.query_one(ProgressBar)
            return progress.total == len(ids) and progress.progress == len(ids)

        deadline = started + 300
        while not done():
            if time.perf_counter() > deadline:
                raise TimeoutError("the batch did not end")
            await asyncio.sleep(0.001)
        painted = asyncio.get_running_loop().create_future()
        app.call_after_refresh(lambda: painted.done() or painted.set_result(None))
        await painted
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        counts = str(app.screen.query_one("#batch-counts").render())
    return {"seconds": seconds, "cpu_seconds": cpu, "counts": counts}


def main() -> None:
    base_url, path, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ids = [line.strip() for line in Path(path).read_text().splitlines() if line.strip()]
    print(json.dumps(asyncio.run(_run(base_url, ids, concurrency))), flush=True)


if __name__ == "__main__":
    main()
