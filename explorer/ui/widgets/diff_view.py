"""`DiffView`: a unified diff (of completions or conversations), added lines in the success
colour, removed lines in the error colour; virtualised like every long text here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style

from explorer.presentation.safe_text import safe_text
from explorer.ui.lines.lazy_text import LazyText

if TYPE_CHECKING:
    from explorer.analysis.compare import DiffLine

PREFIXES = {"same": "  ", "added": "+ ", "removed": "- ", "hunk": ""}
DIFF_CLASSES = {"added": "diff-view--added", "removed": "diff-view--removed",
                "hunk": "diff-view--hunk", "note": "diff-view--note"}


def diff_lines(lines: Sequence[DiffLine]) -> list[tuple[str, str]]:
    """(text, kind) rows: each line safe to show, prefixed `+ ` / `- ` so the diff also reads
    without colour."""
    return [(PREFIXES.get(line.kind, "  ") + safe_text(line.text, keep_newlines=False), line.kind)
            for line in lines]


class DiffView(LazyText):
    """Read-only diff lines; only renders what it is given (see `diff_lines`)."""

    COMPONENT_CLASSES = set(DIFF_CLASSES.values())

    DEFAULT_CSS = """
    DiffView {
        .diff-view--added { color: $text-success; background: $success 15%; }
        .diff-view--removed { color: $text-error; background: $error 15%; }
        .diff-view--hunk { color: $text-accent; text-style: bold; }
        .diff-view--note { color: $text-muted; text-style: italic; }
    }
    """

    def show_diff(self, lines: Sequence[DiffLine], identical: str) -> None:
        """Show `lines`, or the note `identical` when there is no difference."""
        self.set_lines(diff_lines(lines) if lines else [(identical, "note")])

    def _style(self, kind: str) -> Style:
        component = DIFF_CLASSES.get(kind)
        if component is None:
            return super()._style(kind)
        style = self._styles.get(kind)
        if style is None:
            style = self.rich_style + self.get_component_rich_style(component)
            self._styles[kind] = style
        return style
