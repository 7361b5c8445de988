"""`KeyBar`: the footer of key bindings, drawn as one line by one widget.

It looks like Textual's Footer (keys, grouped keys, the palette key on the right) but is a
single widget: Textual's Footer mounts a widget per key (two dozen here) and remounts them all
whenever the keys change, which happens whenever focus leaves the ID entry, so a lookup paid
for a full re-layout of the screen. Here a change of keys repaints one line. Where the keys do
not fit, the bar leaves out keys from the right, never help, quit, back or the palette key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

KEY = "bold $footer-key-foreground on $footer-key-background"
DESCRIPTION = "$footer-description-foreground on $footer-description-background"
DIVIDER = "$foreground 20%"
KEPT_ACTIONS = frozenset({"help", "app.help", "quit", "app.quit", "close"})
"""Actions whose key stays in a narrow bar: help, quit and back (the palette key stays too)."""


@dataclass(frozen=True)
class KeyItem:
    """One clickable key: where it is drawn (`start` to `end`, in cells) and what it does."""

    key: str
    enabled: bool
    tooltip: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Piece:
    """A run of text in the bar; `item` is the key it belongs to (None: plain text)."""

    text: str
    style: str
    item: KeyItem | None = None


@dataclass(frozen=True)
class Run:
    """One key and its description, or one group of keys: what a narrow bar drops whole."""

    pieces: tuple[Piece, ...]
    kept: bool

    @property
    def width(self) -> int:
        """Its width in cells."""
        return sum(cell_len(piece.text) for piece in self.pieces)


class KeyBar(Widget, can_focus=False):
    """The keys of the focused widget and its ancestors, as one line at the bottom."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._left: list[Run] = []
        self._right: list[Piece] = []
        self._items: list[KeyItem] = []
        self._hover: KeyItem | None = None
        self._update_scheduled = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # Focus decides the keys: follow it at once, so the keys change in the same frame
        # as the focus does (the bindings signal comes only after that frame).
        self.watch(self.screen, "focused", self._update, init=False)
        self._update()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    # What to show ---------------------------------------------------------------------------

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen and not self._update_scheduled:
            self._update_scheduled = True  # one update per refresh, however many changes
            self.call_after_refresh(self._update)

    def _update(self) -> None:
        self._update_scheduled = False
        if not self.is_attached:  # its screen was closed (focus moves as its widgets go)
            return
        left, right = self._pieces()
        if (left, right) != (self._left, self._right):
            self._left, self._right = left, right
            self._hover = None
            self.refresh()

    def _pieces(self) -> tuple[list[Run], list[Piece]]:
        """The bar's text: groups of keys as Textual's Footer lays them out, and the palette."""
        app = self.app
        active = self.screen.active_bindings
        by_action: defaultdict[str, list] = defaultdict(list)
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        left: list[Run] = []
        for group, runs in groupby(by_action.values(), lambda run: run[0][0].group):
            runs = list(runs)
            if group is not None and len(runs) > 1:
                pieces = [Piece(" ", "")]
                for index, run in enumerate(runs):
                    binding, enabled, tooltip = run[0]
                    if index and not group.compact:
                        pieces.append(Piece(" ", ""))
                    item = KeyItem(binding.key, enabled, tooltip or binding.description)
                    pieces.append(Piece(app.get_key_display(binding), _dim(KEY, enabled), item))
                pieces += [Piece(" ", ""), Piece(group.description, DESCRIPTION), Piece(" ", "")]
                kept = any(run[0][0].action in KEPT_ACTIONS for run in runs)
                left.append(Run(tuple(pieces), kept))
                continue
            for binding, enabled, tooltip in (run[0] for run in runs):
                item = KeyItem(binding.key, enabled, tooltip or binding.description)
                pieces = (Piece(f" {app.get_key_display(binding)} ", _dim(KEY, enabled), item),
                          Piece(f"{binding.description} ", _dim(DESCRIPTION, enabled), item))
                left.append(Run(pieces, binding.action in KEPT_ACTIONS))
        right: list[Piece] = []
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is not None:
            _node, binding, enabled, tooltip = palette
            item = KeyItem(binding.key, enabled, binding.tooltip or binding.description)
            right = [Piece("▏", DIVIDER),
                     Piece(app.get_key_display(binding), _dim(KEY, enabled), item),
                     Piece(f" {binding.description} ", _dim(DESCRIPTION, enabled), item)]
        return left, right

    @property
    def text(self) -> str:
        """Every key of the bar as plain text, however narrow (the palette key not included)."""
        return "".join(piece.text for run in self._left for piece in run.pieces)

    @property
    def shown_keys(self) -> list[str]:
        """The keys the bar drew last, left to right (the palette key included)."""
        return [item.key for item in self._items]

    # Drawing ----------------------------------------------------------------------------------

    def render(self) -> Content:
        width = self.size.width
        right_width = sum(cell_len(piece.text) for piece in self._right)
        runs = _fitted(self._left, width - right_width)
        pieces = [piece for run in runs for piece in run.pieces]
        used = sum(run.width for run in runs)
        if right_width and used + right_width <= width:
            pieces.append(Piece(" " * (width - used - right_width), ""))
            pieces += self._right
        self._items = _placed(pieces)
        hovered = self._hover
        return Content.assemble(*(
            (piece.text, piece.style + (" on $block-hover-background" if hovered and piece.item
                                        and piece.item.key == hovered.key else ""))
            for piece in pieces
        ))

    # Mouse ------------------------------------------------------------------------------------

    def _item_at(self, x: int) -> KeyItem | None:
        return next((item for item in self._items if item.start <= x < item.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        if item != self._hover:
            self._hover = item
            self.tooltip = item.tooltip if item else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()


def _fitted(runs: list[Run], width: int) -> list[Run]:
    """`runs` without the rightmost ones that are not kept, until the rest fits in `width`."""
    runs = list(runs)
    used = sum(run.width for run in runs)
    for index in range(len(runs) - 1, -1, -1):
        if used <= width:
            break
        if not runs[index].kept:
            used -= runs.pop(index).width
    return runs


def _dim(style: str, enabled: bool) -> str:
    return style if enabled else f"{style} dim"


def _placed(pieces: list[Piece]) -> list[KeyItem]:
    """Each key with the cells it covers (a key and its description are one target)."""
    spans: dict[str, KeyItem] = {}
    x = 0
    for piece in pieces:
        if piece.item is not None:
            key = piece.item.key
            start = spans[key].start if key in spans else x
            end = x + cell_len(piece.text)
            spans[key] = KeyItem(key, piece.item.enabled, piece.item.tooltip, start, end)
        x += cell_len(piece.text)
    return list(spans.values())
