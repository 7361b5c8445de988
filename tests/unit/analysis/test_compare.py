"""Comparing two generations: metadata rows, attempts side by side, text diffs."""

from __future__ import annotations

import time

import pytest

from explorer.analysis.compare import (
    compare_attempts,
    compare_metadata,
    diff_messages,
    diff_text,
    ratio,
)
from explorer.api.models import Generation
from explorer.presentation.content_blocks import messages_as_text


def make(**fields) -> Generation:
    return Generation(id=fields.pop("id", "gen-a"), **fields)


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
    return {row.label: row for row in compare_metadata(a, b)}


def test_covers_every_field_in_order():
    labels = [row.label for row in compare_metadata(A, B)]
    assert labels == [
        "Model", "Provider", "API type", "Finish reason", "Total cost", "Usage",
        "Cache discount", "Prompt tokens", "Completion tokens", "Reasoning tokens",
        "Cached tokens", "Latency", "Generation time", "Throughput", "Attempts",
        "Failed attempts", "Time lost to failures",
    ]


def test_differences_are_flagged_and_equal_values_are_not():
    rows = rows_by_label(A, B)
    assert not rows["Model"].differs
    assert rows["Provider"].differs
    assert (rows["Provider"].a_text, rows["Provider"].b_text) == ("DeepInfra", "Groq")
    assert rows["Finish reason"].differs
    assert not rows["Prompt tokens"].differs
    assert not rows["Cache discount"].differs  # both null
    assert rows["Attempts"].differs and rows["Attempts"].b_text == "2"
    assert rows["Failed attempts"].a_text == "0" and rows["Failed attempts"].b_text == "1"


def test_ratios_are_b_over_a_for_non_zero_numbers():
    rows = rows_by_label(A, B)
    assert rows["Total cost"].ratio == pytest.approx(2.5)
    assert rows["Latency"].ratio == pytest.approx(0.25)
    assert rows["Completion tokens"].ratio == pytest.approx(4.0)
    assert rows["Throughput"].ratio == pytest.approx(4.0)  # 25 tok/s -> 100 tok/s
    assert rows["Prompt tokens"].ratio == pytest.approx(1.0)
    assert rows["Reasoning tokens"].ratio is None  # A is zero
    assert rows["Cached tokens"].ratio is None  # both zero
    assert rows["Model"].ratio is None  # text fields have no ratio


def test_null_shows_as_dash_and_has_no_ratio():
    bare = make(id="gen-bare")
    rows = rows_by_label(bare, A)
    for label in ("Model", "Total cost", "Prompt tokens", "Latency", "Throughput", "Attempts"):
        assert rows[label].a_text == "—", label
        assert rows[label].ratio is None, label
        assert rows[label].differs, label
    both_bare = rows_by_label(bare, make(id="gen-bare-2"))
    assert all(not row.differs and row.a_text == row.b_text == "—"
               for row in both_bare.values())


def test_ratio_helper_edge_cases():
    assert ratio(2, 5) == 2.5
    assert ratio(None, 5) is None
    assert ratio(0, 5) is None
    assert ratio(5, 0) is None
    assert ratio(True, 5) is None
    assert ratio(float("inf"), 5) is None


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


def test_diff_text_small():
    a = "one\ntwo\nthree\nfour\n"
    b = "one\n2\nthree\nfour\nfive\n"
    lines = diff_text(a, b)
    assert [(line.kind, line.text) for line in lines] == [
        ("hunk", "@@ -1,4 +1,5 @@"),
        ("same", "one"),
        ("removed", "two"),
        ("added", "2"),
        ("same", "three"),
        ("same", "four"),
        ("added", "five"),
    ]


def test_diff_text_equal_is_empty_and_context_is_honoured():
    assert diff_text("same\ntext", "same\ntext") == []
    a = "\n".join(f"line {i}" for i in range(20))
    b = a.replace("line 10", "LINE 10")
    kinds = [line.kind for line in diff_text(a, b, context=1)]
    assert kinds == ["hunk", "same", "removed", "added", "same"]


def test_removed_line_that_looks_like_a_header_is_kept():
    lines = diff_text("-- a\n++ b\n", "x\n")
    assert ("removed", "-- a") in [(line.kind, line.text) for line in lines]
    assert ("removed", "++ b") in [(line.kind, line.text) for line in lines]


def test_diff_text_handles_none_like_empty():
    lines = diff_text("", "new")
    assert [(line.kind, line.text) for line in lines][-1] == ("added", "new")


def test_huge_input_is_bounded_fast_and_says_so():
    a = "\n".join(f"row {i} of the first text" for i in range(60_000))
    b = "\n".join(f"row {i} of the {'second' if i % 500 == 0 else 'first'} text"
                  for i in range(60_000))
    started = time.perf_counter()
    lines = diff_text(a, b)
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0
    assert lines[-1].kind == "hunk"
    assert "first 20,000 lines" in lines[-1].text and "60,000" in lines[-1].text
    removed = [line for line in lines if line.kind == "removed"]
    assert len(removed) == 40  # rows 0, 500, ..., 19500 only
    assert all(int(line.text.split()[1]) < 20_000 for line in removed)


def test_huge_unrelated_inputs_are_fast():
    a = "\n".join(f"a{i}" for i in range(100_000))
    b = "\n".join(f"b{i}" for i in range(100_000))
    started = time.perf_counter()
    lines = diff_text(a, b, max_lines=20_000)
    assert time.perf_counter() - started < 5.0
    assert sum(1 for line in lines if line.kind == "added") == 20_000


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
