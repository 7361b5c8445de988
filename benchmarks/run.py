"""Run every speed benchmark and print a table (or, with --json, one JSON object).

    python benchmarks/run.py [--json] [--only KEY,KEY]

Each figure is measured in one run beside its baseline where it has one (start-up against a
bare Textual app, the batch against a sequential loop), so it holds on a noisy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # sibling modules, and the repo's `tests`

TARGETS = {  # key: (comparison, target, unit, what)
    "startup_ratio": ("<=", 1.25, "×", "first usable frame of --demo / a bare Textual app"),
    "lookup_ms_median": ("<=", 50, "ms", "Enter → metadata and content rendered (median of 50)"),
    "concurrent_ms": ("<=", 260, "ms", "the same, each endpoint delayed 200 ms"),
    "huge_show_s": ("<=", 0.5, "s", "3,000 messages + 200,000-line completion + 1 MB reasoning"),
    "huge_max_stall_ms": ("<=", 100, "ms", "longest event-loop stall meanwhile"),
    "batch_speedup": (">=", 10, "×", "1,000 IDs, 20 ms/request: batch vs sequential lookups"),
    "history_filter_ms": ("<=", 100, "ms", "100,000 in history: open the pane, apply a filter"),
}


def _suites():
    from bench_batch_speedup import measure_batch
    from bench_history_pane import measure_history_pane
    from bench_lookup import measure_huge, measure_lookups
    from bench_startup import measure_startup

    return {
        "startup_ratio": measure_startup,
        "lookup_ms_median": measure_lookups,
        "concurrent_ms": measure_lookups,
        "huge_show_s": measure_huge,
        "huge_max_stall_ms": measure_huge,
        "batch_speedup": measure_batch,
        "history_filter_ms": measure_history_pane,
    }


def meets(key: str, value: float) -> bool:
    comparison, target, _, _ = TARGETS[key]
    return value <= target if comparison == "<=" else value >= target


def run(keys: list[str]) -> dict[str, float]:
    suites = _suites()
    results: dict[str, float] = {}
    done: set = set()
    for key in keys:
        suite = suites[key]
        if suite in done:
            continue
        done.add(suite)
        print(f"measuring {key} …", file=sys.stderr, flush=True)
        results.update(suite())
    return results


def machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--only", default="", help="comma-separated keys to measure")
    options = parser.parse_args()
    keys = [k for k in options.only.split(",") if k] or list(TARGETS)
    unknown = [k for k in keys if k not in TARGETS]
    if unknown:
        parser.error(f"unknown keys: {', '.join(unknown)}")
    results = run(keys)
    if options.json:
        print(json.dumps({key: round(results[key], 4) for key in keys} | {
            "details": {k: round(v, 4) for k, v in results.items() if k not in TARGETS},
            "machine": machine()}))
        return 0
    print(f"Measured on {machine()}")
    print(f"{'key':<20} {'value':>10} {'target':>10}  ok   what")
    for key in keys:
        comparison, target, unit, what = TARGETS[key]
        value = results[key]
        print(f"{key:<20} {value:>9.3g}{unit:<1} {comparison}{target:>7g}{unit:<1}  "
              f"{'yes' if meets(key, value) else 'NO ':<4} {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
