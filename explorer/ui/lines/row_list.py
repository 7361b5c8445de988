"""`RowList`: a Line-API list of one-line rows under a fixed header line, with a row cursor,
a mouse hover row and its own scrollbar; subclasses say what a row and the header show.

Only the lines on screen are drawn, each from a cached strip, so the length of the list costs
nothing per frame. The scrollbar is drawn in the lines too rather than by Textual's scrollbar
widgets: those are mounted and laid out a frame after the list first overflows, which costs a
second layout and frame just when a view opens.
"""

from __future__ import annotations

from math import ceil

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from explorer.ui.compat import render_unstyled_lines, set_extent

PLAIN, CURSOR, HOVER = 0, 1, 2
"""How a row is drawn."""


class RowList(ScrollView, can_focus=True):
    """Rows under a header line; the cursor row is highlighted, as in a DataTable."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"row-list--header", "row-list--even-row", "row-list--cursor",
                         "row-list--hover"}
    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        overflow-y: hidden;
        background: $surface;
        color: $foreground;
        & > .row-list--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .row-list--header { background: ansi_bright_blue; color: ansi_black; }
        & > .row-list--even-row { background: $surface-lighten-1 50%; }
        &:dark > .row-list--even-row { background: $surface-darken-1 40%; }
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .row-list--hover { background: $block-hover-background; }
        &:focus {
            background-tint: $foreground 5%;
            & > .row-list--header { background-tint: $foreground 5%; }
            & > .row-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """
    BINDINGS = [
        # j / k as in vi and less: the focused list's keys win over its screen's.
        Binding("up,k", "cursor(-1)", "Up", show=False, id="rows-up", tooltip="Previous row"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="rows-down", tooltip="Next row"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="rows-page-up",
                tooltip="One screen of rows up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="rows-page-down",
                tooltip="One screen of rows down"),
        Binding("home,ctrl+home", "edge(0)", "First", show=False, id="rows-first",
                tooltip="The first row"),
        Binding("end,ctrl+end", "edge(1)", "Last", show=False, id="rows-last",
                tooltip="The last row"),
    ]

    MIN_WIDTH = 40
    """Width of a row (scrollbar excluded) below which the list scrolls sideways."""

    class EndReached(Message):
        """The user scrolled or moved to the last row: time to load more, if there is more."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = 0
        self._count = 0
        self._hover: int | None = None
        self._strips: dict[tuple, Strip] = {}
        self._bars: dict[tuple[int, int, int], list[Segment]] = {}
        self._styles: dict[str, Style] = {}
        self._grab: tuple[int, float] | None = None  # scrollbar drag: (screen y, scroll y)

    # -- for subclasses ------------------------------------------------------------------

    def render_header(self, width: int, style: Style) -> list[Segment]:
        """The header line's segments, exactly `width` cells."""
        raise NotImplementedError

    def render_row(self, row: int, width: int, style: Style, top: Style | None) -> list[Segment]:
        """Row `row`'s segments, exactly `width` cells: `style` is the row's (zebra, hover),
        `top` the cursor's, which wins over any text colour (None: not the cursor row)."""
        raise NotImplementedError

    def cursor_moved(self) -> None:
        """The cursor moved to another row (by key or mouse)."""

    def row_clicked(self, row: int) -> None:
        """The cursor row was clicked."""

    def header_clicked(self, x: int) -> None:
        """The header was clicked, `x` cells from the start of the row."""

    def set_row_count(self, count: int, cursor: int = 0) -> None:
        """The rows changed (`count` of them now): forget cached lines, put the cursor on
        `cursor`, and show it."""
        self._count = count
        self.cursor = max(0, min(cursor, count - 1))
        self._hover = None
        self._strips.clear()
        # A new extent repaints the list, not the screen (its own size does not change).
        set_extent(self, Size(self.MIN_WIDTH + self.styles.scrollbar_size_vertical, count + 1))
        self._scroll_to_cursor()
        self.refresh()

    def style_of(self, name: str, *, partial: bool = False) -> Style:
        """A component class's style, or the list's own for "" (cached until the styles
        change)."""
        key = f"{name}:{partial}"
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = (self.get_component_rich_style(name, partial=partial)
                                         if name else self.rich_style)
        return style

    def redraw(self) -> None:
        """Draw every row again (what they show changed, not how many there are)."""
        self._strips.clear()
        self.refresh()

    # -- keys and mouse ------------------------------------------------------------------

    @property
    def allow_vertical_scroll(self) -> bool:
        # (No scrollbar widget: Textual's test, `show_vertical_scrollbar`, is always False.)
        return not (self.disabled or self.loading) and self.max_scroll_y > 0

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor + step)

    def action_page(self, direction: int) -> None:
        rows = max(1, self._visible_rows())
        self.scroll_to(y=self.scroll_y + direction * rows, animate=False, force=True)
        self.move_cursor(self.cursor + direction * rows)

    def action_edge(self, last: int) -> None:
        self.move_cursor(self._count - 1 if last else 0)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.x < self.size.width - self._bar_width():
            return
        event.stop()  # on the scrollbar: the thumb follows the pointer until the button is up
        height = self.size.height
        target = offset.y * (self._count + 1) / height - self._visible_rows() / 2
        self.scroll_to(y=max(0, target), animate=False, force=True)
        self._grab = (event.screen_y, self.scroll_y)
        self.capture_mouse()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._grab is not None:
            self._grab = None
            self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.x >= self.size.width - self._bar_width():
            return
        event.stop()
        if offset.y == 0:
            self.header_clicked(offset.x + int(self.scroll_x))
            return
        row = int(self.scroll_y) + offset.y - 1
        if row == self.cursor and row < self._count:
            self.row_clicked(row)
        elif row < self._count:
            self.move_cursor(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._grab is not None:
            screen_y, scroll_y = self._grab
            ratio = (self._count + 1) / max(1, self.size.height)
            self.scroll_to(y=scroll_y + (event.screen_y - screen_y) * ratio, animate=False,
                           force=True)
            return
        offset = event.get_content_offset(self)
        row = None if offset is None or offset.y == 0 else int(self.scroll_y) + offset.y - 1
        self._set_hover(row if row is not None and row < self._count else None)

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def notify_style_update(self) -> None:
        super().notify_style_update()  # the theme or the focus changed: so may every colour
        self._styles = {}
        self._strips.clear()
        self._bars.clear()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._count and old_value != new_value and new_value >= self.max_scroll_y:
            self.post_message(self.EndReached())

    def move_cursor(self, row: int) -> None:
        """Put the cursor on `row` (clamped) and scroll it into view."""
        row = max(0, min(row, self._count - 1))
        self._set_hover(None)
        if row != self.cursor:
            self._refresh_row(self.cursor)
            self.cursor = row
            self._refresh_row(row)
            self.cursor_moved()
        self._scroll_to_cursor()
        if self._count and row == self._count - 1:
            self.post_message(self.EndReached())

    # -- rendering -----------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The rows are cached whole, styles and all: Textual's per-line styling pass (for
        # borders, padding, tint, opacity, none of which a list has) is skipped.
        geometry = self._geometry()
        strips = render_unstyled_lines(self, crop, lambda y: self._render_line(y, geometry))
        return super().render_lines(crop) if strips is None else strips

    def render_line(self, y: int) -> Strip:
        return self._render_line(y, self._geometry())

    def _geometry(self) -> tuple[int, int, int, int, int]:
        """(width, height, scrollbar width, scroll x, scroll y): what every line needs."""
        width, height = self.size
        scroll_x, scroll_y = self.scroll_offset
        return width, height, self._bar_width(), scroll_x, scroll_y

    def _render_line(self, y: int, geometry: tuple[int, int, int, int, int]) -> Strip:
        width, height, bar_width, scroll_x, scroll_y = geometry
        rows_width = width - bar_width
        line_width = max(rows_width, self.MIN_WIDTH)
        bar = self._bar_line(y, height) if bar_width else None
        row = None if y == 0 else scroll_y + y - 1
        if row is not None and row >= self._count:
            row = -1  # below the last row: blank
        state = CURSOR if row == self.cursor else HOVER if row == self._hover else PLAIN
        key = (row, state, line_width, scroll_x, rows_width, bar)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 500:
                self._strips.clear()
            strip = self._strips[key] = self._line(row, state, line_width, scroll_x, rows_width,
                                                   bar)
        return strip

    def _line(self, row: int | None, state: int, line_width: int, scroll_x: int,
              rows_width: int, bar: Segment | None) -> Strip:
        if row is None:
            style = self.style_of("row-list--header")
            segments = self.render_header(line_width, style)
        elif row < 0:
            style = self.style_of("")
            segments = []
        else:
            style = self.style_of("row-list--even-row" if row % 2 == 0 else "")
            if state == HOVER:
                style += Style(bgcolor=self.style_of("row-list--hover").bgcolor)
            top = self.style_of("row-list--cursor") if state == CURSOR else None
            segments = self.render_row(row, line_width, style, top)
            style = top or style
        if not segments:
            segments.append(Segment(" " * line_width, style))
        if scroll_x or line_width != rows_width:  # narrower than a row: scrolled sideways
            segments = list(Strip(segments).crop_extend(scroll_x, scroll_x + rows_width, style))
        if bar is not None:
            segments.append(bar)
        return Strip(segments, rows_width + (bar.cell_length if bar is not None else 0))

    def _bar_width(self) -> int:
        return self.styles.scrollbar_size_vertical if self._count + 1 > self.size.height else 0

    def _bar_line(self, y: int, height: int) -> Segment:
        """Line `y` of the scrollbar, in the scrollbar colours of the theme."""
        key = (height, self._count, int(self.scroll_y))
        bar = self._bars.get(key)
        if bar is None:
            if len(self._bars) > 100:
                self._bars.clear()
            styles = self.styles
            background = styles.scrollbar_background
            if background.a < 1:
                background = self.background_colors[0] + background
            bar = self._bars[key] = scrollbar(
                height, self._count + 1, height, self.scroll_y, styles.scrollbar_size_vertical,
                background.rich_color, (background + styles.scrollbar_color).rich_color)
        return bar[y] if y < len(bar) else Segment(" " * self.styles.scrollbar_size_vertical)

    def _visible_rows(self) -> int:
        return self.scrollable_content_region.height - 1

    def _scroll_to_cursor(self) -> None:
        visible = self._visible_rows()
        if visible <= 0:
            return
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, force=True)

    def _set_hover(self, row: int | None) -> None:
        if row != self._hover:
            for old_or_new in (self._hover, row):
                if old_or_new is not None:
                    self._refresh_row(old_or_new)
            self._hover = row

    def _refresh_row(self, row: int) -> None:
        self.refresh_line(row + 1)  # line 0 is the header


