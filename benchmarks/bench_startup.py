"""startup_ratio: first usable frame of `modelgates-explorer --demo` over a bare Textual app.

Both run headless in fresh processes (`startup_probe.py`), alternating, so a noisy machine
slows both alike; the figure is the ratio of the medians.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = Path(__file__).with_name("startup_probe.py")


def _first_frame_seconds(kind: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(PROBE), kind], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = child.communicate(timeout=60)
    if line != b"READY\n":
        raise RuntimeError(f"{kind} probe failed: {err.decode(errors='replace')[-2000:]}")
    return elapsed


def measure_startup(pairs: int = 10) -> dict[str, float]:
    """Median first-frame times (s) of both apps and their ratio, after one warm-up pair."""
    with tempfile.TemporaryDirectory() as data_dir:
        env = dict(os.environ, MODELGATES_EXPLORER_DATA_DIR=data_dir)
        env.pop("MODELGATES_API_KEY", None)
        times: dict[str, list[float]] = {"explorer": [], "bare": []}
        for index in range(pairs + 1):
            for kind in ("bare", "explorer") if index % 2 else ("explorer", "bare"):
                seconds = _first_frame_seconds(kind, env)
                if index:  # the first pair warms the disk cache and compiles bytecode
                    times[kind].append(seconds)
    explorer, bare = statistics.median(times["explorer"]), statistics.median(times["bare"])
    return {"startup_explorer_s": explorer, "startup_bare_s": bare,
            "startup_ratio": explorer / bare}


if __name__ == "__main__":
    print(measure_startup())
