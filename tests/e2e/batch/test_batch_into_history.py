"""A batch saved into the real history store feeds the per-provider statistics."""

from __future__ import annotations

from explorer.analysis.provider_stats import provider_stats
from explorer.api.batch import run_batch
from explorer.store.history import HistoryStore
from tests.e2e.batch.lookup_server import LookupServer, json_response


def generation(generation_id: str, *attempts: tuple[str, int | None, float]) -> dict:
    return {"data": {"id": generation_id, "model": "m", "provider_responses": [
        {"provider_name": name, "status": status, "latency": latency}
        for name, status, latency in attempts
    ]}}


async def test_batch_saves_to_history_and_the_stats_read_it_back(tmp_path):
    server = LookupServer()
    server.script("generation", "gen-1", json_response(generation(
        "gen-1", ("Flaky", 429, 40), ("Solid", 200, 300))))
    server.script("generation", "gen-2", json_response(generation(
        "gen-2", ("Flaky", None, 10), ("Flaky", 502, 50), ("Solid", 200, 100))))
    store = HistoryStore.open(tmp_path / "history.db")
    try:
        async with server.client() as client:
            report = await run_batch(client, ["gen-1", "gen-2", "gen-missing"], store=store)
        assert report.ok == 2 and report.unsaved == 0
        stats = provider_stats(store.attempt_rows())
    finally:
        store.close()
    flaky, solid = stats
    assert flaky.provider == "Flaky" and flaky.failures == 3 and flaky.successes == 0
    assert flaky.failures_by_status == {429: 1, 502: 1, None: 1}
    assert flaky.time_lost_ms == 100
    assert solid.provider == "Solid" and solid.success_rate == 1.0
    assert solid.failures_by_status == {}
