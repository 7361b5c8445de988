"""Two generations side by side: the metadata table's rows for A and B, attempts in pairs,
conversation diffs, and the comparison the compare screen reads from the history."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from explorer.api.client import Lookup
from explorer.api.models import Generation, GenerationContent
from explorer.presentation.comparison import (
    build_comparison,
    compare_attempts,
    compare_lookups,
    compare_metadata,
    diff_messages,
)
from explorer.presentation.content_blocks import messages_as_text
from explorer.presentation.formatting import ratio_text
from explorer.presentation.metadata_sections import metadata_sections

NOW = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)


def make(**fields) -> Generation:
    return Generation(id=fields.pop("id", "gen-a"), **fields)


def lookup(gen: Generation, completion: str) -> Lookup:
    content = GenerationContent.model_validate({"output": {"completion": completion}})
    return Lookup(generation=gen, raw_generation={}, content=content, raw_content={}, fetched_at=1.0)


A = make(
    model="meta-llama/llama-4-scout", provider_name="DeepInfra", api_type="completions",
    finish_reason="stop", total_cost=0.0002, usage=0.0002, cache_discount=None,
    tokens_prompt=100, tokens_completion=50, native_tokens_reasoning=0, native_tokens_cached=0,
    latency=1000, generation_time=2000,
    provider_responses=[{"provider_name": "DeepInfra", "status": 200, "latency": 400}],
)
B = make(
    id="gen-b",
    model="meta-llama/llama-4-scout", provider_name="Groq", api_type="completions",
    finish_reason="length", total_cost=0.0005, usage=0.0005, cache_discount=None,
    tokens_prompt=100, tokens_completion=200, native_tokens_reasoning=12, native_tokens_cached=0,
    latency=250, generation_time=2000,
    provider_responses=[
        {"provider_name": "DeepInfra", "status": 429, "latency": 30},
        {"provider_name": "Groq", "status": 200, "latency": 200},
    ],
)


def rows_by_label(a, b):
    return {(row.section, row.label): row for row in compare_metadata(a, b, NOW)}


def test_covers_every_row_of_the_metadata_table_in_order():
    rows = compare_metadata(A, B, NOW)
    table = [(s.title, row.label) for s in metadata_sections(A, NOW) for row in s.rows]
    assert [(row.section, row.label) for row in rows] == table
    assert [row.label for row in rows if row.section == "Cost"] == [
        "total", "usage", "cache discount", "upstream", "per 1M tokens"]
    assert [row.label for row in rows if row.section == "Attempts"] == [
        "attempts", "failed", "time lost"]


def test_differences_are_flagged_and_equal_values_are_not():
    rows = rows_by_label(A, B)
    assert not rows["Generation", "model"].differs
    assert rows["Generation", "provider"].differs
    assert (rows["Generation", "provider"].a_text, rows["Generation", "provider"].b_text) == (
        "DeepInfra", "Groq")
    assert rows["Generation", "finish"].differs
    assert not rows["Tokens", "prompt"].differs
    assert not rows["Cost", "cache discount"].differs  # both null
    assert rows["Attempts", "attempts"].differs and rows["Attempts", "attempts"].b_text == "2"
    assert (rows["Attempts", "failed"].a_text, rows["Attempts", "failed"].b_text) == ("0", "1")
    assert rows["IDs", "generation"].differs  # the same label in two sections stays apart
    assert not rows["Timing", "generation"].differs


def test_ratios_are_b_over_a_for_non_zero_numbers():
    rows = rows_by_label(A, B)
    assert rows["Cost", "total"].ratio == pytest.approx(2.5)
    assert rows["Timing", "latency (TTFT)"].ratio == pytest.approx(0.25)
    assert rows["Tokens", "completion"].ratio == pytest.approx(4.0)
    assert rows["Timing", "throughput"].ratio == pytest.approx(4.0)  # 25 tok/s -> 100 tok/s
    assert rows["Tokens", "prompt"].ratio == pytest.approx(1.0)
    assert rows["Tokens", "reasoning"].ratio is None  # A is zero
    assert rows["Tokens", "cached"].ratio is None  # both zero
    assert rows["Generation", "model"].ratio is None  # text fields have no ratio
    assert rows["Generation", "streamed"].ratio is None  # nor flags


def test_null_shows_as_dash_and_has_no_ratio():
    bare = make(id="gen-bare")
    rows = rows_by_label(bare, A)
    for key in (("Generation", "model"), ("Cost", "total"), ("Tokens", "prompt"),
                ("Timing", "latency (TTFT)"), ("Timing", "throughput"), ("Attempts", "attempts")):
        assert rows[key].a_text == "—", key
        assert rows[key].ratio is None, key
        assert rows[key].differs, key
    both_bare = rows_by_label(bare, make(id="gen-bare-2"))
    del both_bare["IDs", "generation"]
    assert all(not row.differs and row.a_text == row.b_text == "—"
               for row in both_bare.values())


def test_a_row_only_one_side_has_keeps_its_place_and_shows_the_dash():
    a = make(num_fetches=2, surprise="x", zeta=1)
    b = make(id="gen-b", num_search_results=5, alpha=True, zeta=3)
    rows = compare_metadata(a, b, NOW)
    tokens = [row.label for row in rows if row.section == "Tokens"]
    assert tokens == ["prompt", "completion", "reasoning", "cached", "search results", "fetches"]
    fetches = rows_by_label(a, b)["Tokens", "fetches"]
    assert (fetches.a_text, fetches.b_text, fetches.differs) == ("2", "—", True)
    other = {row.label: row for row in rows if row.section == "Other fields"}
    assert list(other) == ["alpha", "surprise", "zeta"]  # unknown fields are compared too
    assert (other["alpha"].a_text, other["alpha"].b_text) == ("—", "true")
    assert other["zeta"].ratio == pytest.approx(3.0)


def test_compare_lookups_gives_the_headline_ratios_and_diffs():
    a, b = lookup(A, "one\ntwo"), lookup(B, "one\nthree")
    comparison = compare_lookups(a, b, NOW)
    assert dict(comparison.ratios) == pytest.approx({"cost": 2.5, "latency": 0.25, "tokens": 2.0})
    assert comparison.metadata == compare_metadata(A, B, NOW)
    assert [row.number for row in comparison.attempts] == [1, 2]
    assert [(line.kind, line.text) for line in comparison.completion_diff
            if line.kind != "same"][1:] == [("removed", "two"), ("added", "three")]
    assert comparison.messages_diff == []


def test_build_comparison_reads_both_from_the_history(tmp_path):
    from explorer.store import HistoryStore

    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        for gen in (A, B):
            store.save(gen.model_dump(exclude_none=True), None, 1.0)
        comparison = build_comparison(store, "gen-a", "gen-b")
        assert (comparison.a.id, comparison.b.id) == ("gen-a", "gen-b")
        assert dict(comparison.ratios)["cost"] == pytest.approx(2.5)
        with pytest.raises(LookupError, match="gen-missing is not in the history"):
            build_comparison(store, "gen-a", "gen-missing")
    with pytest.raises(LookupError):
        build_comparison(None, "gen-a", "gen-b")


def test_ratio_text():
    assert [ratio_text(r) for r in (2.5, 0.61, 0.0038, 12.5, 0.0001, None)] == [
        "2.50×", "0.61×", "0.0038×", "12.5×", "<0.001×", "—"]


def test_attempts_side_by_side_padded_with_none():
    rows = compare_attempts(A, B)
    assert [row.number for row in rows] == [1, 2]
    first, second = rows
    assert (first.a.provider, first.a.status, first.a.latency) == ("DeepInfra", "200", "400 ms")
    assert (first.b.provider, first.b.status, first.b.status_class) == (
        "DeepInfra", "429", "rate-limited")
    assert first.differs
    assert second.a is None and second.b.provider == "Groq" and second.differs
    assert compare_attempts(make(), make()) == []


def test_same_attempts_do_not_differ():
    [row] = compare_attempts(A, A)
    assert not row.differs


def test_diff_messages_compares_the_conversation():
    a = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi there"}]
    b = [{"role": "system", "content": "Be brief."},
         {"role": "user", "content": [{"type": "text", "text": "Hello"},
                                      {"type": "image_url", "image_url": {"url": "x"}}]}]
    lines = diff_messages(a, b)
    changed = [(line.kind, line.text) for line in lines if line.kind in ("added", "removed")]
    assert ("removed", "Hi there") in changed
    assert ("added", "Hello") in changed
    assert any(kind == "added" and "image" in text for kind, text in changed)
    assert all("Be brief." not in text for _, text in changed)
    assert diff_messages(a, a) == []
    assert diff_messages(None, None) == []


def test_diff_messages_uses_the_shared_conversation_text():
    messages = [{"role": "user", "content": "hi"}]
    lines = diff_messages(None, messages)
    assert "\n".join(line.text for line in lines if line.kind == "added") == \
        messages_as_text(messages)
