"""`ExportDialog`: where to save the open generation, as Markdown or JSON."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from explorer.export.files import format_for_path, resolve_path, with_format

FORMAT_NAMES = {"markdown": "Markdown", "json": "JSON"}


@dataclass(frozen=True)
class ExportRequest:
    """Write the export to `path`; `overwrite` only after the user confirmed it."""

    path: str
    overwrite: bool = False


class ExportDialog(ModalScreen[ExportRequest | None]):
    """A path prompt with a default file name; the extension picks the format (ctrl+t
    switches it). An existing file is only replaced after a second enter."""

    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
        #export-dialog {
            width: 90;
            max-width: 100%;
            height: auto;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
        #export-path { margin: 1 0 0 0; }
        #export-format { color: $text-muted; }
        #export-warning { color: $text-warning; display: none; }
        #export-warning.-shown { display: block; }
        #export-keys { color: $text-muted; margin-top: 1; }
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export-cancel", tooltip="Close without saving"),
        Binding("ctrl+t", "toggle_format", "Markdown / JSON", id="export-toggle-format",
                tooltip="Switch the file between Markdown (.md) and JSON (.json)"),
    ]

    def __init__(self, default_path: str, *, blink: bool = True) -> None:
        super().__init__()
        self._answered = False
        self._default_path = default_path
        self._blink = blink
        self._confirmed_overwrite: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog") as dialog:
            dialog.border_title = "Export generation"
            path = Input(self._default_path, id="export-path", select_on_focus=False)
            path.cursor_blink = self._blink
            yield path
            yield Static(id="export-format")
            yield Static(id="export-warning", markup=False)
            yield Static(Content.assemble(
                ("enter", "bold"), " save  ", ("ctrl+t", "bold"), " Markdown / JSON  ",
                ("esc", "bold"), " cancel"), id="export-keys")

    def on_mount(self) -> None:
        self._show_format(self._default_path)
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_format(event.value)
        self._warn("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if not path:
            self._warn("Type a file name first.")
            return
        target = resolve_path(path)
        if target.is_dir():
            self._warn(f"{target} is a directory: add a file name.")
            return
        if target.exists() and self._confirmed_overwrite != path:
            self._confirmed_overwrite = path
            self._warn(f"{target} exists. Press enter again to overwrite it, or change the name.")
            return
        self._close(ExportRequest(path, overwrite=self._confirmed_overwrite == path))

    def action_toggle_format(self) -> None:
        entry = self.query_one(Input)
        other = "json" if format_for_path(entry.value) == "markdown" else "markdown"
        entry.value = with_format(entry.value, other)
        entry.cursor_position = len(entry.value)

    def action_cancel(self) -> None:
        self._close(None)

    def _close(self, result: ExportRequest | None) -> None:
        # Keys typed ahead (enter, enter) can arrive after the first dismiss: a second one
        # would pop a screen that is no longer this dialog.
        if not self._answered:
            self._answered = True
            self.dismiss(result)

    def _show_format(self, path: str) -> None:
        name = FORMAT_NAMES[format_for_path(path)]
        self.query_one("#export-format", Static).update(
            Content.assemble("Format: ", (name, "bold"), " (by the file's extension: .md or .json)"))

    def _warn(self, text: str) -> None:
        warning = self.query_one("#export-warning", Static)
        warning.update(text)
        warning.set_class(bool(text), "-shown")
        if not text:
            self._confirmed_overwrite = None
