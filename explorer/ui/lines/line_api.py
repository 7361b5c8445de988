"""Helpers of the Line-API views (widgets that draw their own lines, see `render_line`).

- `content_strip`: one line of `Content`, drawn as Textual draws a Static's (its `.name`
  styles resolved by `span_style_parser`).
- `StripCache`: a view's drawn lines, kept while what they were drawn with stays the same.

(A new scrollable size without a screen layout is `explorer.ui.compat.set_extent`.)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget


def content_strip(widget: Widget, line: Content, base: Style) -> Strip:
    """`line` drawn over `base` (the widget's `visual_style`), with the widget's theme."""
    parse_style = span_style_parser(widget)
    return Strip([Segment(text, (base + style).rich_style)  # as Content.to_strip does
                  for text, style in line.render(base, end="", parse_style=parse_style)])


def span_style_parser(widget: Widget) -> Callable[[str | Style], Style]:
    """Parses a `Content` span's style as Textual does for `widget`'s own content: a style
    `.name` is the component class `name` of `widget` or of its nearest ancestor that has one
    (`.screen--selection`, say); any other string is parsed as a style.

    A component's style is resolved in full (over its node's own background), not partially:
    Textual's partial style drops an opaque background (the open tab's) and resolves an `auto`
    colour against no background at all."""

    def parse(style: str | Style) -> Style:
        if isinstance(style, Style):
            return style
        if style.startswith("."):
            name = style[1:]
            for node in widget.ancestors_with_self:
                if not isinstance(node, Widget):
                    break
                try:
                    return node.get_visual_style(name)
                except KeyError:  # not one of this node's component classes
                    continue
            return Style.null()
        try:
            return Style.parse(style)
        except Exception:  # as Textual: a style it cannot parse draws plain
            return Style.null()

    return parse


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
