"""The command palette's explorer commands: each screen's keys (and, on the main screen, the
example IDs), offered by the screen itself."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.actions import parse as parse_action
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from explorer.presentation.safe_text import one_line

# Shown by Textual's own system commands already ("Quit", "Keys"), or the palette itself.
_SYSTEM_DUPLICATES = {"quit", "quit-anywhere", "view-quit", "view-palette"}


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
    must not go through `run_action`: `check_action` hides the letter keys while the ID entry
    has focus, which would block them."""
    destination, name, params = parse_action(action)
    target = app.app if destination == "app" else app
    result = getattr(target, f"action_{name}")(*params)
    if inspect.isawaitable(result):
        await result


def binding_commands(app: App, bindings: Iterable[Binding],
                     target: DOMNode | None = None) -> list[PaletteCommand]:
    """A palette entry for each binding: its description, tooltip and keys; the actions run
    on `target` (default: the app). Two keys for one thing (^l and esc: to the entry) make
    one entry, the first's."""
    firsts: dict[tuple[str, str], Binding] = {}
    for binding in bindings:
        if binding.id not in _SYSTEM_DUPLICATES:
            firsts.setdefault((binding.action, binding.description), binding)
    return [
        PaletteCommand(binding.description, f"{binding.tooltip} ({key_names(app, binding)})",
                       partial(run_action_now, target or app, binding.action))
        for binding in firsts.values()
    ]


def id_commands(examples: Iterable[tuple[str, str]], ids: Iterable[str],
                load: Callable[[str], object]) -> list[PaletteCommand]:
    """A palette entry per example (ID, title) and per ID given on the command line: each
    `load`s its ID."""
    commands = [PaletteCommand(f"Open example: {one_line(title, limit=60)}",
                               one_line(gid, limit=80), partial(load, gid))
                for gid, title in examples]
    commands += [PaletteCommand(f"Load {one_line(gid, limit=80)}",
                                "An ID given on the command line", partial(load, gid))
                 for gid in ids]
    return commands


@runtime_checkable
class HasPaletteCommands(Protocol):
    """A screen that lists its own palette commands (the main screen, every view)."""

    def palette_commands(self) -> list[PaletteCommand]: ...


class ExplorerCommands(Provider):
    """Offers the screen's `palette_commands()`: shown when the palette opens, fuzzy-matched as
    the user types."""

    def _commands(self) -> list[PaletteCommand]:
        # Each screen offers its own commands: the main screen's would act on widgets that are
        # not on a view. Over a dialog (help), the main screen's are offered.
        for screen in (self.screen, self.app.screen_stack[0]):
            if isinstance(screen, HasPaletteCommands):
                return screen.palette_commands()
        return []

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)

