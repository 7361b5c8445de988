"""`HelpScreen`: the keys of the screen below, read from the bindings that act on it.

The lines are derived, not written: a key is listed only if a widget that can take focus on
that screen (or one of its containers), the screen itself or the app binds it, so the help can
only say what a key really does there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help: the keys as shown, what they do, a longer explanation, and the
    (key, action) pairs the line stands for."""

    keys: str
    description: str
    tooltip: str = ""
    bound: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TextualKeys:
    """A help line for some of Textual's own keys (they carry no ID or tooltip): every key
    bound to one of `actions` on the screen."""

    description: str
    tooltip: str
    actions: frozenset[str]
    in_text_inputs: bool = True
    """False: a text input's keys to these actions do nothing (a one-line input scrolls
    nothing), so they are not counted."""


TEXTUAL_KEYS = [
    TextualKeys("Next / previous pane", "Move focus between the panes",
                frozenset({"app.focus_next", "app.focus_previous"})),
    TextualKeys("Scroll", "Scroll the focused pane (← → sideways where lines are wider)",
                frozenset({"scroll_up", "scroll_down", "scroll_left", "scroll_right",
                           "page_up", "page_down", "scroll_home", "scroll_end"}),
                in_text_inputs=False),
]
"""Textual's keys worth a line; its others (cursor keys inside an input, say) are left out."""
NAVIGATION_ORDER = ["tab", "shift+tab", "up", "down", "left", "right", "pageup", "pagedown",
                    "home", "end"]
"""The order Textual's keys are listed in."""

ENTRY_NOTE = ("Letter and digit keys act when the ID entry is not focused (esc leaves it). "
              "The mouse works too.")
"""The main screen's note under its keys."""


def class_bindings(node_type: type) -> list[tuple[str, Binding]]:
    """(key, binding) for each key a node of `node_type` has: the BINDINGS of the class, then
    of its bases, in the order they are declared; a key bound again by a subclass keeps only
    the subclass's bindings (a class may bind a key twice: they are tried in turn)."""
    pairs: list[tuple[str, Binding]] = []
    claimed: set[str] = set()  # keys bound by a class nearer `node_type`
    for base in node_type.__mro__:
        own: set[str] = set()
        for binding in base.__dict__.get("BINDINGS", ()):
            if isinstance(binding, tuple):
                binding = Binding(*binding)
            for key in (key.strip() for key in binding.key.split(",")):
                if key not in claimed:
                    own.add(key)
                    pairs.append((key, binding))
        claimed |= own
    return pairs


@dataclass(frozen=True)
class BindingSource:
    """A node type whose keys act on a screen: `priority_only` for the app under a modal
    screen (its other keys stop at the screen); `types_text` for a text input, whose
    Textual scroll keys scroll nothing."""

    node_type: type
    priority_only: bool = False
    types_text: bool = False


def binding_sources(screen: Screen) -> list[BindingSource]:
    """Where the keys that act on `screen` come from, in the order they are looked up: each
    focusable widget and its containers, the screen, the app."""
    sources: dict[type, BindingSource] = {}
    for widget in screen.focus_chain:
        for node in widget.ancestors_with_self:
            if node is screen:
                break
            types_text = node is widget and widget.check_consume_key("x", "x")
            sources.setdefault(type(node), BindingSource(type(node), types_text=types_text))
    sources.setdefault(type(screen), BindingSource(type(screen)))
    sources.setdefault(type(screen.app), BindingSource(type(screen.app), screen.is_modal))
    return list(sources.values())


def screen_key_help(screen: Screen) -> list[KeyHelp]:
    """A help line per key binding that acts on `screen` (those with an ID: ours), then lines
    for Textual's focus and scroll keys there, then the command palette's."""
    app = screen.app
    # One line per thing done: bindings doing the same (e.g. ^l and esc: to the entry) share it.
    documented: dict[tuple[str, str, str], tuple[Binding, list[str]]] = {}
    textual: list[list[tuple[str, str]]] = [[] for _ in TEXTUAL_KEYS]
    for source in binding_sources(screen):
        for key, binding in class_bindings(source.node_type):
            if source.priority_only and not binding.priority:
                continue
            if binding.action.endswith("command_palette"):
                continue  # the palette's line is last, whoever binds it
            if binding.id:
                line = (binding.action, binding.description, binding.tooltip)
                keys = documented.setdefault(line, (binding, []))[1]
                if key not in keys:
                    keys.append(key)
                continue
            pair = (key, binding.action)
            for index, group in enumerate(TEXTUAL_KEYS):
                if (binding.action in group.actions and pair not in textual[index]
                        and (group.in_text_inputs or not source.types_text)):
                    textual[index].append(pair)
    rows = [_line(app, keys, binding.description, binding.tooltip, binding.action)
            for binding, keys in documented.values()]
    for group, pairs in zip(TEXTUAL_KEYS, textual):
        if pairs:
            pairs.sort(key=lambda pair: NAVIGATION_ORDER.index(pair[0])
                       if pair[0] in NAVIGATION_ORDER else len(NAVIGATION_ORDER))
            rows.append(KeyHelp(" ".join(_display(app, key) for key, _ in pairs),
                                group.description, group.tooltip, tuple(pairs)))
    if app.ENABLE_COMMAND_PALETTE:
        rows.append(_line(app, [app.COMMAND_PALETTE_BINDING], "Command palette",
                          "Run any action by name; pick a theme",
                          "command_palette"))
    return rows


def _line(app: App, keys: Sequence[str], description: str, tooltip: str,
          action: str) -> KeyHelp:
    return KeyHelp(" / ".join(_display(app, key) for key in keys), description, tooltip,
                   tuple((key, action) for key in keys))


def _display(app: App, key: str) -> str:
    return app.get_key_display(Binding(key, ""))


class HelpList(VerticalScroll):
    """The help's lines: scrolls with the arrow and page keys, home / end, j / k, the wheel."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="help-scroll-down",
                tooltip="Scroll the help down a line"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="help-scroll-up",
                tooltip="Scroll the help up a line"),
    ]


class HelpScreen(ModalScreen[None]):
    """A modal list of the keys of the screen below; escape, q, ? or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help-dialog {
            width: 100;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $primary;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 0 1;
        }
        .help-row { height: auto; }
        .help-keys { width: 18; color: $text-accent; text-style: bold; }
        .help-description { width: 22; text-style: bold; }
        .help-tooltip { width: 1fr; color: $text-muted; }
        #help-footer { color: $text-muted; margin-top: 1; }
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help-close",
                tooltip="Close the help and return to the explorer"),
    ]

    AUTO_FOCUS = "#help-dialog"

    def __init__(self, entries: Iterable[KeyHelp], note: str = "") -> None:
        super().__init__()
        self._entries = list(entries)
        self._note = note

    def compose(self) -> ComposeResult:
        with HelpList(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "↑ ↓ pgup pgdn scroll · esc close"
            for entry in self._entries:
                with HorizontalGroup(classes="help-row"):
                    yield Label(entry.keys, classes="help-keys", markup=False)
                    yield Label(entry.description, classes="help-description", markup=False)
                    yield Static(entry.tooltip, classes="help-tooltip", markup=False)
            yield Static(f"{self._note} esc, q, ? or F1 close this help.".lstrip(),
                         id="help-footer", markup=False)

