"""Benchmark of the history store: seed N generations, then time list()+count().

Usage: ``.venv/bin/python benchmarks/bench_history.py [N] [--runs 20] [--keep DIR]``

Seeds N (default 100,000) synthetic generations into a temporary database,
each with 1-3 provider attempts and a content of a few KB (chat messages,
completion and sometimes reasoning, cut from the Python standard library's
own source: a realistic mix of English prose and code). The word "quokka"
appears only inside the content of 1 generation in 200. Then prints the
seed time and the median time of ``list(query=..., limit=200)`` followed by
``count(query=...)`` over the runs, for that content-only word and a few
other query shapes. It is a script, not a test; it stops by itself.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import sysconfig
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer.store import HistoryStore  # noqa: E402

CONTENT_WORD = "quokka"
MODELS = ["openai/gpt-4o", "anthropic/claude-sonnet-4", "meta-llama/llama-4-scout", "google/gemini-2.5-pro"]
PROVIDERS = ["OpenAI", "Anthropic", "DeepInfra", "Google", "Together", "Fireworks"]


def load_corpus() -> str:
    """A few MB of real text: the standard library's top-level modules."""
    lib = Path(sysconfig.get_paths()["stdlib"])
    return "".join(p.read_text(errors="replace") for p in sorted(lib.glob("*.py"))[:120])


def generate(n: int, seed: int = 7):
    """Yield (generation, content) pairs; deterministic for a given seed."""
    rng = random.Random(seed)
    corpus = load_corpus()
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)

    def chunk(size: int) -> str:
        at = rng.randrange(len(corpus) - size)
        return corpus[at : at + size]

    for i in range(n):
        created = start + timedelta(seconds=i * 37 + rng.randrange(30))
        n_attempts = rng.choice((1, 1, 1, 2, 3))
        responses = [
            {
                "provider_name": rng.choice(PROVIDERS),
                "status": 200 if k == n_attempts - 1 else rng.choice((429, 502, 503)),
                "latency": rng.randrange(100, 3000),
                "model_permaslug": MODELS[i % len(MODELS)],
                "is_byok": False,
                "endpoint_id": f"ep-{k}",
                "id": f"up-{i}-{k}",
            }
            for k in range(n_attempts)
        ]
        generation = {
            "id": f"gen-{int(created.timestamp())}-{i:08d}",
            "created_at": created.isoformat().replace("+00:00", "Z"),
            "model": MODELS[i % len(MODELS)],
            "provider_name": responses[-1]["provider_name"],
            "api_type": "completions",
            "total_cost": round(rng.random() / 100, 8),
            "tokens_prompt": rng.randrange(50, 5000),
            "tokens_completion": rng.randrange(10, 2000),
            "native_tokens_reasoning": rng.randrange(0, 500),
            "latency": rng.randrange(100, 4000),
            "generation_time": rng.randrange(500, 20000),
            "finish_reason": rng.choice(("stop", "stop", "length", "tool_calls")),
            "cancelled": False,
            "session_id": f"session-{i // 50:05d}",
            "request_id": f"req-{i:08d}",
            "provider_responses": responses,
        }
        completion = chunk(rng.randrange(600, 1600))
        if i % 200 == 0:
            completion += f" The {CONTENT_WORD} is a small marsupial."
        content = {
            "input": {
                "messages": [
                    {"role": "system", "content": chunk(rng.randrange(200, 600))},
                    {"role": "user", "content": [{"type": "text", "text": chunk(rng.randrange(300, 900))}]},
                ]
            },
            "output": {"completion": completion, "reasoning": chunk(400) if i % 3 == 0 else None},
        }
        yield generation, content


def main() -> None:
    """Seed, measure, print, clean up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="use (and keep) this directory instead of a temporary one")
    args = parser.parse_args()

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-history-"))
    path = workdir / "bench.sqlite3"
    store = HistoryStore.open(path)
    try:
        if store.count(cap=None) < args.n:
            store.clear()
            t0, cpu0 = time.perf_counter(), time.process_time()
            # One transaction; the generator keeps memory bounded.
            if warning := store.save_many(generate(args.n), fetched_at=time.time()):
                sys.exit(f"seeding failed: {warning}")
            seed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            print(f"seeded {args.n:,} generations in {seed:.1f} s ({args.n / seed:,.0f}/s; {cpu:.1f} s CPU)")
        size = sum(p.stat().st_size for p in workdir.glob("bench.sqlite3*")) / 1e6
        print(f"database: {size:,.0f} MB (incl. WAL), SQLite {__import__('sqlite3').sqlite_version}")
        print(f"median of {args.runs} runs of list(limit=200) + count():")
        cases = [
            (f"content-only word {CONTENT_WORD!r}", CONTENT_WORD, {}),
            ("common content word 'return'", "return", {}),
            ("model substring 'claude'", "claude", {}),
            ("short query 'gp' (metadata only)", "gp", {}),
            ("no query", "", {}),
            ("no query, sort=cost ascending", "", {"sort": "cost", "descending": False}),
            ("'return' in one session", "return", {"session_id": "session-00042"}),
        ]
        for label, query, filters in cases:
            sort = {k: filters.pop(k) for k in ("sort", "descending") if k in filters}
            samples = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                rows = store.list(query=query, limit=200, **sort, **filters)
                total = store.count(query=query, **filters)
                samples.append(time.perf_counter() - t0)
            median_ms = statistics.median(samples) * 1000
            print(f"  {label:<38} {median_ms:7.1f} ms   rows={len(rows):<4} count={total:,}")
        if store.warning:
            print("warning:", store.warning)
    finally:
        store.close()
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
