"""Display lines for `LazyText`, prepared without touching the UI (so in a worker thread).

Pure: no `textual` import. A text is kept as one string and the offsets of its lines
(`TextLines`: two arrays, no string per line), so a 200,000-line completion costs a few bytes
per line on top of the string the model holds anyway. Styled lines (messages) are kept as
parallel lists (texts, and kinds unless every line has the same kind), not as a list of tuples:
200,000 tuples would make every garbage collection crawl. A line longer than `SEGMENT_CHARS` is
cut into segments, so wrapping never has to handle a megabyte in one go; `joined` remembers which
segments continue the previous line.
"""

from __future__ import annotations

import sys
import threading
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add, sub
from typing import overload

from rich.cells import cell_len, get_character_cell_size

from explorer.presentation.big_text import piece_end, pieces
from explorer.presentation.content_blocks import Line

SEGMENT_CHARS = 16_384  # longer lines are indexed as several segments


def offset_array(limit: int) -> array:
    """An empty array for offsets up to `limit` (4 bytes each while they fit)."""
    return array("I" if limit < 2**32 else "Q")


class TextLines(Sequence[str]):
    """The display lines of one string, as offsets into it: line `i` is
    `text[starts[i]:ends[i]]`, sliced only when asked for (the visible rows).

    The lines are found a ~1 MB piece at a time, when they are asked for (`find`): a
    200,000-line text shows its first screen without splitting the rest, and a tab never shown
    in full never splits it all. Asking for `len()`, an item past those found, or every line
    finds them first. Any thread may ask: finding is locked, and the arrays only grow (`ends`
    last, so `found` lines are whole)."""

    __slots__ = ("text", "starts", "ends", "joined", "_next", "_complete", "_lock")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = offset_array(len(text))
        self.ends = offset_array(len(text))
        self.joined: set[int] = set()  # segments that continue the line before them
        self._next = 0  # where the next piece starts
        self._complete = False
        self._lock = threading.Lock()

    @property
    def found(self) -> int:
        """How many lines are found so far."""
        return len(self.ends)

    @property
    def complete(self) -> bool:
        """True once every line is found."""
        return self._complete

    def find(self, wanted: int) -> int:
        """Find lines until `wanted` are known (or all are); returns how many are."""
        while len(self.ends) < wanted and not self._complete:
            with self._lock:
                if len(self.ends) < wanted and not self._complete:
                    self._find_piece()
        return len(self.ends)

    def find_all(self) -> TextLines:
        """Every line found (returns self)."""
        self.find(sys.maxsize)
        return self

    def __bool__(self) -> bool:
        return True  # a text, even "", has a line

    def __len__(self) -> int:
        return self.find(sys.maxsize)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            stop = index.stop
            self.find(sys.maxsize if stop is None or stop < 0 else stop)
            text = self.text
            return [text[a:b] for a, b in zip(self.starts[index], self.ends[index])]
        self.find(sys.maxsize if index < 0 else index + 1)
        return self.text[self.starts[index] : self.ends[index]]

    def __iter__(self) -> Iterator[str]:
        self.find_all()
        text = self.text
        return (text[a:b] for a, b in zip(self.starts, self.ends))

    def lengths(self, start: int, stop: int) -> list[int]:
        """The lengths of lines `start` to `stop` (found ones; no line is sliced)."""
        return list(map(sub, self.ends[start:stop], self.starts[start:stop]))

    def is_ascii(self, start: int, stop: int) -> bool:
        """True when lines `start` to `stop` (found ones) are all ASCII (one check)."""
        if start >= stop:
            return True
        return self.text[self.starts[start] : self.ends[stop - 1]].isascii()

    def _find_piece(self) -> None:
        """The lines of the next piece: split for their lengths only, so the line strings
        live no longer than the piece (and 17,000 of them allocate faster than 200,000)."""
        text, starts, ends = self.text, self.starts, self.ends
        position = self._next
        end = piece_end(text, position)
        piece = text[position:end]
        self._next = end
        lengths = list(map(len, piece.split("\n"))) if piece else []
        if piece.endswith("\n"):
            lengths.pop()  # the next piece starts the next line
        if lengths and max(lengths) <= SEGMENT_CHARS:
            line_starts = list(accumulate(map(add, lengths, repeat(1)), initial=position))
            line_starts.pop()
            starts.extend(line_starts)
            ends.extend(map(add, line_starts, lengths))
        else:
            for length in lengths:  # a giant line in this piece: cut it into segments
                for cut in range(0, max(length, 1), SEGMENT_CHARS):
                    if cut:
                        self.joined.add(len(starts))
                    starts.append(position + cut)
                    ends.append(position + min(length, cut + SEGMENT_CHARS))
                position += length + 1
        if end >= len(text):
            if not text or text.endswith("\n"):  # as str.split: the empty last line
                starts.append(len(text))
                ends.append(len(text))
            self._complete = True


