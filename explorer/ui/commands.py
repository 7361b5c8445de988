"""The command palette's explorer commands: every key's action, plus the example IDs."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from textual.actions import parse as parse_action
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from explorer.presentation.safe_text import one_line
from explorer.ui.dialogs.help import KeyHelp, key_help
from explorer.ui.widgets.id_entry import IdEntry

# Shown by Textual's own system commands already ("Quit", "Keys").
_SYSTEM_DUPLICATES = {"quit", "view-quit"}


@dataclass(frozen=True)
class PaletteCommand:
    """One palette entry: what it says, its help line, and what it runs."""

    title: str
    help: str
    run: Callable[[], Any]


def key_names(app: App, binding: Binding) -> str:
    """`? / f1`: every key of a binding as the footer shows it."""
    keys = [key.strip() for key in binding.key.split(",")]
    return " / ".join(app.get_key_display(binding.with_key(key)) for key in keys)


async def run_action_now(app: App | DOMNode, action: str) -> None:
    """Run `action` on `app` (or on a screen; `app.…` actions on its app) directly. The palette
    must not go through `run_action`: the app's `check_action` hides letter keys while the ID
    entry has focus, which would block them."""
    destination, name, params = parse_action(action)
    target = app.app if destination == "app" else app
    result = getattr(target, f"action_{name}")(*params)
    if inspect.isawaitable(result):
        await result


def binding_commands(app: App, bindings: Iterable[Binding],
                     target: DOMNode | None = None) -> list[PaletteCommand]:
    """A palette entry for each binding: its description, tooltip and keys; the actions run
    on `target` (default: the app)."""
    return [
        PaletteCommand(binding.description, f"{binding.tooltip} ({key_names(app, binding)})",
                       partial(run_action_now, target or app, binding.action))
        for binding in bindings
        if binding.id not in _SYSTEM_DUPLICATES
    ]


class HasPaletteCommands(Protocol):
    """An app that lists its own palette commands (the explorer app)."""

    def palette_commands(self) -> list[PaletteCommand]: ...


class ExplorerCommands(Provider):
    """Offers the app's `palette_commands()`: shown when the palette opens, fuzzy-matched as
    the user types."""

    def _commands(self) -> list[PaletteCommand]:
        # A view screen (history, batch…) offers its own commands: the main screen's would act
        # on widgets that are not on screen.
        view_commands = getattr(self.screen, "palette_commands", None)
        if view_commands is not None:
            return view_commands()
        app: HasPaletteCommands = self.app  # type: ignore[assignment]
        return app.palette_commands()

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)


class PaletteEntries:
    """Mixin of `ExplorerApp`: its help-screen keys and its command palette entries."""

    def key_help(self) -> list[KeyHelp]:
        """Every key, for the help screen: the entry's, the app's, and Textual's own."""
        return key_help(self, [*IdEntry.BINDINGS, *self.BINDINGS])

    def palette_commands(self) -> list[PaletteCommand]:
        """The command palette's explorer entries: every binding, then the example IDs."""
        commands = binding_commands(self, self.BINDINGS)
        commands += [
            PaletteCommand(f"Open example: {one_line(title, limit=60)}", one_line(gid, limit=80),
                           partial(self.load, gid))
            for gid, title in self._examples
        ]
        commands += [
            PaletteCommand(f"Load {one_line(gid, limit=80)}", "An ID given on the command line",
                           partial(self.load, gid))
            for gid in self._ids[1:]
        ]
        return commands
