"""Reading colours back from the screen: the WCAG contrast of text as the terminal shows it.

- `contrast_ratio(a, b)`: WCAG 2 contrast of two RGB triplets (1.0 to 21.0).
- `ScreenColours(app)`: the screen now, each cell's character with its final foreground and
  background (the app's line filters applied, as its driver applies them: ANSI colours become
  the app's ANSI palette, dim is blended; reverse is swapped). `contrast(text, region)` is the
  worst contrast over the visible characters of every place `text` is shown in `region`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from rich.color import ColorTriplet
from textual.app import App
from textual.color import Color
from textual.geometry import Region

from tests.support.screen import screen_strips

RGB = tuple[int, int, int]


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = rgb
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG 2 contrast ratio of two colours: 1.0 (the same) to 21.0 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class Cell(NamedTuple):
    """One character on screen with the colours the terminal draws it in."""

    char: str
    foreground: RGB
    background: RGB
    bold: bool
    dim: bool

    @property
    def contrast(self) -> float:
        return contrast_ratio(self.foreground, self.background)


class ScreenColours:
    """The screen of `app` as it is now, cell by cell."""

    def __init__(self, app: App) -> None:
        palette = app.ansi_theme
        filters = app.get_line_filters()
        self.rows: list[list[Cell]] = []
        for drawn in screen_strips(app):
            strip = drawn
            for line_filter in filters:  # each maps a segment to one segment
                strip = strip.apply_filter(line_filter, Color(0, 0, 0))
            row: list[Cell] = []
            for original, segment in zip(drawn, strip):
                style = segment.style
                foreground: ColorTriplet = (
                    style.color.get_truecolor(palette, foreground=True)
                    if style is not None and style.color is not None
                    else palette.foreground_color)
                background: ColorTriplet = (
                    style.bgcolor.get_truecolor(palette, foreground=False)
                    if style is not None and style.bgcolor is not None
                    else palette.background_color)
                if style is not None and style.reverse:
                    foreground, background = background, foreground
                bold = bool(style and style.bold)
                dim = bool(original.style and original.style.dim)
                row += [Cell(char, tuple(foreground), tuple(background), bold, dim)
                        for char in segment.text]
            self.rows.append(row)

    def text_of_row(self, y: int) -> str:
        return "".join(cell.char for cell in self.rows[y])

    def find(self, text: str, region: Region | None = None) -> Iterator[list[Cell]]:
        """The cells of every place `text` is shown (within `region`: the whole screen)."""
        height = len(self.rows)
        region = region or Region(0, 0, len(self.rows[0]) if self.rows else 0, height)
        for y in range(max(0, region.y), min(height, region.bottom)):
            line = self.text_of_row(y)[: region.right]
            start = line.find(text, region.x)
            while start != -1:
                yield self.rows[y][start:start + len(text)]
                start = line.find(text, start + 1)

    def contrast(self, text: str, region: Region | None = None) -> float | None:
        """The worst contrast of a visible character of `text` (every place it is shown in
        `region`) over its background; None when `text` is not shown there."""
        ratios = [cell.contrast for cells in self.find(text, region)
                  for cell in cells if not cell.char.isspace()]
        return min(ratios) if ratios else None

    def cells(self, region: Region) -> Iterator[Cell]:
        """Every cell in `region`."""
        for y in range(max(0, region.y), min(len(self.rows), region.bottom)):
            yield from self.rows[y][max(0, region.x):region.right]
