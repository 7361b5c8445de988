"""`WrapIndex`: where each soft-wrapped row of a list of lines starts, built a step at a time.

Pure (no `textual` import): `LazyText` builds one per text and width, in time-boxed steps on
the event loop (prefix sums of rows per logical line, and the break offsets of the lines that
wrap, both in arrays: a Python int per line would cost 36 bytes), and asks it which line and
characters a row shows, or which row shows a character.
"""

from __future__ import annotations

import time
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from rich.cells import cell_len

from explorer.presentation.text_layout import (
    TextLines,
    all_found,
    ascii_breaks,
    cell_breaks,
    lines_found,
)

CHUNK_LINES = 8192  # logical lines indexed between two clock reads


class WrapIndex:
    """The rows of `texts` soft-wrapped at `width` cells, for the lines indexed so far."""

    def __init__(self, texts: Sequence[str], width: int) -> None:
        self.texts = texts
        self.width = width
        self.row_starts = array("I")  # the first row of each indexed logical line
        self.breaks: dict[int, array] = {}  # line -> start offsets of its 2nd, 3rd… rows
        self.rows = 0  # rows of the lines indexed so far

    @property
    def indexed(self) -> int:
        """How many logical lines are indexed."""
        return len(self.row_starts)

    @property
    def done(self) -> bool:
        return all_found(self.texts) and len(self.row_starts) >= lines_found(self.texts, 0)

    def extend(self, deadline: float) -> None:
        """Index more lines (finding them first, a piece at a time, for `TextLines`), until
        all are or `perf_counter()` passes `deadline`."""
        texts = self.texts
        position = len(self.row_starts)
        while time.perf_counter() < deadline:
            stop = min(lines_found(texts, position + CHUNK_LINES), position + CHUNK_LINES)
            if position >= stop:
                return  # every line is indexed
            if isinstance(texts, TextLines):  # no string per line: lengths from the offsets
                ascii, lengths = texts.is_ascii(position, stop), texts.lengths(position, stop)
            else:
                chunk = texts[position:stop]
                ascii, lengths = all(map(str.isascii, chunk)), list(map(len, chunk))
            if ascii:
                position = self._index_ascii(position, lengths, deadline)
            else:
                position = self._index_cells(position, stop, deadline)

    def line_at(self, row: int) -> int:
        """The logical line that row `row` belongs to."""
        return max(0, bisect_right(self.row_starts, row) - 1)

    def row_place(self, row: int) -> tuple[int, int, int]:
        """Where row `row` is: (logical line, its first character, its end character)."""
        line = self.line_at(row)
        length = len(self.texts[line])
        cuts = self.breaks.get(line)
        if not cuts:
            return line, 0, length
        part = row - self.row_starts[line]
        return line, cuts[part - 1] if part else 0, cuts[part] if part < len(cuts) else length

    def row_of(self, line: int, offset: int) -> int:
        """The row showing character `offset` of logical line `line` (which is indexed)."""
        cuts = self.breaks.get(line)
        return self.row_starts[line] + (bisect_right(cuts, offset) if cuts else 0)

    def _index_ascii(self, offset: int, lengths: list[int], deadline: float) -> int:
        """Index single-cell lines (`lengths`: of lines `offset`…), C-speed for lines that fit
        the width; stops early after a wrapped line when `deadline` has passed. Returns the
        next position to index."""
        width = self.width
        rows = [1] * len(lengths)
        end = len(lengths)
        for index in [i for i, length in enumerate(lengths) if length > width]:
            cuts = ascii_breaks(self.texts[offset + index], width)
            if cuts:
                self.breaks[offset + index] = array("I", cuts)
            rows[index] = len(cuts) + 1
            if time.perf_counter() > deadline:
                end = index + 1
                break
        starts = list(accumulate(rows[:end] if end < len(lengths) else rows, initial=self.rows))
        self.rows = starts.pop()
        self.row_starts.extend(starts)
        return offset + end

    def _index_cells(self, position: int, stop: int, deadline: float) -> int:
        """Index lines with wide characters, one at a time until `deadline`; returns where it
        stopped."""
        texts, starts, width, rows = self.texts, self.row_starts, self.width, self.rows
        clock = time.perf_counter
        while position < stop:
            text = texts[position]
            starts.append(rows)
            position += 1
            if len(text) <= width // 2 or cell_len(text) <= width:
                rows += 1
                continue
            cuts = ascii_breaks(text, width) if text.isascii() else cell_breaks(text, width)
            if cuts:
                self.breaks[position - 1] = array("I", cuts)
            rows += len(cuts) + 1
            if clock() > deadline:  # wrapping is the slow part: check after each wrapped line
                break
        self.rows = rows
        return position
