"""`ViewScreen`: the base of the explorer's full-screen views, with their shared keys."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.screen import ModalScreen

from explorer.ui.commands import PaletteCommand, binding_commands
from explorer.ui.dialogs.help import HelpScreen, screen_key_help

VIEW_KEYS = [
    Binding("escape", "close", "Back", id="view-close",
            tooltip="Close this view and return to the explorer"),
    # A priority key, so the keys typed right behind it reach the entry, not this view.
    Binding("ctrl+l", "app.focus_entry", "Entry", id="view-entry", show=False, priority=True,
            tooltip="Back to the explorer, in the ID entry, to type or paste an ID"),
    Binding("question_mark,f1", "help", "Help", id="view-help",
            tooltip="List every key of this view"),
    Binding("q", "app.quit", "Quit", id="view-quit", tooltip="Quit the explorer"),
    # The app's palette key works here (a priority key) but a modal screen's keys stop at the
    # screen: bound here too, the key bar finds it and shows it.
    Binding("ctrl+p", "app.command_palette", "palette", id="view-palette", show=False,
            tooltip="Open the command palette: this view's actions, themes"),
]
"""Keys every view has; each view lists them after its own (so the footer shows its own first)."""


class ViewScreen(ModalScreen[None]):
    """A full-size, opaque screen of its own (history, batch, statistics, compare).

    Modal, so the main screen's keys (tabs, copy, retry) never act on a view that does not show
    them; the view lists its own keys in its help and in the command palette. Subclasses end
    their BINDINGS with `VIEW_KEYS`.
    """

    def view_bindings(self) -> Sequence[Binding]:
        """This view's keys, for its help and its palette entries (widgets' keys included)."""
        return list(type(self).BINDINGS)

    def action_close(self) -> None:
        """Back to the screen below."""
        if self.app.screen is self:
            self.app.pop_screen()

    def action_help(self) -> None:
        """List this view's keys."""
        self.app.push_screen(HelpScreen(screen_key_help(self)))

    def palette_commands(self) -> list[PaletteCommand]:
        """The command palette's entries while this view is on screen: its keys."""
        return binding_commands(self.app, self.view_bindings(), target=self)
