"""`AttemptDetailDialog`: one provider attempt in full (enter or a click on an attempt row)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from explorer.ui.styles import MUTED

LABEL_LIMIT = 24  # an unknown field's name longer than this wraps onto its own line


def detail_content(rows: Sequence[tuple[str, str]]) -> Content:
    """The rows as one block: each label in a column, its value beside it and, when it spans
    lines (an error body), its further lines indented under it. Values are data, never markup."""
    width = 2 + max((len(label) for label, _ in rows if len(label) <= LABEL_LIMIT), default=0)
    lines = []
    for label, value in rows:
        values = value.split("\n")
        if len(label) > LABEL_LIMIT:  # the name on a line of its own, every value line under it
            lines.append(Content.styled(label, MUTED))
        else:
            lines.append(Content.assemble((label.ljust(width), MUTED), values.pop(0)))
        lines += [Content.assemble(" " * width, line) for line in values]
    return Content("\n").join(lines)


class AttemptDetailDialog(ModalScreen[None]):
    """Every field of one attempt as sent (unknown ones too) and the errors reported for it,
    scrollable; escape closes it."""

    DEFAULT_CSS = """
    AttemptDetailDialog {
        align: center middle;
        #attempt-dialog {
            width: 110;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
        #attempt-scroll { height: auto; max-height: 80vh; }  /* the keys line stays in view */
        #attempt-fields { width: 1fr; }
        #attempt-keys { color: $text-muted; margin-top: 1; }
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="attempt-detail-close",
                tooltip="Close the attempt and return to the explorer"),
    ]

    def __init__(self, title: str, rows: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self.rows = list(rows)
        """The (label, text) rows on show."""

    def compose(self) -> ComposeResult:
        with Vertical(id="attempt-dialog") as dialog:
            dialog.border_title = self._title
            with VerticalScroll(id="attempt-scroll"):
                yield Static(detail_content(self.rows), id="attempt-fields", markup=False)
            yield Static(Content.assemble(("esc", "bold"), " close  ", ("↑ ↓ pgup pgdn", "bold"),
                                          " scroll"), id="attempt-keys")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # the keys scroll a long error body at once
