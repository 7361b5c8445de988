"""Helpers of the Line-API views (widgets that draw their own lines, see `render_line`).

- `set_extent`: a new scrollable size without laying out the screen. Assigning
  `virtual_size` makes Textual lay out and redraw the whole screen, which costs more than
  everything a lookup changes; a view whose own size stays put only needs its scrollbars told.
- `content_strip`: one line of `Content`, drawn as Textual draws a Static's.
- `StripCache`: a view's drawn lines, kept while what they were drawn with stays the same.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget


def set_extent(view: ScrollView, size: Size) -> None:
    """Set `view.virtual_size` to `size`, repainting the view rather than the screen."""
    if size == view.virtual_size:
        return
    if not view.size:  # not laid out yet: the first layout sizes everything anyway
        view.virtual_size = size
        return
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)  # the scrollbars learn the new extent (and show or hide)
    view.set_reactive(Widget.scroll_y, view.validate_scroll_y(view.scroll_y))
    if view.show_vertical_scrollbar:
        view.vertical_scrollbar.position = view.scroll_y
    view.refresh()


def content_strip(widget: Widget, line: Content, base: Style) -> Strip:
    """`line` drawn over `base` (the widget's `visual_style`), with the widget's theme."""
    return Strip([Segment(text, (base + style).rich_style)  # as Content.to_strip does
                  for text, style in line.render(base, end="", parse_style=widget._get_style)])


class StripCache:
    """Drawn lines by row, valid for one `key` (width, style, theme…): a new key forgets them,
    so a line is drawn once per content and look, and scrolling back draws nothing."""

    def __init__(self) -> None:
        self._key: Hashable = None
        self._strips: dict[int, Strip] = {}

    def clear(self) -> None:
        """Forget every line (the content changed)."""
        self._strips.clear()

    def get(self, key: Hashable, row: int, draw: Callable[[int], Strip]) -> Strip:
        """Row `row` drawn for `key`, by `draw(row)` if it is not kept yet."""
        if key != self._key:
            self._key = key
            self._strips.clear()
        strip = self._strips.get(row)
        if strip is None:
            strip = self._strips[row] = draw(row)
        return strip