def lines_found(texts: Sequence[str], wanted: int) -> int:
    """How many of `texts` are known: `len()` of a list; of `TextLines`, the lines found
    once `wanted` are (or all)."""
    return texts.find(wanted) if isinstance(texts, TextLines) else len(texts)


def all_found(texts: Sequence[str]) -> bool:
    """True when every line of `texts` is known (always, but for `TextLines` still finding)."""
    return not isinstance(texts, TextLines) or texts.complete


@dataclass
class DisplayLines:
    """Safe text as display lines: what `LazyText` shows."""

    texts: Sequence[str]  # a list, or `TextLines` over one string
    kinds: list[str] | None = None  # None: every line is `kind`
    kind: str = "text"
    joined: set[int] = field(default_factory=set)  # segments continuing the previous line

    @classmethod
    def from_text(cls, text: str, kind: str = "text") -> DisplayLines:
        """Every line of `text` (already safe) in style `kind`: the string and its line
        offsets (tabs expanded first: a tab must never reach the terminal)."""
        if "\t" in text:
            text = "".join(piece.expandtabs(4) if "\t" in piece else piece for piece in pieces(text))
        lines = TextLines(text)  # found when they are asked for
        return cls(lines, None, kind, lines.joined)

    @classmethod
    def from_split(cls, texts: list[str], kind: str = "text") -> DisplayLines:
        """Lines already split by `split_lines`."""
        segmented, _, joined = _segment(texts, None)
        return cls(segmented, None, kind, joined)

    @classmethod
    def from_lines(cls, lines: list[Line]) -> DisplayLines:
        """`(text, kind)` lines (already safe)."""
        texts = [text.expandtabs(4) if "\t" in text else text for text, _ in lines]
        segmented, kinds, joined = _segment(texts, [kind for _, kind in lines])
        return cls(segmented, kinds, "text", joined)

    @property
    def text(self) -> str:
        """The lines as one string (newlines between logical lines, not between segments)."""
        if isinstance(self.texts, TextLines):
            return self.texts.text  # exactly that string
        if not self.joined:
            return "\n".join(self.texts)
        parts: list[str] = []
        for index, text in enumerate(self.texts):
            if index and index not in self.joined:
                parts.append("\n")
            parts.append(text)
        return "".join(parts)


def ascii_breaks(text: str, width: int) -> list[int]:
    """Start offsets of the 2nd, 3rd, … rows of single-cell `text` soft-wrapped at `width`.

    Breaks after the last space that fits, or hard at `width` when a word is longer.
    """
    breaks: list[int] = []
    start, length = 0, len(text)
    while length - start > width:
        cut = text.rfind(" ", start + 1, start + width + 1)
        cut = start + width if cut < 0 else cut + 1
        breaks.append(cut)
        start = cut
    return breaks


def cell_breaks(text: str, width: int) -> list[int]:
    """`ascii_breaks` for text with wide (CJK, emoji) or zero-width characters."""
    breaks: list[int] = []
    start = column = 0
    last_space = -1
    for index, char in enumerate(text):
        size = get_character_cell_size(char)
        if column + size > width and index > start:
            cut = index
            if last_space >= start:  # break after the last space, if the word then fits
                after_space = last_space + 1
                if cell_len(text[after_space:index]) + size <= width:
                    cut = after_space
            breaks.append(cut)
            start = cut
            column = cell_len(text[cut:index])
            last_space = -1
        if char == " ":
            last_space = index
        column += size
    return breaks


def _segment(
    texts: list[str], kinds: list[str] | None
) -> tuple[list[str], list[str] | None, set[int]]:
    """Cut lines longer than SEGMENT_CHARS into segments; returns the indices that continue.

    Only the long lines are visited in Python; the runs between them are copied in C.
    """
    if not texts or max(map(len, texts)) <= SEGMENT_CHARS:
        return texts, kinds, set()
    long_lines = [i for i, length in enumerate(map(len, texts)) if length > SEGMENT_CHARS]
    out_texts: list[str] = []
    out_kinds: list[str] | None = None if kinds is None else []
    joined: set[int] = set()
    previous = 0
    for index in long_lines:
        out_texts.extend(texts[previous:index])
        if out_kinds is not None and kinds is not None:
            out_kinds.extend(kinds[previous:index])
        text = texts[index]
        pieces = [text[i : i + SEGMENT_CHARS] for i in range(0, len(text), SEGMENT_CHARS)]
        joined.update(range(len(out_texts) + 1, len(out_texts) + len(pieces)))
        out_texts.extend(pieces)
        if out_kinds is not None and kinds is not None:
            out_kinds.extend([kinds[index]] * len(pieces))
        previous = index + 1
    out_texts.extend(texts[previous:])
    if out_kinds is not None and kinds is not None:
        out_kinds.extend(kinds[previous:])
    return out_texts, out_kinds, joined
