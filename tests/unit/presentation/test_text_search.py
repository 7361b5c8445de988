"""Finding a query in the viewer's display lines (pure: `text_search`), and the wrap index that
turns a match into a row (`wrap_index`)."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.presentation import text_search
from explorer.presentation.text_layout import SEGMENT_CHARS, DisplayLines
from explorer.presentation.text_search import (
    MatchSpan,
    SearchableText,
    SearchResults,
    TextMatches,
    search_status,
)
from explorer.presentation.wrap_index import WrapIndex

TITLES = {"messages": "Messages", "completion": "Completion", "reasoning": "Reasoning"}


def searchable(text: str) -> SearchableText:
    return SearchableText(DisplayLines.from_text(text))


def found(text: str, query: str) -> list[tuple[int, int]]:
    matches = searchable(text).find(query)
    return [matches.location(index) for index in range(len(matches))]


def test_matches_ignore_case_and_are_placed_by_line_and_character():
    assert found("a Needle\nno NEEDLE\nneedle needle", "needle") == [
        (0, 2), (1, 3), (2, 0), (2, 7)]
    assert found("abc", "") == [] and found("", "x") == []
    assert found("aaaa", "aa") == [(0, 0), (0, 2)]  # not overlapping, as a reader counts


def test_a_character_that_grows_when_lowered_keeps_offsets_right():
    # "İ".lower() is two characters: offsets in the lowered text would drift after it.
    assert found("İstanbul needle\nİİ needle", "NEEDLE") == [(0, 9), (1, 3)]
    assert found("straße", "SS") == []  # no case folding beyond one character for one


def test_a_match_across_the_segments_of_a_long_line_is_one_match():
    line = "x" * (SEGMENT_CHARS - 3) + "needle" + "y" * 10
    lines = DisplayLines.from_text(line + "\nneedle")
    assert len(lines.texts) == 3 and lines.joined == {1}
    matches = SearchableText(lines).find("needle")
    assert [matches.location(index) for index in range(2)] == [(0, SEGMENT_CHARS - 3), (2, 0)]
    # Each segment's rows draw their part of it.
    assert matches.spans(0, SEGMENT_CHARS - 10, SEGMENT_CHARS) == [MatchSpan(7, 10, 0)]
    assert matches.spans(1, 0, 13) == [MatchSpan(0, 3, 0)]


def test_spans_are_clipped_to_the_row_and_relative_to_it():
    matches = searchable("one needle two needle three").find("needle")
    assert matches.spans(0, 0, 27) == [MatchSpan(4, 10, 0), MatchSpan(15, 21, 1)]
    assert matches.spans(0, 7, 18) == [MatchSpan(0, 3, 0), MatchSpan(8, 11, 1)]  # cut by the row
    assert matches.spans(0, 22, 27) == [] and matches.spans(5, 0, 9) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aAbB İ\n", max_size=60), st.text(alphabet="aAbB", min_size=1, max_size=3))
def test_matches_are_where_a_case_blind_regex_finds_them(text, query):
    matches = searchable(text).find(query)
    expected = [match.start() for match in re.finditer(re.escape(query), text, re.IGNORECASE)]
    assert matches.starts == expected


def test_a_one_letter_query_is_capped_and_says_so(monkeypatch):
    monkeypatch.setattr(text_search, "MAX_MATCHES", 10)
    matches = searchable("e" * 50).find("E")
    assert len(matches) == 10 and matches.capped
    results = SearchResults("e", {"messages": matches})
    assert search_status(results, None, TITLES) == "10+ matches"


def test_results_are_numbered_across_tabs_and_wrap_round():
    tabs = {"messages": searchable("x\nneedle\nneedle").find("needle"),
            "completion": searchable("nothing").find("needle"),
            "reasoning": searchable("needle").find("needle")}
    results = SearchResults("needle", tabs)
    assert results.total == 3
    assert [results.locate(number) for number in range(3)] == [
        ("messages", 0), ("messages", 1), ("reasoning", 0)]
    assert results.number("reasoning", 0) == 2
    assert results.first_from("messages", 0) == 0
    assert results.first_from("messages", 2) == 1
    assert results.first_from("messages", 2, 1) == 2  # past the last there: the next tab's
    assert results.first_from("completion", 0) == 2
    assert results.first_from("reasoning", 0, 1) == 0  # past the end: round to the first
    assert results.first_from("raw", 0) == 0  # an unsearched tab: from the first
    assert [results.step(2, True), results.step(0, False)] == [0, 2]


def test_status_wording():
    tabs = {"messages": searchable("needle").find("needle"),
            "completion": searchable("needle").find("needle")}
    results = SearchResults("needle", tabs)
    assert search_status(results, None, TITLES) == "2 matches"
    assert search_status(results, 1, TITLES) == "match 2 of 2 · Completion"
    one = SearchResults("needle", {"messages": tabs["messages"]})
    assert search_status(one, None, TITLES) == "1 match"
    none = SearchResults("[b]hay\x1b[0m", {"messages": searchable("x").find("[b]hay\x1b[0m")})
    assert search_status(none, None, TITLES) == "no match for '[b]hay␛[0m' in Messages"
    assert search_status(None, None, TITLES) == ""


def test_searching_a_megabyte_takes_milliseconds():
    text = "\n".join(f"{i:05} 09:00:02 notifier sa-east-1 5xx burst" for i in range(25_000))
    prepared = searchable(text)
    started = time.perf_counter()
    matches = prepared.find("SA-EAST-1")
    assert len(matches) == 25_000
    assert time.perf_counter() - started < 0.5  # about 5 ms; generous for a loaded machine


def test_the_wrap_index_places_rows_and_characters():
    texts = ["short", "a long line that wraps twice here", "", "end"]
    index = WrapIndex(texts, 12)
    index.extend(time.perf_counter() + 10)
    assert index.done and index.rows == 1 + 3 + 1 + 1
    assert [index.row_place(row) for row in range(6)] == [
        (0, 0, 5), (1, 0, 12), (1, 12, 23), (1, 23, 33), (2, 0, 0), (3, 0, 3)]
    assert index.row_of(1, 0) == 1 and index.row_of(1, 13) == 2 and index.row_of(1, 30) == 3
    assert index.line_at(3) == 1 and index.row_of(3, 0) == 5


def test_text_matches_with_no_lines_find_nothing():
    empty = TextMatches([], 6, [])
    assert empty.first_from(0) is None and empty.spans(0, 0, 10) == []
