"""Batch cost per ID with the history store on: `run_batch` against a zero-latency in-process
fake client, saving to a real `HistoryStore` in a temp dir, for 500 and 20,000 IDs.

The fake answers at once with a demo generation and its content (only the ID changes), so what
is timed is the batch engine and the history writes: their per-ID cost should be flat (writes
are grouped in transactions, not one per ID). Run alone:

    python benchmarks/bench_batch_store.py [COUNT ...]

`measure_batch_store()` returns the keys `batch_store_per_id_us_<count>` and
`batch_store_per_id_ratio` (largest count over smallest: 1.0 is flat), and for context
`store_only_per_row_us_<count>` and `store_only_per_row_ratio`: the same rows written straight
with `save_many` in 512-row transactions, no batch. A history's own cost per row grows as it
grows (B-tree depth, the FTS trigram index, a file past SQLite's page cache), so a batch is as
flat as it can be when its ratio is the store's.
"""

from __future__ import annotations

import asyncio
import copy
import sys
import tempfile
import time
from pathlib import Path

COUNTS = (500, 20_000)
CONCURRENCY = 32


class InstantClient:
    """A `LookupClient` that answers every ID at once with a copy of one demo generation."""

    def __init__(self) -> None:
        from explorer.api.models import GenerationEnvelope
        from explorer.demo.data import load_demo_records

        record = next(r for r in load_demo_records() if r.content is not None)
        self._generation = GenerationEnvelope.model_validate({"data": record.generation}).data
        self._raw = record.generation
        self._content = record.content

    async def lookup(self, generation_id: str):
        from explorer.api.client import Lookup

        raw = copy.copy(self._raw)  # a shallow copy: only the id differs
        raw["id"] = generation_id
        return Lookup(generation=self._generation, raw_generation=raw, raw_content=self._content)


async def _time_batch(client: InstantClient, count: int, path: Path) -> tuple[float, int, int]:
    """(seconds, rows stored, rows flagged) for one batch of `count` new IDs into a new history."""
    from explorer.api.batch import run_batch
    from explorer.store.history import HistoryStore

    store = HistoryStore.open(path)
    try:
        ids = [f"gen-bench-{count}-{n:08d}" for n in range(count)]
        started = time.perf_counter()
        report = await run_batch(client, ids, concurrency=CONCURRENCY, store=store)
        seconds = time.perf_counter() - started
        return seconds, store.count(cap=None), report.unsaved
    finally:
        store.close()


def _time_store_only(client: InstantClient, count: int, path: Path, group: int = 512) -> float:
    """Seconds to write `count` rows with `save_many`, `group` rows per transaction."""
    from explorer.store.history import HistoryStore

    template = asyncio.run(client.lookup("gen-template"))
    store = HistoryStore.open(path)
    try:
        started = time.perf_counter()
        for first in range(0, count, group):
            items = []
            for n in range(first, min(count, first + group)):
                raw = copy.copy(template.raw_generation)
                raw["id"] = f"gen-store-{count}-{n:08d}"
                items.append((raw, template.raw_content))
            if warning := store.save_many(items, template.fetched_at):
                raise RuntimeError(warning)
        return time.perf_counter() - started
    finally:
        store.close()


def measure_batch_store(counts: tuple[int, ...] = COUNTS, repeats: int = 3) -> dict[str, float]:
    """Per-ID cost (µs) of a batch with the store on, for each count (the best of `repeats`
    runs, after a warm-up batch), and the ratio of the largest count's cost to the smallest's."""
    client = InstantClient()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(_time_batch(client, 200, Path(tmp) / "warm-up.sqlite3"))  # imports, caches
        for count in counts:
            best = float("inf")
            for run in range(repeats):
                seconds, stored, unsaved = asyncio.run(
                    _time_batch(client, count, Path(tmp) / f"history-{count}-{run}.sqlite3"))
                if stored != count or unsaved:
                    raise RuntimeError(f"{count} IDs: {stored} stored, {unsaved} not saved")
                best = min(best, seconds)
            results[f"batch_store_per_id_us_{count}"] = best / count * 1e6
            store_only = min(_time_store_only(client, count, Path(tmp) / f"store-{count}-{run}.sqlite3")
                             for run in range(repeats))
            results[f"store_only_per_row_us_{count}"] = store_only / count * 1e6
    low, high = min(counts), max(counts)
    for name in ("batch_store_per_id", "store_only_per_row"):
        results[f"{name}_ratio"] = results[f"{name}_us_{high}"] / results[f"{name}_us_{low}"]
    return results


if __name__ == "__main__":
    chosen = tuple(int(a) for a in sys.argv[1:]) or COUNTS
    for key, value in measure_batch_store(chosen).items():
        print(f"{key}: {value:,.2f}")
