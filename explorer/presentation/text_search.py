"""Finding a query in the content viewer's tabs: pure, on plain strings (never by rendering).

A tab's text is searched as its display lines show it (`DisplayLines`: tabs expanded, long
lines cut into segments that `joined` glues back together), so a match found here is a place
on screen: display line, character offset. Matching ignores case. A `SearchableText` keeps a
tab's text lowered once, so each key typed into the search only runs `str.find`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from explorer.presentation.safe_text import one_line
from explorer.presentation.text_layout import DisplayLines, TextLines

MAX_MATCHES = 200_000  # per tab: beyond this the count says "200,000+" (a one-letter query)
QUERY_SHOWN = 40  # characters of the query quoted in the status


class SearchableText:
    """One tab's display lines, prepared for searching (in a worker thread for a big tab)."""

    def __init__(self, lines: DisplayLines) -> None:
        self.text = lines.text
        lowered = self.text.lower()
        # lower() keeps offsets only when no character changes length (İ becomes two).
        self._lowered: str | None = lowered if len(lowered) == len(self.text) else None
        self.line_offsets: Sequence[int]
        if isinstance(lines.texts, TextLines):  # its lines are offsets into this very text
            self.line_offsets = lines.texts.find_all().starts
            return
        sizes = [length + 1 for length in map(len, lines.texts)]  # each line and its newline
        for joined in lines.joined:  # a segment continues the line before it: no newline
            sizes[joined - 1] -= 1
        self.line_offsets = list(accumulate(sizes, initial=0))[:-1]

    def find(self, query: str) -> TextMatches:
        """Every (non-overlapping) place `query` occurs, ignoring case."""
        if not query:
            return TextMatches([], 0, self.line_offsets)
        starts: list[int] = []
        if self._lowered is not None:
            needle, haystack, size = query.lower(), self._lowered, len(query)
            if len(needle) != size:  # the query itself changes length when lowered
                return self._find_by_pattern(query)
            found = haystack.find(needle)
            while found >= 0 and len(starts) < MAX_MATCHES:
                starts.append(found)
                found = haystack.find(needle, found + size)
            return TextMatches(starts, size, self.line_offsets, capped=found >= 0)
        return self._find_by_pattern(query)

    def _find_by_pattern(self, query: str) -> TextMatches:
        starts: list[int] = []
        capped = False
        for match in re.finditer(re.escape(query), self.text, re.IGNORECASE):
            if len(starts) == MAX_MATCHES:
                capped = True
                break
            starts.append(match.start())
        return TextMatches(starts, len(query), self.line_offsets, capped=capped)


@dataclass(frozen=True)
class MatchSpan:
    """The part of match `index` on one row: characters `start` to `end` of the row."""

    start: int
    end: int
    index: int


class TextMatches:
    """The matches of one query in one tab, in order: `len()` of them."""

    def __init__(self, starts: list[int], size: int, line_offsets: Sequence[int], *,
                 capped: bool = False) -> None:
        self.starts = starts
        self.size = size  # every match is this many characters long
        self.line_offsets = line_offsets
        self.capped = capped  # more matches than were kept (MAX_MATCHES)

    def __len__(self) -> int:
        return len(self.starts)

    def location(self, index: int) -> tuple[int, int]:
        """Where match `index` starts: (display line, character offset in that line)."""
        start = self.starts[index]
        line = bisect_right(self.line_offsets, start) - 1
        return line, start - self.line_offsets[line]

    def first_from(self, line: int, offset: int = 0) -> int | None:
        """The first match starting at or after `offset` in display line `line`, if any."""
        if not self.starts:
            return None
        base = self.line_offsets[min(line, len(self.line_offsets) - 1)] if line >= 0 else 0
        index = bisect_left(self.starts, base + offset)
        return index if index < len(self.starts) else None

    def spans(self, line: int, start: int, end: int) -> list[MatchSpan]:
        """The matches within characters `start` to `end` of display line `line` (one wrapped
        row), clipped to it and relative to `start`."""
        if not self.starts or line >= len(self.line_offsets):
            return []
        first, last = self.line_offsets[line] + start, self.line_offsets[line] + end
        index = bisect_left(self.starts, first - self.size + 1)
        spans = []
        while index < len(self.starts) and self.starts[index] < last:
            match_start = self.starts[index]
            spans.append(MatchSpan(max(match_start, first) - first,
                                   min(match_start + self.size, last) - first, index))
            index += 1
        return spans


@dataclass
class SearchResults:
    """One query's matches in every searched tab, numbered across them in tab order."""

    query: str
    tabs: dict[str, TextMatches]  # tab id -> its matches, in the tabs' order

    @property
    def total(self) -> int:
        return sum(map(len, self.tabs.values()))

    @property
    def capped(self) -> bool:
        return any(matches.capped for matches in self.tabs.values())

    def locate(self, number: int) -> tuple[str, int]:
        """Match `number` (across tabs) as (tab, its index within that tab)."""
        for tab, matches in self.tabs.items():
            if number < len(matches):
                return tab, number
            number -= len(matches)
        raise IndexError(number)

    def number(self, tab: str, index: int) -> int:
        """The number across tabs of match `index` of `tab`."""
        before = 0
        for each, matches in self.tabs.items():
            if each == tab:
                return before + index
            before += len(matches)
        raise KeyError(tab)

    def first_from(self, tab: str, line: int, offset: int = 0) -> int | None:
        """The first match at or after a place in `tab`, else the first in the tabs after it,
        wrapping round to the first tab (None: no match at all)."""
        if not self.total:
            return None
        order = list(self.tabs)
        if tab in self.tabs:
            index = self.tabs[tab].first_from(line, offset)
            if index is not None:
                return self.number(tab, index)
            start = order.index(tab) + 1
        else:
            start = 0
        for each in order[start:] + order[:start]:
            if len(self.tabs[each]):
                return self.number(each, 0)
        return None  # not reached: total > 0

    def step(self, number: int, forward: bool) -> int:
        """The match after (or before) match `number`, wrapping round at either end."""
        return (number + (1 if forward else -1)) % self.total


def search_status(results: SearchResults | None, current: int | None, titles: dict[str, str],
                  *, short: bool = False) -> str:
    """The search bar's status: "match 3 of 41 · Completion", "41 matches", "no match for …";
    `short`, for a narrow bar: "3/41 · Completion", "no match for 'x'". `titles` names the
    tabs (tab id -> title)."""
    if results is None or not results.query:
        return ""
    total, plus = results.total, "+" if results.capped else ""
    if not total:
        quoted = one_line(results.query, QUERY_SHOWN // 2 if short else QUERY_SHOWN)
        where = ", ".join(titles[tab] for tab in results.tabs)
        return f"no match for '{quoted}'" + ("" if short else f" in {where}")
    if current is None:
        return f"{total:,}{plus} match{'es' if total != 1 else ''}"
    tab, _ = results.locate(current)
    if short:
        return f"{current + 1:,}/{total:,}{plus} · {titles[tab]}"
    return f"match {current + 1:,} of {total:,}{plus} · {titles[tab]}"
