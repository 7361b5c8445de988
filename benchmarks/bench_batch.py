"""The batch a user runs, over loopback TCP, with the history store on, beside its baselines.

- batch_vs_floor: 1,000 IDs against a server answering each request after 20 ms, at
  concurrency 32, through `modelgates-explorer batch --ids-file F --concurrency 32 --jsonl`
  (a fresh process: start-up included) and through the TUI opened with the same IDs
  (`tui_batch_probe.py`); the worse of the two over the wire floor the issue defines,
  1,000 × 2 requests × 20 ms / 32 = 1.25 s. (Each lookup sends its two requests at once, so
  64 are in flight: a strict floor would be half that; the figure keeps the issue's.)
- batch_vs_sdk_async: the worse of the CLI and the TUI over the official `openrouter` SDK's
  asyncio client doing the same lookups at the same concurrency (`sdk_batch.py`).
- batch_per_id_500_vs_100k: the CLI's cost per ID (its own batch time / IDs) with 500 (median
  of six runs, three just before the large run and three just after) and with 100,000 IDs,
  against a server answering at once: how much more an ID costs at 100,000, in %.
  Peak memory of both is reported too.

Each pair runs in one session, interleaved; times are medians of `rounds`.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

from loopback import CLI, HERE, bench_env, child_server, timed_run

LATENCY_MS = 20
CONCURRENCY = 32


def write_ids(folder: str, count: int) -> str:
    """A file of `count` distinct IDs, one per line; returns its path."""
    path = Path(folder) / f"ids-{count}.txt"
    path.write_text("\n".join(f"gen-1795012327-bench{n:015d}" for n in range(count)) + "\n")
    return str(path)


def _cli(base_url: str, ids_file: str, env: dict[str, str], *, peak_rss: bool = False):
    run = timed_run(CLI + ["batch", "--ids-file", ids_file, "--concurrency", str(CONCURRENCY),
                           "--jsonl", "--base-url", base_url], env, peak_rss=peak_rss)
    lines = run.stdout.count(b"\n")
    if lines != _count(ids_file):
        raise RuntimeError(f"the batch printed {lines} results")
    return run


def _count(ids_file: str) -> int:
    return sum(1 for line in Path(ids_file).read_text().splitlines() if line.strip())


def _batch_seconds(stderr: str) -> float:
    """The batch's own time, from the CLI's summary line ("… IDs in 1.42 s …")."""
    found = re.search(r"IDs? in ([\d,.]+) s", stderr)
    if found is None:
        raise RuntimeError(f"no summary line in: {stderr[-300:]}")
    return float(found.group(1).replace(",", ""))


def _tui(base_url: str, ids_file: str, env: dict[str, str]) -> float:
    run = timed_run([sys.executable, str(HERE / "tui_batch_probe.py"), base_url, ids_file,
                     str(CONCURRENCY)], env)
    figures = json.loads(run.stdout)
    if f"{_count(ids_file):,} ok" not in figures["counts"]:
        raise RuntimeError(f"the TUI batch did not look every ID up: {figures['counts']}")
    return figures["seconds"]


def _sdk(base_url: str, ids_file: str, env: dict[str, str]) -> float:
    run = timed_run([sys.executable, str(HERE / "sdk_batch.py"), base_url, ids_file,
                     str(CONCURRENCY)], env)
    return run.seconds


def measure_batch(count: int = 1000, rounds: int = 3) -> dict[str, float]:
    floor = count * 2 * LATENCY_MS / 1000 / CONCURRENCY
    cli, tui, sdk = [], [], []
    with tempfile.TemporaryDirectory() as folder, child_server(latency_ms=LATENCY_MS) as url:
        ids_file = write_ids(folder, count)
        for round_ in range(rounds):
            env = bench_env(tempfile.mkdtemp(dir=folder))  # a fresh history each time
            cli.append(_cli(url, ids_file, env).seconds)
            if round_ == 0:  # the SDK takes ten times longer: one run
                sdk.append(_sdk(url, ids_file, env))
            tui.append(_tui(url, ids_file, bench_env(tempfile.mkdtemp(dir=folder))))
    cli_s, tui_s, sdk_s = (statistics.median(times) for times in (cli, tui, sdk))
    worst = max(cli_s, tui_s)
    return {"batch_vs_floor": worst / floor, "batch_vs_sdk_async": worst / sdk_s,
            "batch_cli_s": cli_s, "batch_tui_s": tui_s, "batch_sdk_async_s": sdk_s,
            "batch_floor_s": floor, "batch_cli_vs_floor": cli_s / floor,
            "batch_tui_vs_floor": tui_s / floor}


def _per_id_ms(runs: list, count: int) -> float:
    """The median of `runs`' own batch time per ID, in milliseconds."""
    return statistics.median(_batch_seconds(run.stderr) / count * 1000 for run in runs)


def measure_per_id(small: int = 500, large: int = 100_000, small_runs: int = 6) -> dict[str, float]:
    """The small batch takes half a second, the large one a minute or more: `small_runs` small
    runs, half just before the large one and half just after, and their median counts (one run
    swings by ±30 % on a busy 2-core machine, and the machine's speed drifts over the large
    run's minute: small runs on one side only measured the machine at another speed)."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder, child_server(latency_ms=0) as url:
        small_file, large_file = write_ids(folder, small), write_ids(folder, large)

        def batch(ids_file: str):
            return _cli(url, ids_file, bench_env(tempfile.mkdtemp(dir=folder)), peak_rss=True)

        before = [batch(small_file) for _ in range(small_runs // 2)]
        large_run = batch(large_file)
        after = [batch(small_file) for _ in range(small_runs - small_runs // 2)]
        for count, done in ((small, before + after), (large, [large_run])):
            figures[f"batch_per_id_ms_{count}"] = _per_id_ms(done, count)
            figures[f"batch_peak_mib_{count}"] = max(run.peak_rss_kib for run in done) / 1024
            figures[f"batch_wall_s_{count}"] = statistics.median(run.seconds for run in done)
        figures[f"batch_per_id_ms_{small}_before"] = _per_id_ms(before, small)
        figures[f"batch_per_id_ms_{small}_after"] = _per_id_ms(after, small)
    small_ms, large_ms = figures[f"batch_per_id_ms_{small}"], figures[f"batch_per_id_ms_{large}"]
    figures["batch_per_id_500_vs_100k"] = (large_ms / small_ms - 1) * 100
    return figures


if __name__ == "__main__":
    print(measure_batch())
    print(measure_per_id(large=int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
