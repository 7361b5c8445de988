"""Measure what the user gets, each figure beside a baseline from the same run.

Prints a table (or, with --json, one JSON object).

    python benchmarks/run.py [--json | --json-file PATH] [--only KEY,KEY] [--large-batch N]

Every figure comes through the real CLI (fresh processes) or the real TUI (Pilot, headless),
over loopback TCP to servers this script starts in child processes (they stop by themselves),
with the history store on. Baselines: the official `openrouter` SDK, `curl`, a bare Textual app,
the computed wire floor, the store alone. The first run seeds a 1,000,000-row history once
(minutes; kept in the temp dir); later runs take a few minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # sibling modules, and the repository's package


@dataclass(frozen=True)
class Key:
    """One figure: its suite, its target (None: reported only), how to show it and its baseline."""

    suite: str
    target: float | None
    unit: str
    measured: str  # what was measured, formatted from the suite's figures
    baseline: str  # the baseline figure, likewise
    absolute: bool = False  # the target bounds the size of the value (a ± difference)
    at_least: bool = False  # the target is a floor (e.g. streams held), not a ceiling


KEYS: dict[str, Key] = {
    "batch_vs_floor": Key(
        "batch", 1.3, "×", "1,000 IDs, 20 ms/request, concurrency 32: CLI {batch_cli_s:.2f} s, "
        "TUI {batch_tui_s:.2f} s (the worse counts)",
        "wire floor {batch_floor_s:.2f} s = 1,000 × 2 × 20 ms / 32"),
    "batch_vs_sdk_async": Key(
        "batch", 0.2, "×", "the same batch (the worse of CLI and TUI)",
        "openrouter SDK, asyncio, 32 at once: {batch_sdk_async_s:.2f} s"),
    "batch_per_id_500_vs_100k": Key(
        "per_id", 20, "%", "CLI, server answering at once: {batch_per_id_ms_large:.3f} ms/ID at "
        "{batch_large_count:,.0f} IDs (peak {batch_peak_mib_large:.0f} MiB)",
        "{batch_per_id_ms_500:.3f} ms/ID at 500 IDs (peak {batch_peak_mib_500:.0f} MiB)",
        absolute=True),
    "show_vs_sdk": Key(
        "show", 0.6, "×", "`show ID`, fresh process, history on: {show_s:.3f} s",
        "openrouter SDK script {show_sdk_s:.3f} s; curl {show_curl_s:.3f} s"),
    "startup_ratio": Key(
        "startup", 1.25, "×", "`--demo` first frame {startup_explorer_s:.3f} s",
        "bare Textual app, same widget kinds: {startup_bare_s:.3f} s"),
    "startup_demo_ready_ms": Key(
        "startup", None, "ms", "`--demo` until the examples list is painted",
        "bare app first frame {startup_bare_ms:.0f} ms"),
    "huge_show_s": Key(
        "huge", 0.5, "s", "14.5 MB generation, Enter → all 4 tabs shown (first tab "
        "{huge_first_tab_s:.2f} s)", "curl of its two answers {huge_curl_s:.3f} s"),
    "huge_max_stall_ms": Key(
        "huge", 100, "ms", "longest event-loop stall meanwhile", "—"),
    "mib_per_content_mb": Key(
        "memory", 4, "MiB", "TUI memory held per MB shown ({memory_content_mb:.1f} MB: "
        "{memory_before_mib:.0f} → {memory_after_mib:.0f} MiB)",
        "the app before the lookup {memory_before_mib:.0f} MiB"),
    "lookup_ms_median": Key(
        "lookup", 50, "ms", "Enter → metadata and content painted, median of 50",
        "curl of the two answers {lookup_curl_ms:.1f} ms"),
    "history_filter_ms": Key(
        "history", 100, "ms", "1,000,000 rows: open the pane, filter by a content word (first "
        "session, file maybe not cached: {history_filter_first_ms:.0f} ms)",
        "the store's query alone {history_query_ms:.1f} ms"),
    "proxy_overhead_ms": Key(
        "proxy", 1, "ms", "added per non-streamed completion through `proxy`, median",
        "direct to the same loopback gateway {proxy_direct_ms:.2f} ms"),
    "proxy_first_chunk_ms": Key(
        "proxy", 2, "ms", "added to a stream's first chunk, median",
        "direct first chunk {proxy_direct_first_chunk_ms:.2f} ms"),
    "proxy_streams": Key(
        "proxy", 200, "", "concurrent streams held, {proxy_streams_total:,.0f} in all: "
        "{proxy_stream_errors:.0f} errors, RSS +{proxy_rss_growth_mb:.1f} MB over the last "
        "{proxy_streams_measured:,.0f} (0 if any error, growth over 8 MB or a generation not looked up)",
        "—", at_least=True),
}


def _suites(large_batch: int):
    from bench_batch import measure_batch, measure_per_id
    from bench_history_pane import measure_history_pane
    from bench_lookup import measure_huge, measure_lookups
    from bench_memory import measure_memory
    from bench_proxy import measure as measure_proxy
    from bench_show import measure_show, measure_show_json
    from bench_startup import measure_startup

    def per_id() -> dict[str, float]:
        figures = measure_per_id(large=large_batch)
        figures.update(batch_large_count=large_batch,
                       batch_per_id_ms_large=figures[f"batch_per_id_ms_{large_batch}"],
                       batch_peak_mib_large=figures[f"batch_peak_mib_{large_batch}"])
        return figures

    def startup() -> dict[str, float]:
        figures = measure_startup()
        return figures | {"startup_bare_ms": figures["startup_bare_s"] * 1000}

    return {"batch": measure_batch, "per_id": per_id, "history": measure_history_pane,
            "lookup": measure_lookups, "huge": measure_huge, "memory": measure_memory,
            "show": lambda: measure_show() | measure_show_json(), "startup": startup,
            "proxy": measure_proxy}


def run(keys: list[str], large_batch: int) -> dict[str, float]:
    suites = _suites(large_batch)
    results: dict[str, float] = {}
    for suite in dict.fromkeys(KEYS[key].suite for key in keys):  # each suite once, in order
        started = time.perf_counter()
        print(f"measuring {suite} …", file=sys.stderr, flush=True)
        results.update(suites[suite]())
        print(f"  {suite}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return results


def meets(key: str, value: float) -> bool | None:
    spec = KEYS[key]
    if spec.target is None:
        return None
    if spec.at_least:
        return value >= spec.target
    return (abs(value) if spec.absolute else value) <= spec.target


def _filled(template: str, results: dict[str, float]) -> str:
    try:
        return template.format(**results)
    except (KeyError, ValueError):
        return template.split("{")[0].rstrip(" :(") + " —"


def machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--json-file", metavar="PATH", help="print the table, and write the JSON "
                        "object to PATH")
    parser.add_argument("--only", default="", help="comma-separated keys to measure")
    parser.add_argument("--large-batch", type=int, default=100_000, metavar="N",
                        help="IDs of the large run of batch_per_id_500_vs_100k (default 100,000)")
    options = parser.parse_args()
    keys = [k for k in options.only.split(",") if k] or list(KEYS)
    unknown = [k for k in keys if k not in KEYS]
    if unknown:
        parser.error(f"unknown keys: {', '.join(unknown)} (known: {', '.join(KEYS)})")
    load_before = os.getloadavg()
    results = run(keys, options.large_batch)
    load_after = os.getloadavg()
    report = json.dumps({key: round(results[key], 4) for key in keys} | {
        "targets": {key: KEYS[key].target for key in keys},
        "meets": {key: meets(key, results[key]) for key in keys},
        "details": {k: round(v, 4) for k, v in results.items() if k not in KEYS},
        "machine": machine(), "load_average_before_after": [load_before[0], load_after[0]]})
    if options.json:
        print(report)
        return 0
    if options.json_file:
        Path(options.json_file).write_text(report + "\n")
    print(f"Measured on {machine()}; load average {load_before[0]:.2f} before, "
          f"{load_after[0]:.2f} after")
    print(f"{'key':<26} {'value':>9}  {'target':>8}  ok   measured | baseline")
    for key in keys:
        spec, value = KEYS[key], results[key]
        ok = meets(key, value)
        bound = "≥" if spec.at_least else "±" if spec.absolute else "≤"
        target = "—" if spec.target is None else f"{bound}{spec.target:g}{spec.unit}"
        print(f"{key:<26} {value:>8.3g}{spec.unit:<2} {target:>8}  "
              f"{'—' if ok is None else 'yes' if ok else 'NO':<4} "
              f"{_filled(spec.measured, results)} | {_filled(spec.baseline, results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
