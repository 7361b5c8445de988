"""Display lines for `LazyText`, prepared without touching the UI (so in a worker thread).

Pure: no `textual` import. Lines are kept as parallel lists (texts, and kinds unless every line
has the same kind), not as a list of tuples: 200,000 tuples would make every garbage collection
crawl. A line longer than `SEGMENT_CHARS` is cut into segments, so wrapping never has to handle a
megabyte in one go; `joined` remembers which segments continue the previous line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len, get_character_cell_size

from explorer.presentation.big_text import split_lines
from explorer.presentation.content_blocks import Line

SEGMENT_CHARS = 16_384  # longer lines are indexed as several segments


@dataclass
class DisplayLines:
    """Safe text as display lines: what `LazyText` shows."""

    texts: list[str]
    kinds: list[str] | None = None  # None: every line is `kind`
    kind: str = "text"
    joined: set[int] = field(default_factory=set)  # segments continuing the previous line

    @classmethod
    def from_text(cls, text: str, kind: str = "text") -> DisplayLines:
        """Every line of `text` (already safe) in style `kind`."""
        return cls.from_split(split_lines(text), kind)

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
        if not self.joined:
            return "\n".join(self.texts)
        pieces: list[str] = []
        for index, text in enumerate(self.texts):
            if index and index not in self.joined:
                pieces.append("\n")
            pieces.append(text)
        return "".join(pieces)


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
