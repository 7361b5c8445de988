"""`LazyText`: a read-only, soft-wrapped text view that stays fast on megabytes of text.

A Line API widget (`ScrollView.render_line`) over a list of logical lines, each with a `kind`
that picks a theme style. Only the visible rows are ever rendered. Wrapping is computed once per
width into a row index (`WrapIndex`), in time-boxed steps on the event loop: the first screen
shows at once, no step stalls the UI, and a hidden view stops after its first screen. A giant
line is cut into segments first (see `text_layout`). Search matches (`set_matches`) are drawn in
the visible rows only. PageDown / PageUp move a page from where a scroll is heading, so a burst
of N presses moves N pages. The text must already be safe (`safe_text`); tabs are expanded.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

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
from explorer.presentation.text_layout import DisplayLines, lines_found
from explorer.presentation.text_search import TextMatches
from explorer.presentation.wrap_index import WrapIndex
from explorer.ui.compat import set_extent
from explorer.ui.lines.text_kinds import KIND_STYLES, MATCH_STYLE

STEP_SECONDS = 0.02  # time budget of one indexing step on the event loop
FIRST_STEP_SECONDS = 0.004  # the first step's: rows for the first screen, then paint
RESIZE_EVERY_SECONDS = 0.25  # while indexing, how often the scrollbar learns the new size
MAX_SELECTED_ROWS = 100_000  # a mouse selection copies at most this many rows



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
        # Parallel sequences, not a list of tuples: 200,000 tuples would make every garbage
        # collection pass crawl through them. (A text's lines are offsets into one string.)
        self._texts: Sequence[str] = []
        self._kinds: list[str] | None = None  # None: every line is `self._kind`
        self._kind = "text"
        self._joined: set[int] = set()  # segments that continue the previous line (no newline)
        self._width = 0  # wrap width the index was built for
        self._index = WrapIndex([], 0)
        self._sized_at = 0.0  # when the virtual size was last updated while indexing
        # (logical line, character) to scroll to once indexed that far; `True`: show it in the
        # middle, as a match (else at the top, as after a resize).
        self._anchor: tuple[int, int, bool] | None = None
        self._generation = 0  # bumps on every new text or width: stale steps stop
        self._on_screen = False  # between Show and Hide: a hidden view indexes no further
        self._paused = False  # indexing waits for the view to be shown again
        self._prerendered: list[Strip] | None = None  # e.g. Markdown rendered at `_width`
        self._styles: dict[str, Style] = {}
        self._strips: LRUCache[int, Strip] = LRUCache(512)
        self._matches: TextMatches | None = None  # search matches to highlight
        self._current_match: int | None = None

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Nothing of this view's style depends on focus (its tab strip shows it), so skip
        Textual's restyle: it would also repaint the scrollbars, a frame after the rest."""

    # -- content -------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Number of wrapped rows indexed so far."""
        return self._rows

    @property
    def _rows(self) -> int:
        return len(self._prerendered) if self._prerendered is not None else self._index.rows

    @property
    def indexing(self) -> bool:
        """True while the wrap index is still being built in the background (not while it
        waits for a hidden view to be shown again)."""
        return (self._prerendered is None and self._width > 0 and not self._index.done
                and not self._paused)

    @property
    def index_paused(self) -> bool:
        """True when the view is hidden with its text indexed partly: it goes on when shown."""
        return self._paused

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
        self._matches = self._current_match = None
        self._generation += 1
        self._paused = False
        self._strips.clear()
        self._index = WrapIndex([], 0)
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
        self._matches = self._current_match = None
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._reindex()

    # -- wrap index ----------------------------------------------------------------------

    def _wrap_width(self) -> int:
        return self.scrollable_content_region.width

    def _reindex(self) -> None:
        self._generation += 1
        self._paused = False  # a paused step belonged to the text or width before
        self._strips.clear()
        self._width = self._wrap_width()
        self._index = WrapIndex(self._texts, self._width)
        if self._width <= 0:
            self.virtual_size = Size(0, lines_found(self._texts, 0))
            return  # not laid out yet: on_resize indexes
        self._index_step(self._generation)
        self.refresh()

    def _index_step(self, generation: int) -> None:
        """Index logical lines for STEP_SECONDS, then yield to the event loop and continue;
        a hidden view (another tab) stops after its first screen until it is shown again."""
        if generation != self._generation:
            return
        index = self._index
        first_step = not index.indexed
        if not first_step and not self._on_screen:
            self._paused = True  # `on_show` goes on
            return
        index.extend(time.perf_counter() + (FIRST_STEP_SECONDS if first_step else STEP_SECONDS))
        position, done, now = index.indexed, index.done, time.perf_counter()
        # A new virtual size relayouts the screen: not after every step of a long index.
        anchor = self._anchor
        reached = anchor is not None and anchor[0] < position
        if done or first_step or reached or now - self._sized_at > RESIZE_EVERY_SECONDS:
            self._sized_at = now
            set_extent(self, Size(index.width, index.rows))
        if reached and anchor is not None:
            self._anchor = None
            self._scroll_to_place(*anchor)
        if done:
            self.refresh()
        elif first_step:  # the first screen is painted (and seen) before indexing goes on
            self.call_after_refresh(self._next_step, generation)
        else:
            self._next_step(generation)

    def _next_step(self, generation: int) -> None:
        self.set_timer(0.001, lambda: self._index_step(generation))

    def on_show(self) -> None:
        self.set_shown(True)

    def on_hide(self) -> None:
        self.set_shown(False)

    def set_shown(self, shown: bool) -> None:
        """Whether the view is on screen: a hidden one indexes no further than its first
        screen. (The Show and Hide events come with the next layout; a tab switch can say
        it at once, so the tab left does not take one more step meanwhile.)"""
        self._on_screen = shown
        if shown and self._paused:
            self._paused = False
            self._index_step(self._generation)

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
        # Keep the top line in view: scroll back to it once the new index reaches it. (Unless
        # a match waits to be shown: a tab shown for the first time is sized only now.)
        if self._anchor is None or not self._anchor[2]:
            top = self._index.line_at(round(self.scroll_y)) if self.scroll_y else None
            self._anchor = None if top is None else (top, 0, False)
        self._reindex()

    # -- search matches ------------------------------------------------------------------

    @property
    def top_place(self) -> tuple[int, int]:
        """The (logical line, character) at the top of the view: where a search starts."""
        row = round(self.scroll_y)
        if self._prerendered is not None or row >= self._index.rows:
            return (0, 0)
        line, start, _end = self._index.row_place(row)
        return line, start

    def set_matches(self, matches: TextMatches | None, current: int | None = None) -> None:
        """Highlight `matches` (found in the lines on show; None: no highlights), match
        `current` (an index in `matches`) as the current one. Only visible rows pay for it."""
        if matches is self._matches and current == self._current_match:
            return
        self._matches, self._current_match = matches, current
        self._strips.clear()
        self.refresh()

    def show_match(self, index: int) -> None:
        """Make match `index` the current one and scroll it into view (once indexed so far)."""
        if self._matches is None:
            return
        self.set_matches(self._matches, index)
        line, offset = self._matches.location(index)
        if line < self._index.indexed:
            self._scroll_to_place(line, offset, True)
        else:
            self._anchor = (line, offset, True)  # `_index_step` scrolls when it gets there

    def _scroll_to_place(self, line: int, offset: int, middle: bool) -> None:
        """Scroll to character `offset` of logical line `line`: its row at the top, or (a
        match) in the middle unless it is in view already."""
        row = self._index.row_of(line, offset)
        if self.virtual_size.height < self._index.rows:  # indexed further than it has said
            set_extent(self, Size(self._index.width, self._index.rows))
        if not middle:
            self.scroll_to(0, row, animate=False, immediate=True)
            return
        height = self.scrollable_content_region.height
        if not self.scroll_y <= row < self.scroll_y + height:
            self.scroll_to(0, max(0, row - height // 3), animate=False, immediate=True)

    # -- paging --------------------------------------------------------------------------

    # A page from where the scroll is heading, not from where its animation has got to
    # (Textual's `scroll_page_down` starts at `scroll_y`): N quick presses move N pages.
    def action_page_down(self) -> None:
        self.scroll_to(y=self._scroll_heading() + self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self.scroll_to(y=self._scroll_heading() - self.scrollable_content_region.height)

    def _scroll_heading(self) -> float:
        """Where the view is scrolling to: the end of a scroll animation under way, if any."""
        if self.app.animator.is_being_animated(self, "scroll_y"):
            return self.scroll_target_y
        return self.scroll_y

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
        position, start, end = self._index.row_place(row)
        kind = self._kind if self._kinds is None else self._kinds[position]
        text = self._texts[position]
        return (text[start:end] if start or end < len(text) else text), kind

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
        if row >= self._rows or not self._index.indexed:
            return Strip.blank(width, base)  # not cached: indexing may add it
        text, kind = self._row_text(row)
        style = self._style(kind)
        marked = self._mark_matches(row, Text(text, style, end="")) if self._matches else None
        if span is not None:
            strip = self._select(Text(text, style, end="") if marked is None else marked, span)
        elif marked is not None:
            strip = Strip(marked.render(self.app.console), marked.cell_len)
        else:
            strip = Strip([Segment(text, style)], cell_len(text))
        return strip.crop_extend(0, width, style if kind.startswith("header:") else base)

    def _mark_matches(self, row: int, text: Text) -> Text | None:
        """`text` (row `row`) with its search matches styled; None when it has none."""
        assert self._matches is not None
        spans = self._matches.spans(*self._index.row_place(row))
        if not spans:
            return None
        for span in spans:
            current = span.index == self._current_match
            text.stylize(self._style("current-match") if current else MATCH_STYLE,
                         span.start, span.end)
        return text

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
