"""`HelpScreen`: every key of the explorer in one modal list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help: the keys, what they do, and a longer explanation."""

    keys: str
    description: str
    tooltip: str = ""


def key_help(app: App, bindings: Sequence[Binding]) -> list[KeyHelp]:
    """A help line per binding, then the keys Textual provides."""
    from explorer.ui.commands import key_names

    rows = [KeyHelp(key_names(app, binding), binding.description, binding.tooltip)
            for binding in bindings]
    rows += [
        KeyHelp("tab / shift+tab", "Next / previous pane", "Move focus between panes"),
        KeyHelp("← → ↑ ↓ pgup pgdn", "Switch tabs / scroll", "In the focused pane"),
        KeyHelp(app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "")), "Command palette",
                "Every action by name, themes, example generations"),
        KeyHelp("^q", "Quit", "Quit from anywhere, even while typing in the entry"),
    ]
    return rows


class HelpScreen(ModalScreen[None]):
    """A modal list of every key; any of escape, q, ? or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help-dialog {
            width: 100;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
        #help-dialog VerticalScroll { height: auto; }
        .help-row { height: auto; }
        .help-keys { width: 20; color: $text-accent; text-style: bold; }
        .help-description { width: 22; text-style: bold; }
        .help-tooltip { width: 1fr; color: $text-muted; }
        #help-footer { color: $text-muted; margin-top: 1; }
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help-close",
                tooltip="Close the help and return to the explorer"),
    ]

    def __init__(self, entries: Sequence[KeyHelp]) -> None:
        super().__init__()
        self._entries = list(entries)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            with VerticalScroll():
                for entry in self._entries:
                    with HorizontalGroup(classes="help-row"):
                        yield Label(entry.keys, classes="help-keys", markup=False)
                        yield Label(entry.description, classes="help-description", markup=False)
                        yield Static(entry.tooltip, classes="help-tooltip", markup=False)
            yield Static("Letter and digit keys act when the ID entry is not focused (esc leaves "
                         "it). The mouse works too. esc, q, ? or F1 close this help.",
                         id="help-footer")
