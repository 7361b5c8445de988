"""`LazyText`: a read-only, soft-wrapped text view that stays fast on megabytes of text.

A Line API widget (`ScrollView.render_line`) over a list of logical lines, each with a `kind`
that picks a theme style. Only the visible rows are ever rendered. Wrapping is computed once per
width into a row index (prefix sums of rows per logical line); for big texts the index is built
in time-boxed steps on the event loop, so the first screen shows at once and no step stalls the
UI. A giant line is cut into segments of `SEGMENT_CHARS` characters first, so no single step
has to wrap a megabyte (see `text_layout`).

The text must already be safe (see `explorer.presentation.safe_text.safe_text`); tabs are expanded here.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from itertools import accumulate

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Offset, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style as VisualStyle

from explorer.presentation.content_blocks import Line
from explorer.presentation.text_layout import DisplayLines, ascii_breaks, cell_breaks
from explorer.ui.compat import set_extent
from explorer.ui.styles import MUTED

STEP_SECONDS = 0.02  # time budget of one indexing step on the event loop
RESIZE_EVERY_SECONDS = 0.25  # while indexing, how often the scrollbar learns the new size
_CHUNK_LINES = 8192  # logical lines indexed between two clock reads
MAX_SELECTED_ROWS = 100_000  # a mouse selection copies at most this many rows

# kind -> style, in theme variables. Header kinds are "header:<role>". (Styles, not component
# classes: Textual restyles every component class of a widget whenever its focus changes, and
# the view takes focus on every lookup.)
KIND_STYLES = {
    "header:user": "bold $text-primary on $boost",
    "header:assistant": "bold $text-success on $boost",
    "header:system": "bold $text-warning on $boost",
    "header:developer": "bold $text-accent on $boost",
    "header:tool": "bold $text-secondary on $boost",
    "header:other": f"bold {MUTED} on $boost",
    "media": "italic $text-accent",
    "tool-call": "bold $text-secondary",
    "code": "$text-secondary",
    "note": f"italic {MUTED}",
    "extra": MUTED,
    "error": "$text-error",
}


class LazyText(ScrollView, can_focus=True):
    """Read-only soft-wrapped lines of text; virtualised, so huge texts scroll smoothly."""

    DEFAULT_CSS = """
    LazyText {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: scroll;
        padding: 0 1;
    }
    """

    class WidthChanged(Message):
        """The wrap width changed (e.g. pre-rendered rows must be rendered again)."""

        def __init__(self, view: LazyText, width: int) -> None:
            super().__init__()
            self.view = view
            self.width = width

        @property
        def control(self) -> LazyText:
            return self.view

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # Parallel lists, not a list of tuples: 200,000 tuples would make every garbage
        # collection pass crawl through them.
        self._texts: list[str] = []
        self._kinds: list[str] | None = None  # None: every line is `self._kind`
        self._kind = "text"
        self._joined: set[int] = set()  # segments that continue the previous line (no newline)
        self._width = 0  # wrap width the index was built for
        self._row_starts: list[int] = []
        self._breaks: dict[int, list[int]] = {}
        self._rows = 0
        self._sized_at = 0.0  # when the virtual size was last updated while indexing
        self._anchor: int | None = None  # logical line to scroll back to once re-indexed
        self._generation = 0  # bumps on every new text or width: stale steps stop
        self._prerendered: list[Strip] | None = None  # e.g. Markdown rendered at `_width`
        self._styles: dict[str, Style] = {}
        self._strips: LRUCache[int, Strip] = LRUCache(512)

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Nothing of this view's style depends on focus (its tab strip shows it), so skip
        Textual's restyle: it would also repaint the scrollbars, a frame after the rest."""

    # -- content -------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Number of wrapped rows indexed so far."""
        return self._rows

    @property
    def indexing(self) -> bool:
        """True while the wrap index is still being built in the background."""
        return (self._prerendered is None and self._width > 0
                and len(self._row_starts) < len(self._texts))

    @property
    def wrap_width(self) -> int:
        """The width rows are wrapped (or pre-rendered) for."""
        return self._width

    @property
    def text(self) -> str:
        """The lines as one string (newlines between logical lines)."""
        return DisplayLines(self._texts, self._kinds, self._kind, self._joined).text

    def set_lines(self, lines: list[Line]) -> None:
        """Show `(text, kind)` lines (already safe), scrolled to the top."""
        self.set_display(DisplayLines.from_lines(lines))

    def set_strips(self, strips: list[Strip], *, keep_position: bool = False) -> None:
        """Show rows already rendered for the current width (no wrapping). When the width
        changes, `WidthChanged` asks the owner to render them again."""
        fraction = self.scroll_y / max(1, self.max_scroll_y) if keep_position else 0.0
        self._prerendered = strips
        self._texts, self._kinds, self._joined = [], None, set()
        self._generation += 1
        self._strips.clear()
        self._row_starts, self._breaks = [], {}
        self._rows = len(strips)
        self._width = self._wrap_width()
        set_extent(self, Size(self._width, self._rows))
        target = round(fraction * max(0, self._rows - self.scrollable_content_region.height))
        self.scroll_to(0, target, animate=False, immediate=True)
        self.refresh()

    def set_display(self, lines: DisplayLines) -> None:
        """Show prepared lines (see `DisplayLines`, which a worker thread can build)."""
        self._prerendered = None
        self._texts, self._kinds, self._kind = lines.texts, lines.kinds, lines.kind
        self._joined = lines.joined
        self._anchor = None
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._reindex()

    # -- wrap index ----------------------------------------------------------------------

    def _wrap_width(self) -> int:
        return self.scrollable_content_region.width

    def _reindex(self) -> None:
        self._generation += 1
        self._row_starts = []
        self._breaks = {}
        self._rows = 0
        self._strips.clear()
        self._width = self._wrap_width()
        if self._width <= 0:
            self.virtual_size = Size(0, len(self._texts))
            return  # not laid out yet: on_resize indexes
        self._index_step(self._generation)
        self.refresh()

    def _index_step(self, generation: int) -> None:
        """Index logical lines for STEP_SECONDS, then yield to the event loop and continue."""
        if generation != self._generation:
            return
        texts, width = self._texts, self._width
        clock = time.perf_counter
        deadline = clock() + STEP_SECONDS
        first_step = not self._row_starts
        position, total = len(self._row_starts), len(texts)
        while position < total and clock() < deadline:
            stop = min(total, position + _CHUNK_LINES)
            chunk = texts[position:stop]
            if all(map(str.isascii, chunk)):
                position = self._index_ascii(position, chunk, deadline)
            else:
                position = self._index_cells(position, stop, deadline)
        now = clock()
        done = position >= total
        # A new virtual size relayouts the screen: not after every step of a long index.
        anchor = self._anchor
        reached = anchor is not None and anchor < position
        if done or first_step or reached or now - self._sized_at > RESIZE_EVERY_SECONDS:
            self._sized_at = now
            set_extent(self, Size(width, self._rows))
        if reached and anchor is not None:
            self._anchor = None
            self.scroll_to(0, self._row_starts[anchor], animate=False, immediate=True)
        if done:
            self.refresh()
        else:
            self.set_timer(0.001, lambda: self._index_step(generation))

    def _index_ascii(self, offset: int, chunk: list[str], deadline: float) -> int:
        """Index single-cell lines, C-speed for lines that fit the width; stops early after a
        wrapped line when `deadline` has passed. Returns the next position to index."""
        width = self._width
        rows = [1] * len(chunk)
        end = len(chunk)
        for index in [i for i, length in enumerate(map(len, chunk)) if length > width]:
            cuts = ascii_breaks(chunk[index], width)
            if cuts:
                self._breaks[offset + index] = cuts
            rows[index] = len(cuts) + 1
            if time.perf_counter() > deadline:
                end = index + 1
                break
        starts = list(accumulate(rows[:end] if end < len(chunk) else rows, initial=self._rows))
        self._rows = starts.pop()
        self._row_starts.extend(starts)
        return offset + end

    def _index_cells(self, position: int, stop: int, deadline: float) -> int:
        """Index lines with wide characters, one at a time until `deadline`; returns where it
        stopped."""
        texts, starts, width, rows = self._texts, self._row_starts, self._width, self._rows
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
                self._breaks[position - 1] = cuts
            rows += len(cuts) + 1
            if clock() > deadline:  # wrapping is the slow part: check after each wrapped line
                break
        self._rows = rows
        return position

    def on_resize(self, event: Resize) -> None:
        width = self._wrap_width()
        if width == self._width:
            return
        self.post_message(self.WidthChanged(self, width))
        if self._prerendered is not None:
            self._width = width
            self._strips.clear()
            return
        if not self._texts:
            return
        # Keep the top line in view: scroll back to it once the new index reaches it.
        anchor = self._logical_line_at(round(self.scroll_y)) if self.scroll_y else None
        self._anchor = anchor
        self._reindex()

    def _logical_line_at(self, row: int) -> int:
        return max(0, bisect_right(self._row_starts, row) - 1)

    # -- rendering -----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def _style(self, kind: str) -> Style:
        style = self._styles.get(kind)
        if style is None:
            base = self.visual_style
            kind_style = KIND_STYLES.get(kind)
            # `+` blends a translucent colour ($boost) over the view's own background.
            style = (base + VisualStyle.parse(kind_style) if kind_style else base).rich_style
            self._styles[kind] = style
        return style

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.scrollable_content_region.width
        strip = self._strips.get(row)
        if strip is None or strip.cell_length != width:
            strip = self._render_row(row, width)
            if row < self._rows and self.text_selection is None:
                self._strips[row] = strip
        return strip.apply_offsets(scroll_x, row)

    def _row_text(self, row: int) -> tuple[str, str]:
        """The text and kind of wrapped row `row` (which must be indexed)."""
        position = self._logical_line_at(row)
        text = self._texts[position]
        kind = self._kind if self._kinds is None else self._kinds[position]
        cuts = self._breaks.get(position)
        if cuts:
            part = row - self._row_starts[position]
            start = cuts[part - 1] if part else 0
            end = cuts[part] if part < len(cuts) else len(text)
            text = text[start:end]
        return text, kind

    def _render_row(self, row: int, width: int) -> Strip:
        base = self._style("")  # the widget's own style, cached: `rich_style` walks the DOM
        selection = self.text_selection
        span = selection.get_span(row) if selection is not None else None
        if self._prerendered is not None:
            if row >= len(self._prerendered):
                return Strip.blank(width, base)
            strip = self._prerendered[row].apply_style(base)
            if span is not None:
                strip = self._select(Text.assemble(*((seg.text, seg.style) for seg in strip)), span)
            return strip.crop_extend(0, width, base)
        if row >= self._rows or not self._row_starts:
            return Strip.blank(width, base)  # not cached: indexing may add it
        text, kind = self._row_text(row)
        style = self._style(kind)
        if span is not None:
            strip = self._select(Text(text, style), span)
        else:
            strip = Strip([Segment(text, style)], cell_len(text))
        return strip.crop_extend(0, width, style if kind.startswith("header:") else base)

    # -- mouse selection -----------------------------------------------------------------

    def _select(self, text: Text, span: tuple[int, int]) -> Strip:
        start, end = span
        text.stylize(self.screen.get_component_rich_style("screen--selection"), start,
                     len(text) if end == -1 else end)
        return Strip(text.render(self.app.console), text.cell_len)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, built from the selected rows only (never the whole text)."""
        if not self._rows:
            return None
        first = selection.start.y if selection.start is not None else 0
        last = selection.end.y if selection.end is not None else self._rows - 1
        first, last = max(0, first), min(self._rows - 1, last, first + MAX_SELECTED_ROWS)
        if self._prerendered is not None:
            strips = self._prerendered[first : last + 1]
            rows = ["".join(segment.text for segment in strip) for strip in strips]
        else:
            rows = [self._row_text(row)[0] for row in range(first, last + 1)]
        shifted = Selection(
            None if selection.start is None else Offset(selection.start.x, 0),
            None if selection.end is None else Offset(selection.end.x, last - first),
        )
        return shifted.extract("\n".join(rows)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()
