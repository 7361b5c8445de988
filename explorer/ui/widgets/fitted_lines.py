"""`FittedLines`: text laid out for the width the widget has, and again whenever that width
changes, so the columns of a table follow the window instead of being fixed at one size."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.widgets import Static

LinesForWidth = Callable[[int], Content]
"""Text (one or more lines, none wider than the width) for a width in cells."""


class FittedLines(Static):
    """Lines drawn by a function of the content width; they never wrap."""

    DEFAULT_CSS = """
    FittedLines {
        width: 1fr;
        height: auto;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, lines: LinesForWidth | None = None, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._lines = lines

    def show(self, lines: LinesForWidth) -> None:
        """Draw `lines` from now on (its line count may differ: the layout follows)."""
        self._lines = lines
        self.refresh(layout=True)

    def render(self) -> Content:
        if self._lines is None:
            return Content("")
        return self._lines(max(1, self.content_size.width))
