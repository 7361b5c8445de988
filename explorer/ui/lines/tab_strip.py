"""`TabStrip`: a row of tab titles over an underline, drawn by one widget.

It looks like Textual's Tabs (the underline marks the active title) without its eight widgets:
the content viewer repaints it on every lookup, and each widget on screen costs every frame.
Titles are picked with the mouse; the app's keys 1–4 pick them from the keyboard.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from textual import events
from textual.content import Content
from textual.message import Message
from textual.renderables.bar import Bar
from textual.strip import Strip
from textual.widget import Widget

from explorer.ui.lines.line_api import content_strip

PADDING = 1  # cells either side of a title, as Textual's Tab


class TabStrip(Widget, can_focus=False):
    """Titles in a row; the active one is bright and underlined."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"tab-strip--title", "tab-strip--active", "tab-strip--hover",
                         "tab-strip--bar", "tab-strip--active-focused", "tab-strip--bar-focused"}
    DEFAULT_CSS = """
    TabStrip {
        height: 2;
        & > .tab-strip--title { color: $text-muted; }
        & > .tab-strip--active { color: $foreground; }
        & > .tab-strip--active-focused {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: bold;
        }
        & > .tab-strip--hover { color: $foreground; }
        & > .tab-strip--bar { color: $block-cursor-background; background: $foreground 10%; }
        & > .tab-strip--bar-focused {
            color: $block-cursor-background;
            background: $foreground 30%;
        }
    }
    """

    class Picked(Message):
        """The user clicked the title of tab `index`."""

        def __init__(self, strip: TabStrip, index: int) -> None:
            super().__init__()
            self.strip = strip
            self.index = index

        @property
        def control(self) -> TabStrip:
            return self.strip

    def __init__(self, titles: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._titles = list(titles)
        self._active = 0
        self._hover: int | None = None
        self._focused = False

    # State ------------------------------------------------------------------------------------

    @property
    def titles(self) -> list[str]:
        return list(self._titles)

    @property
    def active(self) -> int:
        return self._active

    @active.setter
    def active(self, index: int) -> None:
        if index != self._active:
            self._active = index
            self.refresh()

    @property
    def focused(self) -> bool:
        """True while the view under the strip has focus (the strip shows it, as Tabs do)."""
        return self._focused

    @focused.setter
    def focused(self, focused: bool) -> None:
        if focused != self._focused:
            self._focused = focused
            self.refresh()

    def set_title(self, index: int, title: str) -> None:
        if self._titles[index] != title:
            self._titles[index] = title
            self.refresh()

    def title_span(self, index: int) -> tuple[int, int]:
        """The cells (start, end) the title of tab `index` covers, padding included."""
        start = sum(len(title) + 2 * PADDING for title in self._titles[:index])
        return start, start + len(self._titles[index]) + 2 * PADDING

    # Drawing ----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            pieces = []
            for index, title in enumerate(self._titles):
                kind = ("active-focused" if index == self._active and self._focused
                        else "active" if index == self._active
                        else "hover" if index == self._hover else "title")
                pieces.append((" " * PADDING + title + " " * PADDING, f".tab-strip--{kind}"))
            line = content_strip(self, Content.assemble(*pieces), self.visual_style)
            return line.extend_cell_length(width, base).crop(0, width)
        if y == 1:  # the underline, as Textual's Underline draws it
            start, end = self.title_span(self._active)
            bar = "tab-strip--bar-focused" if self._focused else "tab-strip--bar"
            bar_style = self.get_component_rich_style(bar)
            bar = Bar((start + PADDING, end - PADDING), width=width,
                      highlight_style=Style.from_color(bar_style.color),
                      background_style=Style.from_color(bar_style.bgcolor))
            console = self.app.console
            segments = console.render(bar, console.options.update_width(width))
            return Strip(segments, width).apply_style(base)
        return Strip.blank(width, base)

    # Mouse ------------------------------------------------------------------------------------

    def _index_at(self, x: int) -> int | None:
        return next((index for index in range(len(self._titles))
                     if self.title_span(index)[0] <= x < self.title_span(index)[1]), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._index_at(event.x) if event.y == 0 else None
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        index = self._index_at(event.x)
        if index is not None:
            event.stop()
            self.post_message(self.Picked(self, index))
