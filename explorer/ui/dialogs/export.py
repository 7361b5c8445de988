"""`ExportDialog`: where to save the open generation, as Markdown or JSON.

The dialog writes the file itself (through the injected `write`), so a failure is said in the
dialog, under the path the user typed, and they can correct it and press enter again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from explorer.export.files import absolute_path, format_for_path, with_format
from explorer.presentation.safe_text import one_line
from explorer.ui.lines.key_bar import KeyBar

FORMAT_NAMES = {"markdown": "Markdown", "json": "JSON"}


@dataclass(frozen=True)
class ExportRequest:
    """Write the export to `path`; `overwrite` only after the user confirmed it."""

    path: str
    overwrite: bool = False


@dataclass(frozen=True)
class ExportSaved:
    """The export was written: where (an absolute path) and how many bytes."""

    path: Path
    size: int


ExportWriter = Callable[[ExportRequest], Awaitable[tuple[Path, int]]]
"""Writes the export as the request says (off the loop); returns (absolute path, bytes) or
raises `FileExistsError` / `OSError` / `ValueError`."""


class ExportDialog(ModalScreen[ExportSaved | None]):
    """A path prompt with a default file name; the extension picks the format (ctrl+t
    switches it). An existing file is only replaced after a second enter. The dialog closes
    with `ExportSaved` once the file is written, and stays open with the reason when it cannot
    be."""

    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
        #export-dialog {
            width: 90;
            max-width: 100%;
            height: auto;
            border: round $primary;
            background: $surface;
            padding: 0 1 1 1;
        }
        #export-path { margin: 1 0 0 0; }
        #export-format { color: $text-muted; }
        #export-warning { color: $text-warning; display: none; }
        #export-warning.-error { color: $text-error; }
        #export-warning.-shown { display: block; }
    }
    """

    BINDINGS = [
        # A priority binding: enter is the dialog's, not the path input's (which would hide
        # it from the key bar).
        Binding("enter", "save", "Save", id="export-save", priority=True,
                tooltip="Write the file (an existing one: press enter again to overwrite it)"),
        Binding("ctrl+t", "toggle_format", "Markdown / JSON", id="export-toggle-format",
                tooltip="Switch the file between Markdown (.md) and JSON (.json)"),
        Binding("escape", "cancel", "Cancel", id="export-cancel", tooltip="Close without saving"),
    ]

    def __init__(self, default_path: str, write: ExportWriter, *, blink: bool = True) -> None:
        super().__init__()
        self._answered = False
        self._saving = False
        self._default_path = default_path
        self._write = write
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
        yield KeyBar()  # the dialog's keys, over the main screen's

    def on_mount(self) -> None:
        self._show_format(self._default_path)
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_format(event.value)
        if not self._saving:
            self._warn("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # enter is the screen's `save` binding; a submit from elsewhere saves too
        self.action_save()

    def action_save(self) -> None:
        """Check the path, then write the file (after a second enter if it exists)."""
        if self._saving or self._answered:  # enter typed again while the first one writes
            return
        path = self.query_one(Input).value.strip()
        if not path:
            self._warn("Type a file name first.")
            return
        target = absolute_path(path)
        if target.is_dir():
            self._warn(f"{target} is a directory: add a file name.")
            return
        if target.exists() and self._confirmed_overwrite != path:
            self._confirmed_overwrite = path
            self._warn(f"{target} exists. Press enter again to overwrite it, or change the name.")
            return
        request = ExportRequest(path, overwrite=self._confirmed_overwrite == path)
        self._saving = True
        self._warn("Saving…")
        self.run_worker(self._save(request), group="export", exclusive=True, exit_on_error=False)

    async def _save(self, request: ExportRequest) -> None:
        target = absolute_path(request.path)
        try:
            path, size = await self._write(request)
        except FileExistsError:  # it appeared since the check: ask again
            self._saving = False
            self._warn(f"{target} exists. Press enter again to overwrite it, or change the name.")
            self._confirmed_overwrite = request.path
        except (OSError, ValueError) as error:
            self._saving = False
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            self._warn(f"Not exported to {target}: {one_line(reason, 200)}. Correct the path and "
                       "press enter to try again.", error=True)
        else:
            self._saving = False
            self._close(ExportSaved(path, size))

    def action_toggle_format(self) -> None:
        entry = self.query_one(Input)
        other = "json" if format_for_path(entry.value) == "markdown" else "markdown"
        entry.value = with_format(entry.value, other)
        entry.cursor_position = len(entry.value)

    def action_cancel(self) -> None:
        if not self._saving:  # a write under way ends first (it is short): then it is said
            self._close(None)

    def _close(self, result: ExportSaved | None) -> None:
        # Keys typed ahead (enter, enter) can arrive after the first dismiss: a second one
        # would pop a screen that is no longer this dialog.
        if not self._answered:
            self._answered = True
            self.dismiss(result)

    def _show_format(self, path: str) -> None:
        name = FORMAT_NAMES[format_for_path(path)]
        self.query_one("#export-format", Static).update(
            Content.assemble("Format: ", (name, "bold"), " (by the file's extension: .md or .json)"))

    def _warn(self, text: str, *, error: bool = False) -> None:
        warning = self.query_one("#export-warning", Static)
        warning.update(one_line(text, limit=600))
        warning.set_class(bool(text), "-shown")
        warning.set_class(error, "-error")
        if not text:
            self._confirmed_overwrite = None
