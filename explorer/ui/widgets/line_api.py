"""Helpers of the Line-API views (widgets that draw their own lines, see `render_line`).

- `set_extent`: a new scrollable size without laying out the screen. Assigning
  `virtual_size` makes Textual lay out and redraw the whole screen, which costs more than
  everything a lookup changes; a view whose own size stays put only needs its scrollbars told.
- `content_strip`: one line of `Content`, drawn as Textual draws a Static's.
"""

from __future__ import annotations

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
