"""Derived figures that would mislead are not shown: no throughput from a cache hit or a
generation of a few milliseconds, an unknown time lost stays unknown, an image generation is
priced per image and over its native tokens, and a ratio always fits its column whole."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from explorer.analysis.metrics import (
    cost_per_image,
    cost_per_million_tokens,
    summarize_attempts,
    throughput_tps,
)
from explorer.api.models import Generation
from explorer.demo.data import DEMO_CASES, load_demo_records
from explorer.presentation.formatting import RATIO_WIDTH, ratio_text
from explorer.presentation.metadata_sections import lost_to_failures_text, metadata_sections

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def demo(case: str) -> Generation:
    [record] = [r for r in load_demo_records() if r.id == DEMO_CASES[case]]
    return Generation.model_validate(record.generation)


def shown(gen: Generation, label: str, section: str) -> str:
    """The value (and note) the metadata panel shows for `label` in `section`."""
    [row] = [row for s in metadata_sections(gen, NOW) if s.title == section
             for row in s.rows if row.label == label]
    return row.full_text


def gen(**fields) -> Generation:
    return Generation.model_validate({"id": "gen-1", **fields})


def test_a_cache_hit_has_no_throughput():
    hit = demo("response-cache-hit")  # 271 tokens "generated" in 3 ms
    assert throughput_tps(hit) is None
    assert shown(hit, "throughput", "Timing") == "n/a (cache hit)"


def test_a_generation_time_under_50_ms_gives_no_throughput():
    quick = gen(tokens_completion=271, generation_time=3)
    assert throughput_tps(quick) is None
    assert shown(quick, "throughput", "Timing") == "n/a (under 50 ms)"
    assert throughput_tps(gen(tokens_completion=100, generation_time=50)) == 2000
    assert shown(gen(generation_time=10), "throughput", "Timing") == "n/a (under 50 ms)"
    assert shown(gen(tokens_completion=10), "throughput", "Timing") == "—"  # unknown time


def test_time_lost_to_an_attempt_of_unknown_latency_is_not_zero():
    unknown = summarize_attempts(gen(provider_responses=[
        {"status": 502, "latency": None}, {"status": 200, "latency": 300}]).attempts)
    assert unknown.known_time_lost_ms is None
    assert lost_to_failures_text(unknown) == "time lost to failed attempts unknown"
    partly = summarize_attempts(gen(provider_responses=[
        {"status": 429, "latency": 38}, {"status": 502}, {"status": 200, "latency": 9}]).attempts)
    assert partly.known_time_lost_ms is None
    assert lost_to_failures_text(partly) == "at least 38 ms lost to failed attempts"
    known = summarize_attempts(demo("fallback-chain").attempts)
    assert known.known_time_lost_ms == known.time_lost_ms > 0
    assert lost_to_failures_text(known) == "2.25 s lost to failed attempts"


def test_the_time_lost_row_says_unknown():
    unknown = gen(provider_responses=[{"status": 502}, {"status": 200, "latency": 300}])
    assert shown(unknown, "time lost", "Attempts") == "unknown"
    partly = gen(provider_responses=[{"status": 502, "latency": 1500}, {"status": 503},
                                     {"status": 200}])
    assert shown(partly, "time lost", "Attempts") == "at least 1.50 s"


def test_an_image_generation_is_priced_per_image_and_per_native_token():
    image = demo("image-generation")  # 2 images; 14 + 3 normalised tokens, 12 + 2,580 native
    per_million = cost_per_million_tokens(image)
    assert per_million == pytest.approx(image.total_cost / (12 + 2580) * 1e6)
    assert shown(image, "per 1M tokens", "Cost") == "$29.86 (native tokens)"
    assert cost_per_image(image) == pytest.approx(image.total_cost / 2)
    assert shown(image, "per image", "Cost") == "$0.0387"


def test_a_text_generation_keeps_its_normalised_tokens_and_no_per_image_row():
    text = demo("fallback-chain")
    assert cost_per_million_tokens(text) == pytest.approx(text.total_cost / (587 + 271) * 1e6)
    assert shown(text, "per 1M tokens", "Cost") == "$7.10"
    labels = [row.label for s in metadata_sections(text, NOW) for row in s.rows]
    assert "per image" not in labels


@pytest.mark.parametrize("ratio", [
    0.00001, 0.001, 0.0038, 0.0999, 0.61, 2.5, 9.999, 12.5, 99.99, 512, 4310, 9999.9,
    23_250, 232_500, 999_999, 4.2e7, 1e12])
def test_a_ratio_fits_the_compare_column_whole(ratio):
    text = ratio_text(ratio)
    assert len(text) <= RATIO_WIDTH and text.endswith("×") and "…" not in text