BAR_GLYPHS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", " "]


def scrollbar(size: int, virtual_size: int, window_size: int, position: float, thickness: int,
              back: Color, bar: Color) -> list[Segment]:
    """A vertical scrollbar as one segment per line: Textual's own drawing (its eighth-cell
    glyphs at the ends of the thumb), without its widget."""
    blank = " " * thickness
    segments = [Segment(blank, Style(bgcolor=back))] * size
    if not (window_size and size and virtual_size and size != virtual_size):
        return segments
    thumb_size = max(1, window_size / (virtual_size / size))
    position = (size - thumb_size) * position / max(1, virtual_size - window_size)
    steps = len(BAR_GLYPHS)
    start = int(position * steps)
    start_index, start_bar = divmod(max(0, start), steps)
    end_index, end_bar = divmod(max(0, start + ceil(thumb_size * steps)), steps)
    thumb = Segment(blank, Style(color=bar, reverse=True))
    for index in range(start_index, min(end_index, size)):
        segments[index] = thumb
    if start_index < size and BAR_GLYPHS[steps - 1 - start_bar] != " ":
        segments[start_index] = Segment(BAR_GLYPHS[steps - 1 - start_bar] * thickness,
                                        Style(bgcolor=back, color=bar))
    if end_index < size and BAR_GLYPHS[steps - 1 - end_bar] != " ":
        segments[end_index] = Segment(BAR_GLYPHS[steps - 1 - end_bar] * thickness,
                                      Style(bgcolor=back, color=bar, reverse=True))
    return segments
