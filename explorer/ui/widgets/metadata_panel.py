"""`MetadataPanel`: a generation's metadata as sections of label/value rows.

The sections and rows are `presentation.metadata_sections` (the table `show`, compare and the
exports read too); this widget only styles and lays them out.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from explorer.presentation import formatting as fmt
from explorer.presentation.metadata_sections import ATTEMPTS_TITLE, Row, Section, metadata_sections
from explorer.ui.compat import set_extent
from explorer.ui.lines.line_api import StripCache, content_strip
from explorer.ui.styles import MUTED, SECTION_TITLE, WARNING

if TYPE_CHECKING:
    from explorer.api.models import Generation

PLACEHOLDER = "No generation loaded.\n\nModel, cost, tokens, timing and IDs show here."
KIND_STYLES = {"plain": "", "strong": "bold", "warning": WARNING, "muted": MUTED}
NOTE_STYLES = {"warning": f"{WARNING} italic"}  # any other note is muted
LEFT_OUT = frozenset({ATTEMPTS_TITLE})  # the attempts waterfall beside the panel sums them up

PANEL_SHARE = 0.4  # of the screen's width: 48 columns at 120, IDs on one line from 160
PANEL_MIN, PANEL_MAX = 36, 64  # 64: every ID on one line; wider only spreads the values out
CONTENT_MIN = 40  # the content beside the panel keeps this much at narrow widths
PANEL_FLOOR = 16
STACK_BELOW = 12  # cells left for values: fewer and the labels go above their values


def panel_width(screen_width: int) -> int:
    """The metadata panel's width on a screen `screen_width` cells wide: a share of it
    within [PANEL_MIN, PANEL_MAX], narrowed so the content beside it keeps CONTENT_MIN."""
    width = min(PANEL_MAX, max(PANEL_MIN, round(screen_width * PANEL_SHARE)))
    return max(PANEL_FLOOR, min(width, screen_width - CONTENT_MIN))


def panel_sections(generation: Generation, now: datetime) -> list[Section]:
    """The sections of the metadata table the panel shows."""
    return [s for s in metadata_sections(generation, now) if s.title not in LEFT_OUT]


def row_content(row: Row) -> Content:
    """A row's value, styled by its kind; the dash dimmed, the note beside or under it."""
    value = Content.styled(row.text, MUTED if row.text == fmt.DASH else KIND_STYLES[row.kind])
    if not row.note:
        return value
    return Content.assemble(value, (("\n" if row.note_below else "  ") + row.note,
                                    NOTE_STYLES.get(row.note_kind, MUTED)))


def layout_lines(sections: list[Section], placeholder: str, width: int) -> list[Content]:
    """The panel's lines at `width`: labels in a column, values wrapped beside them (when
    that leaves values under STACK_BELOW cells: each label above its value, indented)."""
    width = max(width, 8)
    if not sections:
        return [line for part in placeholder.split("\n")
                for line in (Content.styled(part, MUTED).wrap(width) if part else [Content("")])]
    label_width = min(16, 1 + max(len(row.label) for _, rows in sections for row in rows))
    stacked = width - label_width < STACK_BELOW
    if stacked:
        label_width = 1  # the indent of the values under their labels
    lines = []
    for index, (title, rows) in enumerate(sections):
        if index:
            lines.append(Content(""))
        lines.append(Content.styled(title, SECTION_TITLE))
        for row in rows:
            if stacked:
                lines.extend(Content.styled(row.label, MUTED).wrap(width))
            wrapped = [piece for part in row_content(row).split("\n", allow_blank=True)
                       for piece in part.wrap(width - label_width)] or [Content("")]
            for number, piece in enumerate(wrapped):
                head = row.label[: label_width - 1] if number == 0 and not stacked else ""
                lines.append(Content.styled(head.ljust(label_width), MUTED) + piece)
    return lines


class MetadataPanel(ScrollView, can_focus=True):
    """Scrollable sections of a generation's metadata; only renders what it is given.

    One Line-API view, not a Label and a Static per row inside a scrolling container: every
    widget and container is drawn again on each lookup, and a new height re-laid out the
    screen. Here a lookup repaints the lines on screen, each drawn once per lookup, theme and
    width.
    """

    DEFAULT_CSS = """
    MetadataPanel {
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: scroll;  /* always: a scrollbar that came and went re-laid out the screen */
        scrollbar-size-vertical: 1;
        scrollbar-background: $background;  /* so only the thumb shows, when it scrolls */
        scrollbar-background-hover: $background;
        scrollbar-background-active: $background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sections: list[Section] = []
        self._placeholder = PLACEHOLDER
        self._lines: list[Content] = []
        self._width = 0  # the width `_lines` were laid out for
        self._strips = StripCache()

    def show(self, generation: Generation, now: datetime) -> None:
        """Render `generation`; relative times are measured from `now`."""
        self._set_sections(panel_sections(generation, now), PLACEHOLDER)

    @property
    def sections(self) -> list[Section]:
        """The sections on show (empty when cleared)."""
        return self._sections

    def clear(self, placeholder: str = PLACEHOLDER) -> None:
        """Show `placeholder` instead of a generation."""
        self._set_sections([], placeholder)

    @property
    def text(self) -> str:
        """Every line of the panel as plain text (what is on screen and what is scrolled off)."""
        return "\n".join(line.plain for line in self._lines)

    # Layout -----------------------------------------------------------------------------------

    def _set_sections(self, sections: list[Section], placeholder: str) -> None:
        self._sections, self._placeholder = sections, placeholder
        self._width = 0
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet: on_resize comes
        if width != self._width:
            self._width = width
            self._lines = layout_lines(self._sections, self._placeholder, width)
        self._strips.clear()
        set_extent(self, Size(width, len(self._lines)))
        self.refresh()

    def on_resize(self) -> None:
        self._lay_out()

    # Drawing ----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_y) + y
        key = (self.scrollable_content_region.width, self.visual_style, self.app.theme,
               self.text_selection)
        return self._strips.get(key, row, self._draw).apply_offsets(0, row)

    def _draw(self, row: int) -> Strip:
        base = self.visual_style
        if row >= len(self._lines):
            return Strip.blank(self.scrollable_content_region.width, base.rich_style)
        line = self._lines[row]
        selection = self.text_selection
        span = selection.get_span(row) if selection is not None else None
        if span is not None:  # a mouse selection: highlight its part of the line
            start, end = span
            line = line.stylize(".screen--selection", start, len(line) if end == -1 else end)
        return content_strip(self, line, base)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text (Textual copies it with ctrl+c)."""
        return (selection.extract(self.text), "\n") if self._lines else None

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()  # the selection is part of the lines' key: they are drawn again
