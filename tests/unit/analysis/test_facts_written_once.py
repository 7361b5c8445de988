"""Facts written once: the attempt success rule, timestamp parsing, the count cap and the muted
style each have one definition that every user reads."""

from __future__ import annotations

import inspect
import math
from datetime import datetime, timezone
from pathlib import Path

import pytest

from explorer.analysis import metrics
from explorer.analysis.metrics import is_success, status_class, summarize_attempts
from explorer.analysis.provider_stats import AttemptFact, provider_stats
from explorer.api import values
from explorer.api.models import Generation, ProviderAttempt
from explorer.presentation import formatting
from explorer.presentation.formatting import parse_timestamp
from explorer.presentation import history_cells
from explorer.store import COUNT_CAP, HistoryStore, queries
from explorer.store.derive import summary_values

STATUSES = [200, 204, 299, 300, 199, 429, 502, 0, None, 200.0, math.nan]


def test_each_rule_is_defined_once_in_the_api_layer():
    assert metrics.is_success is values.is_success  # re-exported, not written again
    assert formatting.parse_timestamp is values.parse_timestamp


@pytest.mark.parametrize("status", STATUSES)
def test_every_view_of_an_attempt_uses_the_one_success_rule(status):
    expected = status is not None and not (isinstance(status, float) and math.isnan(status)) \
        and 200 <= status < 300
    assert is_success(status) is expected
    attempt = ProviderAttempt(status=status)
    assert attempt.succeeded is expected
    assert (status_class(attempt.status) == "ok") is expected
    [stats] = provider_stats([AttemptFact(provider="P", status=status, latency=10.0)])
    assert stats.successes == int(expected)
    assert summarize_attempts([attempt]).failures == int(not expected)
    raw = {"id": "gen-x", "provider_responses": [{"status": attempt.status}]}
    assert summary_values(raw, None, 0.0)["failures"] == int(not expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-02-24T21:19:33.705Z", datetime(2026, 2, 24, 21, 19, 33, 705000, tzinfo=timezone.utc)),
    (" 2026-02-24T21:19:33z ", datetime(2026, 2, 24, 21, 19, 33, tzinfo=timezone.utc)),
    ("2026-02-24T21:19:33", datetime(2026, 2, 24, 21, 19, 33, tzinfo=timezone.utc)),  # naive: UTC
    ("2024-07-15T23:33:19+02:00", datetime(2024, 7, 15, 21, 33, 19, tzinfo=timezone.utc)),
    ("not a date", None), ("", None), (None, None), (1234, None),
])
def test_one_timestamp_parser_for_the_views_and_the_store(text, expected):
    assert parse_timestamp(text) == expected
    # The store sorts by the same time (by the fetch time when there is none).
    stored = summary_values({"id": "gen-x", "created_at": text}, None, 5.0)
    assert stored["sort_time"] == (5.0 if expected is None else expected.timestamp())


def test_one_count_cap():
    assert COUNT_CAP is queries.COUNT_CAP
    assert inspect.signature(HistoryStore.count).parameters["cap"].default == COUNT_CAP
    assert history_cells.count_text(COUNT_CAP + 1, 10) == f"10 of {COUNT_CAP:,}+ generations shown"


def test_the_muted_style_is_named_once():
    ui = Path(__file__).resolve().parents[3] / "explorer" / "ui"
    spelled_out = sorted(str(path.relative_to(ui)) for path in ui.rglob("*.py")
                         if "$foreground-muted" in path.read_text(encoding="utf-8"))
    assert spelled_out == ["styles.py"]


def test_a_generation_counts_failures_by_the_rule():
    gen = Generation(id="gen-x", provider_responses=[{"status": 502}, {"status": None},
                                                     {"status": 200}])
    assert [a.succeeded for a in gen.attempts] == [False, False, True]
