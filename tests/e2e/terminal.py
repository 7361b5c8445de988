"""What the app puts on the terminal, read back for assertions.

The headless driver writes nothing, so the screen is rendered the way the app renders it for
a real terminal: one Strip of Segments per row (`tests.support.screen`) and, from them, the
exact terminal data the app's console would write.
"""

from __future__ import annotations

import re

from rich.control import Control
from rich.segment import Segment
from textual.app import App
from textual.widget import Widget

from tests.support.screen import screen_strips

# What must never reach the terminal as text: C0 controls (newline and tab included: Textual
# lays lines out itself), DEL, C1 controls, and invisible bidi / zero-width formatting characters.
FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
# Escape sequences Rich and Textual themselves emit when painting: SGR styles (colours, bold,
# underline), cursor moves and the synchronized-output markers. Anything else is an injection.
OWN_SEQUENCE = re.compile(r"\x1b\[[0-9;:]*[mHABCDGJK]|\x1b\[\?[0-9;]*[hl]")


def widget_text(app: App, widget: Widget) -> str:
    """The visible text inside `widget`'s content region (no border) of the screen."""
    region = widget.content_region
    strips = screen_strips(app)[region.y : region.bottom]
    return "\n".join(strip.crop(region.x, region.right).text.rstrip() for strip in strips)


def flat(text: str) -> str:
    """Whitespace collapsed: a message wrapped over lines still matches as one sentence."""
    return " ".join(text.split())


def shows(text: str, value: str) -> bool:
    """`value` is in `text` even when wrapped anywhere (also inside a word, as a long model
    name is in a narrow column): all whitespace is ignored on both sides."""
    return "".join(value.split()) in "".join(text.split())


def terminal_output(app: App) -> str:
    """Exactly what the app would write to a real terminal to paint the current screen.

    The headless driver drops output, so render it the way a full update is written: each
    row after a cursor move, turned into terminal data by the app's own console.
    """
    rows = [Control.move_to(0, y).segment.text + strip.render(app.console)
            for y, strip in enumerate(screen_strips(app))]
    return "\n".join(rows)


def unsafe_segments(app: App) -> list[tuple[int, Segment]]:
    """Segments whose *text* carries a control, escape or invisible formatting character.

    Rich keeps styles apart from text (Segment.style) and builds every escape sequence from the
    style; a segment's text is written to the terminal verbatim. So if no segment text holds an
    ESC, BEL, NUL, CR, C1 or bidi/zero-width character, the data cannot inject one.
    """
    found = []
    for row, strip in enumerate(screen_strips(app)):
        for segment in strip:
            if segment.control or FORBIDDEN.search(segment.text):
                found.append((row, segment))
    return found


def injected_sequences(output: str) -> list[str]:
    """What is left of terminal data after removing the sequences Rich/Textual emit themselves:
    any ESC, BEL, NUL, C1 or bidi character left over came from the data."""
    rest = OWN_SEQUENCE.sub("", output).replace("\r\n", "").replace("\n", "")
    return FORBIDDEN.findall(rest)


def assert_terminal_safe(app: App, where: str = "") -> None:
    """Both checks: no unsafe segment text, and nothing but Rich's own sequences in the data."""
    bad = unsafe_segments(app)
    assert not bad, f"{where}: unsafe text reached the screen: {bad[:5]!r}"
    injected = injected_sequences(terminal_output(app))
    assert not injected, f"{where}: terminal data holds injected characters: {sorted(set(injected))!r}"
