"""`TextLines`: a text's display lines kept as offsets into the one string, never a string per
line, yet the same lines, segments and wrapped rows as splitting it would give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.presentation.big_text import split_lines
from explorer.presentation.text_layout import SEGMENT_CHARS, DisplayLines, TextLines
from explorer.presentation.text_search import SearchableText
from explorer.presentation.wrap_index import WrapIndex


def split_and_segment(text: str) -> tuple[list[str], set[int]]:
    """What the display lines were before offsets: every line a string, giant ones cut."""
    texts: list[str] = []
    joined: set[int] = set()
    for line in split_lines(text):
        for cut in range(0, max(len(line), 1), SEGMENT_CHARS):
            if cut:
                joined.add(len(texts))
            texts.append(line[cut : cut + SEGMENT_CHARS])
    return texts, joined


@pytest.mark.parametrize("text", [
    "", "a", "a\n", "\n\n", "a\tb\nc\n\n",
    "x" * ((1 << 20) + 5) + "\n" + "y\n" * 10,  # a giant line across the first piece's end
    "line\n" * 300_000,  # several 1 MB pieces
    "short\n" + "z" * (SEGMENT_CHARS * 2 + 3) + "\nend",
    "z" * SEGMENT_CHARS, "z" * (SEGMENT_CHARS + 1) + "\n",
])
def test_text_lines_are_the_split_and_segmented_lines(text):
    lines = DisplayLines.from_text(text)
    expected, joined = split_and_segment(text)
    assert isinstance(lines.texts, TextLines)
    assert list(lines.texts) == expected and lines.texts[: len(expected)] == expected
    assert [lines.texts[i] for i in range(len(expected))] == expected
    assert lines.joined == joined
    assert lines.text == text.expandtabs(4)


def test_a_text_without_tabs_is_kept_as_the_same_string_not_a_copy():
    text = "first\nsecond line\n" * 1000
    lines = DisplayLines.from_text(text)
    assert lines.text is text
    assert lines.texts.starts.itemsize == 4  # 4 bytes an offset, not a string a line


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab é\n\t漢"), max_size=300), st.integers(1, 30))
def test_the_wrap_index_of_text_lines_equals_the_index_of_the_same_lines_as_strings(text, width):
    lines = DisplayLines.from_text(text)
    by_offsets, by_strings = WrapIndex(lines.texts, width), WrapIndex(list(lines.texts), width)
    by_offsets.extend(float("inf"))
    by_strings.extend(float("inf"))
    assert by_offsets.rows == by_strings.rows
    assert list(by_offsets.row_starts) == list(by_strings.row_starts)
    assert [by_offsets.row_place(row) for row in range(by_offsets.rows)] == [
        by_strings.row_place(row) for row in range(by_strings.rows)]


def test_searching_text_lines_finds_the_same_places_as_searching_strings():
    text = "alpha needle\n" + "x" * (SEGMENT_CHARS - 2) + "needle\n\tneedle"
    lines = DisplayLines.from_text(text)
    as_strings = DisplayLines(list(lines.texts), None, "text", lines.joined)
    found, expected = SearchableText(lines).find("NEEDLE"), SearchableText(as_strings).find("NEEDLE")
    assert [found.location(i) for i in range(len(found))] == [
        expected.location(i) for i in range(len(expected))] == [(0, 6), (1, SEGMENT_CHARS - 2), (3, 4)]


def test_lines_are_found_a_piece_at_a_time_as_they_are_asked_for():
    text = "line\n" * 600_000  # three 1 MB pieces
    lines = DisplayLines.from_text(text).texts
    assert isinstance(lines, TextLines) and lines.found == 0 and not lines.complete
    assert lines.find(10) < 300_000 and not lines.complete  # one piece: the first screen
    assert lines[5] == "line"
    index = WrapIndex(lines, 80)
    index.extend(float("inf"))
    assert index.done and lines.complete and index.rows == 600_001


def test_lines_found_from_two_threads_at_once_are_the_lines():
    import threading

    text = "".join(f"{i}\n" for i in range(400_000))
    lines = DisplayLines.from_text(text).texts
    finders = [threading.Thread(target=lines.find_all) for _ in range(3)]
    for finder in finders:
        finder.start()
    index = WrapIndex(lines, 10)
    index.extend(float("inf"))  # this thread finds lines too, meanwhile
    for finder in finders:
        finder.join()
    assert list(lines) == text.split("\n")
    assert index.rows == len(lines) == 400_001
