"""startup_ratio and startup_demo_ready_ms: `modelgates-explorer --demo` started headless in a
fresh process (`startup_probe.py`), against a bare Textual app with the same kinds of widget.

- startup_ratio: the explorer's first frame / the bare app's first frame (medians);
- startup_demo_ready_ms: until the demo examples list is painted (the history already seeded,
  as on every start but the first), beside the bare app's first frame.

The kinds alternate, so a noisy machine slows all alike; the first round warms caches.
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
KINDS = ("explorer", "bare", "demo-ready")


def _ready_seconds(kind: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(PROBE), kind], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = child.communicate(timeout=60)
    if line != b"READY\n":
        raise RuntimeError(f"{kind} probe failed: {err.decode(errors='replace')[-2000:]}")
    return elapsed


def measure_startup(rounds: int = 10) -> dict[str, float]:
    """Medians (s) of each kind over `rounds` rounds after a warm-up round, and the ratios."""
    with tempfile.TemporaryDirectory() as data_dir:
        env = dict(os.environ, MODELGATES_EXPLORER_DATA_DIR=data_dir,
                   PYTHONPATH=str(PROBE.parents[1]))
        env.pop("MODELGATES_API_KEY", None)
        times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for index in range(rounds + 1):
            order = KINDS if index % 2 else tuple(reversed(KINDS))
            for kind in order:
                seconds = _ready_seconds(kind, env)
                if index:  # the first round compiles bytecode and seeds the demo history
                    times[kind].append(seconds)
    explorer, bare, demo = (statistics.median(times[kind]) for kind in KINDS)
    return {"startup_ratio": explorer / bare, "startup_explorer_s": explorer,
            "startup_bare_s": bare, "startup_demo_ready_ms": demo * 1000,
            "startup_demo_ready_ratio": demo / bare}


if __name__ == "__main__":
    print(measure_startup())
