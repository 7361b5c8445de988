"""Per-provider statistics and the eighth-block bar."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.analysis.provider_stats import (
    attempts_from_generations,
    bar,
    compute_stats,
    percentile,
    provider_stats,
)
from explorer.api.models import Generation


@dataclass(frozen=True)
class Row:
    """Shaped like the history store's AttemptRow."""

    provider: str | None
    status: int | None
    latency: float | None
    is_byok: bool = False
    generation_id: str = "gen-x"


def test_nearest_rank_percentiles_on_known_data():
    values = [15, 20, 35, 40, 50]
    assert percentile(values, 5) == 15
    assert percentile(values, 30) == 20
    assert percentile(values, 40) == 20
    assert percentile(values, 50) == 35
    assert percentile(values, 95) == 50
    assert percentile(values, 100) == 50
    assert percentile(values, 0) == 15


def test_percentile_of_one_to_hundred_is_the_rank():
    values = list(range(100, 0, -1))  # unsorted on purpose
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99.5) == 100


def test_percentile_of_nothing_is_none_and_out_of_range_is_refused():
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile([1], 101)


@given(st.lists(st.floats(0, 1e6), min_size=1), st.floats(0, 100))
def test_percentile_is_always_an_observed_value(values, p):
    assert percentile(values, p) in values


def test_success_rate_failures_by_status_and_time_lost():
    rows = [
        Row("A", 200, 100), Row("A", 429, 10), Row("A", 429, 30), Row("A", 502, 500),
        Row("A", None, None), Row("A", 200, 300),
    ]
    [stats] = provider_stats(rows)
    assert stats.provider == "A"
    assert stats.attempts == 6
    assert stats.successes == 2
    assert stats.failures == 4
    assert stats.success_rate == pytest.approx(2 / 6)
    assert stats.failures_by_status == {429: 2, 502: 1, None: 1}
    assert list(stats.failures_by_status) == [429, 502, None]  # most frequent first, None last
    assert stats.time_lost_ms == 540
    # latencies known: 10, 30, 100, 300, 500 (failed attempts included)
    assert stats.p50_latency_ms == 100
    assert stats.p95_latency_ms == 500


def test_float_status_from_the_api_counts_as_int():
    [stats] = provider_stats([Row("A", 200.0, 1), Row("A", 429.0, 2)])  # type: ignore[arg-type]
    assert stats.successes == 1
    assert stats.failures_by_status == {429: 1}


def test_sorted_by_failures_then_time_lost_then_attempts_then_name():
    rows = [
        Row("Healthy", 200, 10), Row("Healthy", 200, 10), Row("Healthy", 200, 10),
        Row("Flaky", 500, 5), Row("Flaky", 200, 5),
        Row("Broken", 429, 1), Row("Broken", 429, 1), Row("Broken", 500, 1),
        Row("SlowFail", 500, 900),
        Row(None, 503, 5), Row("Beta", 503, 5),
    ]
    names = [s.provider for s in provider_stats(rows)]
    assert names == ["Broken", "SlowFail", "Flaky", "Beta", None, "Healthy"]


def test_provider_without_latency_has_no_percentiles():
    [stats] = provider_stats([Row("A", 200, None)])
    assert stats.p50_latency_ms is None and stats.p95_latency_ms is None
    assert stats.success_rate == 1.0


def test_no_records_no_stats():
    assert provider_stats([]) == []


def test_attempts_from_generations_feed_the_stats():
    gens = [
        Generation(id="gen-1", provider_responses=[
            {"provider_name": "A", "status": 429, "latency": 40, "is_byok": False},
            {"provider_name": "B", "status": 200, "latency": 400},
        ]),
        Generation(id="gen-2", provider_responses=None),
        Generation(id="gen-3", provider_responses=[{"provider_name": "A", "status": None}]),
    ]
    facts = attempts_from_generations(gens)
    assert [(f.provider, f.status, f.generation_id) for f in facts] == [
        ("A", 429, "gen-1"), ("B", 200, "gen-1"), ("A", None, "gen-3"),
    ]
    by_name = {s.provider: s for s in provider_stats(facts)}
    assert by_name["A"].failures_by_status == {429: 1, None: 1}
    assert by_name["B"].success_rate == 1.0


@pytest.mark.parametrize(
    ("value", "max_value", "width", "expected"),
    [
        (10, 10, 4, "████"),
        (5, 10, 4, "██  "),
        (1, 8, 1, "▏"),
        (3, 8, 1, "▍"),
        (7, 8, 1, "▉"),
        (0, 10, 3, "   "),
        (20, 10, 3, "███"),  # clamped
        (0.0001, 10, 3, "▏  "),  # tiny but visible
        (None, 10, 3, "   "),
        (5, 0, 3, "   "),
        (-1, 10, 3, "   "),
        (float("nan"), 10, 3, "   "),
        (5, 10, 0, ""),
    ],
)
def test_bar(value, max_value, width, expected):
    assert bar(value, max_value, width) == expected


@given(st.floats(0, 1e9), st.floats(1e-3, 1e9), st.integers(1, 80))
def test_bar_is_always_width_cells(value, max_value, width):
    assert len(bar(value, max_value, width)) == width


def test_compute_stats_reads_the_filtered_history(tmp_path):
    from explorer.store import HistoryStore
    from explorer.store.queries import HistoryFilter

    generations = [
        {"id": "gen-1", "model": "alpha", "session_id": "s-1",
         "provider_responses": [{"provider_name": "A", "status": 502, "latency": 30},
                                {"provider_name": "B", "status": 200, "latency": 10}]},
        {"id": "gen-2", "model": "beta", "session_id": "s-2",
         "provider_responses": [{"provider_name": "B", "status": 200, "latency": 20}]},
    ]
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        for generation in generations:
            store.save(generation, None, 1.0)
        stats, count = compute_stats(store, HistoryFilter())
        assert count == 2 and [(s.provider, s.attempts, s.failures) for s in stats] == [
            ("A", 1, 1), ("B", 2, 0)]
        stats, count = compute_stats(store, HistoryFilter(session_id="s-2"))
        assert count == 1 and [(s.provider, s.attempts) for s in stats] == [("B", 1)]
    assert compute_stats(None, HistoryFilter()) == ([], 0)
