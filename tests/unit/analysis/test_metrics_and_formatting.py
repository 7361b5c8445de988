"""Throughput, cost per token, attempt summaries and value formatting."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from explorer.presentation import formatting as fmt
from explorer.analysis.metrics import (
    cost_per_million_tokens,
    status_class,
    summarize_attempts,
    throughput_tps,
)
from explorer.api.models import Generation


def gen(**fields) -> Generation:
    return Generation.model_validate({"id": "gen-1", **fields})


def test_throughput_uses_generation_time_not_latency():
    g = gen(tokens_completion=116, generation_time=2940, latency=1016)
    assert abs(throughput_tps(g) - 116 / 2.94) < 1e-9


def test_throughput_missing_inputs():
    assert throughput_tps(gen(tokens_completion=10, generation_time=0)) is None
    assert throughput_tps(gen(generation_time=100)) is None


def test_cost_per_million():
    g = gen(total_cost=0.00003452, tokens_prompt=65, tokens_completion=116)
    assert abs(cost_per_million_tokens(g) - 0.00003452 / 181 * 1e6) < 1e-9
    assert cost_per_million_tokens(gen(total_cost=1.0)) is None


def test_attempt_summary_fallback_chain():
    g = gen(provider_responses=[{"status": 429, "latency": 120}, {"status": 502, "latency": 900},
                                {"status": 200, "latency": 400}])
    s = summarize_attempts(g.attempts)
    assert (s.attempts, s.failures, s.winner_index) == (3, 2, 2)
    assert s.time_lost_ms == 1020 and s.max_latency_ms == 900


def test_attempt_summary_no_winner_and_empty():
    assert summarize_attempts(gen(provider_responses=[{"status": None}]).attempts).winner_index is None
    assert summarize_attempts([]).attempts == 0


def test_status_classes():
    assert [status_class(c) for c in (200, 429, 502, 400, None)] == [
        "ok", "rate-limited", "server-error", "client-error", "unknown"]


def test_usd_precision_for_sub_cent_values():
    assert fmt.usd(0.00003452) == "$0.00003452"
    assert fmt.usd(0.0123) == "$0.0123"
    assert fmt.usd(12.5) == "$12.50"
    assert fmt.usd(None) == "—" and fmt.usd(0) == "$0"


def test_null_is_a_dash_never_none():
    for formatter in (fmt.usd, fmt.count, fmt.millis, fmt.rate, fmt.flag, fmt.text):
        assert formatter(None) == "—"


def test_relative_time():
    now = datetime(2026, 11, 23, tzinfo=timezone.utc)
    assert fmt.relative(now - timedelta(minutes=3), now) == "3 min ago"
    assert fmt.relative(now - timedelta(days=2), now) == "2 days ago"
    assert fmt.relative(now + timedelta(seconds=5), now) == "in 5 s"
    assert fmt.parse_timestamp("2026-02-24T21:19:33.705Z").year == 2026
    assert fmt.parse_timestamp("not a date") is None
