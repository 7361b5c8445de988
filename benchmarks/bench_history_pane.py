"""history_filter_ms: with 1,000,000 generations in history, open the history pane and apply a
filter (a word that only occurs inside some generations' content), through the real app.

Seeding 1,000,000 generations takes minutes (the substring index is built as rows go in), so
the seeded file (about 3 GB) is kept in the temp dir and reused by later runs of the same
seed and schema version. The pane's 150 ms typing debounce is not counted: the filter is
applied as the debounce would apply it, and the time is from there to the filtered rows
painted. Baseline: the same query on the store alone (`list` of a page + `count`), no UI.
Measured in three app sessions after a first one, the file in the page cache: the median
counts (the first session's figure, which may include reading it from disk, is
`history_filter_first_ms`).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from itertools import islice
import tempfile
import time
from pathlib import Path

from explorer.store import HistoryStore
from explorer.store.schema import SCHEMA_VERSION

COUNT = 1_000_000
RARE_WORD = "quokka"  # in 1 generation out of 200
SEED_VERSION = 2


def _generations(count: int):
    providers = ["OpenAI", "Anthropic", "Google", "Groq", "DeepInfra", "Together", "Mistral"]
    models = ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash",
              "meta-llama/llama-3.3-70b-instruct", "deepseek/deepseek-chat-v3.1"]
    base = 1_790_000_000
    for n in range(count):
        created = base + n * 37
        topic = RARE_WORD if n % 200 == 0 else ("invoices", "kubernetes", "poetry", "sql")[n % 4]
        generation = {
            "id": f"gen-{created}-bench{n:015d}", "created_at": time.strftime(
                "%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(created)),
            "model": models[n % len(models)], "provider_name": providers[n % len(providers)],
            "api_type": "completions", "total_cost": 0.0001 * (n % 97), "latency": 200 + n % 900,
            "generation_time": 900 + n % 3000, "tokens_prompt": 100 + n % 500,
            "tokens_completion": 50 + n % 700, "finish_reason": "stop",
            "session_id": f"session-{n // 50}", "request_id": f"req-{n}",
            "provider_responses": [{"provider_name": providers[(n + 1) % 7], "status": 429, "latency": 40},
                                   {"provider_name": providers[n % 7], "status": 200, "latency": 300}]
            if n % 3 == 0 else [{"provider_name": providers[n % 7], "status": 200, "latency": 300}],
        }
        content = {"input": {"messages": [
            {"role": "system", "content": "You are a concise assistant."},
            {"role": "user", "content": f"Question {n} about {topic}: how should I approach it?"}]},
            "output": {"completion": f"Answer {n}: start small, measure, then iterate on {topic}.",
                       "reasoning": None}}
        yield generation, content


def seeded_history() -> Path:
    """The path of a history with COUNT generations (seeded on first use)."""
    folder = Path(tempfile.gettempdir()) / "modelgates-explorer-bench"
    path = folder / f"history-{COUNT}-v{SEED_VERSION}-schema{SCHEMA_VERSION}.sqlite3"
    marker = path.with_suffix(".complete")
    if not marker.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(path.name + "*"):
            stale.unlink()
        store = HistoryStore.open(path)
        started = time.perf_counter()
        print(f"seeding {COUNT:,} generations into {path} once (minutes; kept for later runs)",
              file=sys.stderr, flush=True)
        generations = _generations(COUNT)
        for start in range(0, COUNT, 10_000):  # a transaction per 10,000
            warning = store.save_many(islice(generations, 10_000))
            if warning:
                raise RuntimeError(warning)
        store.close()
        marker.write_text(f"seeded in {time.perf_counter() - started:.1f} s\n")
    return path


async def _measure(path: Path) -> dict[str, float]:
    from bench_lookup import _painted, _until

    from explorer.services import Services
    from explorer.ui.app import create_app
    from explorer.ui.widgets.history_table import HistoryTable

    store = HistoryStore.open(path)
    app = create_app(Services(_offline_client, store=store), animations=False)
    async with app.run_test(size=(120, 36)):
        await app.main_screen.ensure_results()
        # The user opens the pane once the app is up: its start-up workers are done.
        await app.workers.wait_for_complete()
        await _painted(app)
        started = time.perf_counter()
        app.action_history()
        screen = app.screen  # the history pane, pushed at once (its rows load in a worker)
        await _until(lambda: app.screen is screen and screen._shown > 0 and not screen._loading)
        await _painted(app)
        open_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        screen.filter = screen.filter.__class__(query=RARE_WORD)
        screen.reload()
        table = screen.query_one(HistoryTable)
        await _until(lambda: not screen._loading)
        await _painted(app)
        filter_ms = (time.perf_counter() - started) * 1000
        shown = table.row_count
        started = time.perf_counter()
        store.list(query=RARE_WORD, limit=200)
        store.count(query=RARE_WORD)
        query_ms = (time.perf_counter() - started) * 1000
    store.close()
    if shown == 0:
        raise RuntimeError("the filter found nothing")
    return {"history_open_ms": open_ms, "history_filter_only_ms": filter_ms,
            "history_filter_ms": open_ms + filter_ms, "history_rows_shown": shown,
            "history_query_ms": query_ms}


def _offline_client():
    """The app's client factory: a real client whose transport refuses every request (a
    factory that raised instead failed the app's start-up worker in the middle of the
    measurement, which no real start-up does)."""
    import httpx

    from explorer.api.client import NO_RETRY, GenerationsClient

    class NoRequests(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            raise RuntimeError("the history benchmark makes no request")

    return GenerationsClient("http://127.0.0.1:9/api/v1", "bench-key", transport=NoRequests(),
                             retry=NO_RETRY)


def measure_history_pane(warm_sessions: int = 3) -> dict[str, float]:
    """A first session (it may read the 3 GB file from disk: reported as a detail), then
    `warm_sessions` more that find it in the page cache, as the next start after any use of
    the history does; each figure is the median of the warm sessions (one session's filter
    swings by tens of milliseconds on a busy 2-core machine)."""
    path = seeded_history()
    first = asyncio.run(_measure(path))
    warm = [asyncio.run(_measure(path)) for _ in range(warm_sessions)]
    figures = {key: statistics.median(session[key] for session in warm) for key in warm[0]}
    figures["history_filter_first_ms"] = first["history_filter_ms"]
    figures["history_filter_warm_min_ms"] = min(session["history_filter_ms"] for session in warm)
    figures["history_filter_warm_max_ms"] = max(session["history_filter_ms"] for session in warm)
    return figures


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    print(measure_history_pane())
