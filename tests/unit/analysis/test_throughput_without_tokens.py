"""No throughput from a generation with no completion tokens: "0.0 tok/s" would pass for a
measured speed (issue #12)."""

from __future__ import annotations

from datetime import datetime, timezone

from explorer.analysis.metrics import no_throughput_reason, throughput_tps
from explorer.api.models import Generation
from explorer.presentation.metadata_sections import metadata_sections

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def gen(**fields) -> Generation:
    return Generation.model_validate({"id": "gen-1", **fields})


def throughput_row(generation: Generation) -> str:
    [row] = [row for section in metadata_sections(generation, NOW) if section.title == "Timing"
             for row in section.rows if row.label == "throughput"]
    return row.full_text


def test_zero_completion_tokens_give_no_throughput():
    empty = gen(tokens_completion=0, generation_time=1200)
    assert throughput_tps(empty) is None
    assert no_throughput_reason(empty) == "no completion tokens"
    assert throughput_row(empty) == "n/a (no completion tokens)"
    assert "tok/s" not in throughput_row(empty)


def test_zero_normalised_tokens_fall_back_to_no_figure_either_way():
    # The provider's own count is used only when the normalised one is missing.
    native_only = gen(native_tokens_completion=0, generation_time=900)
    assert throughput_tps(native_only) is None
    assert throughput_row(native_only) == "n/a (no completion tokens)"


def test_a_real_generation_still_has_its_throughput():
    assert throughput_tps(gen(tokens_completion=120, generation_time=2000)) == 60
    assert throughput_row(gen(tokens_completion=120, generation_time=2000)).endswith("tok/s")
