"""Comparing two generations' numbers and texts: B / A ratios and bounded line diffs."""

from __future__ import annotations

import time

from explorer.analysis.compare import diff_text, ratio


def test_ratio_helper_edge_cases():
    assert ratio(2, 5) == 2.5
    assert ratio(None, 5) is None
    assert ratio(0, 5) is None
    assert ratio(5, 0) is None
    assert ratio(True, 5) is None
    assert ratio(float("inf"), 5) is None


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
