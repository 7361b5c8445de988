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

# Shown by Textual's own system commands already ("Quit", "Keys").
_SYSTEM_DUPLICATES = {"quit"}


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


async def run_action_now(app: App, action: str) -> None:
    """Run `action` on `app` directly. The palette must not go through `run_action`: the app's
    `check_action` hides letter keys while the ID entry has focus, which would block them."""
    _, name, params = parse_action(action)
    result = getattr(app, f"action_{name}")(*params)
    if inspect.isawaitable(result):
        await result


def binding_commands(app: App, bindings: Iterable[Binding]) -> list[PaletteCommand]:
    """A palette entry for each binding: its description, tooltip and keys."""
    return [
        PaletteCommand(binding.description, f"{binding.tooltip} ({key_names(app, binding)})",
                       partial(run_action_now, app, binding.action))
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
