"""The quick CLI, over loopback TCP to the demo API (`serve-demo`'s app, a child process), each
command a fresh process as a user runs it, the history store on, beside its baselines.

- show_vs_sdk: `modelgates-explorer show ID` (one small generation, printed as text and saved
  to the history) / the same with the official `openrouter` SDK (`sdk_show.py`: both answers
  fetched, printed as JSON); `curl` fetching the two answers is the wire's own figure.
- history_s (detail): `modelgates-explorer history` listing the 200 newest.
- show_json_s_per_mb_10 / _50 (details): `show --json` of a 10 MB and a 50 MB completion from
  the benchmark's own API: seconds per MB at each size (equal when linear).

Rounds alternate the commands; figures are medians.
"""

from __future__ import annotations

import statistics
import sys
import tempfile

from bench_lookup import curl_seconds
from loopback import CLI, HERE, bench_env, child_server, timed_run

from explorer.demo.data import DEMO_CASES

SMALL_ID = DEMO_CASES["fallback-chain"]
SYNTHETIC_ID = "gen-1795012327-bench000000000000001"


def measure_show(rounds: int = 10) -> dict[str, float]:
    times: dict[str, list[float]] = {"show": [], "sdk": [], "history": []}
    with tempfile.TemporaryDirectory() as folder, child_server(demo=True) as base_url:
        env = bench_env(folder)
        commands = {"show": CLI + ["show", SMALL_ID, "--base-url", base_url],
                    "sdk": [sys.executable, str(HERE / "sdk_show.py"), base_url, SMALL_ID],
                    "history": CLI + ["history"]}
        for index in range(rounds + 1):
            for name in (commands if index % 2 else reversed(commands)):
                seconds = timed_run(commands[name], env).seconds
                if index:  # the first round compiles bytecode and creates the history
                    times[name].append(seconds)
        curl = curl_seconds(base_url, SMALL_ID, runs=rounds)
    show, sdk = statistics.median(times["show"]), statistics.median(times["sdk"])
    figures = {"show_vs_sdk": show / sdk, "show_s": show, "show_sdk_s": sdk,
               "history_s": statistics.median(times["history"])}
    if curl is not None:
        figures["show_curl_s"] = curl
    return figures


def measure_show_json(sizes: tuple[float, ...] = (10, 50)) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            with child_server(content_mb=size) as base_url:
                run = timed_run(CLI + ["show", "--json", SYNTHETIC_ID, "--base-url", base_url],
                                bench_env(folder), peak_rss=True)
            megabytes = len(run.stdout) / 1e6
            figures[f"show_json_s_per_mb_{size:g}"] = run.seconds / megabytes
            figures[f"show_json_peak_mib_{size:g}"] = run.peak_rss_kib / 1024
    return figures


if __name__ == "__main__":
    print(measure_show())
    print(measure_show_json())
