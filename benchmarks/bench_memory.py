"""mib_per_content_mb: the memory the TUI holds per MB of content shown, every tab opened.

The real TUI (`memory_probe.py`, a fresh process: network client, history store on) looks up
the 14.5 MB generation of `huge_show_s` over loopback; the figure is (resident memory after −
before) / the MB of its two answers. Baseline: the resident memory of the same app before the
lookup. A 50 MB completion is reported as a detail.
"""

from __future__ import annotations

import json
import sys
import tempfile

import httpx
from loopback import HERE, bench_env, child_server, timed_run

HUGE_ID = "gen-1795012327-HugeContentBenchmark0"
SYNTHETIC_ID = "gen-1795012327-bench000000000000001"


def _answers_mb(base_url: str, generation_id: str) -> float:
    headers = {"Authorization": "Bearer bench-key-0123456789"}
    size = 0
    for path in ("generation", "generation/content"):
        response = httpx.get(f"{base_url}/{path}?id={generation_id}", headers=headers, timeout=60)
        response.raise_for_status()
        size += len(response.content)
    return size / 1e6


def _probe(base_url: str, generation_id: str) -> tuple[dict[str, float], float]:
    with tempfile.TemporaryDirectory() as folder:
        run = timed_run([sys.executable, str(HERE / "memory_probe.py"), base_url, generation_id],
                        bench_env(folder))
    return json.loads(run.stdout), _answers_mb(base_url, generation_id)


def measure_memory(synthetic_mb: float = 50.0) -> dict[str, float]:
    with child_server(huge=True) as base_url:
        demo, demo_mb = _probe(base_url, HUGE_ID)
    figures = {"mib_per_content_mb": (demo["after_mib"] - demo["before_mib"]) / demo_mb,
               "memory_content_mb": demo_mb, "memory_before_mib": demo["before_mib"],
               "memory_after_mib": demo["after_mib"], "memory_peak_mib": demo["peak_mib"]}
    if synthetic_mb:
        with child_server(content_mb=synthetic_mb) as base_url:
            big, big_mb = _probe(base_url, SYNTHETIC_ID)
        figures.update({f"mib_per_content_mb_{synthetic_mb:g}mb":
                        (big["after_mib"] - big["before_mib"]) / big_mb,
                        f"memory_peak_mib_{synthetic_mb:g}mb": big["peak_mib"],
                        f"shown_s_{synthetic_mb:g}mb": big["shown_s"]})
    return figures


if __name__ == "__main__":
    print(measure_memory())
