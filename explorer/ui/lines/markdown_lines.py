"""Rendering a completion's Markdown to lines, off the event loop.

Textual's `Markdown` widget mounts one widget per block on the event loop, which stalls the UI
for long documents. Here Rich renders the Markdown to `Strip`s at a given width in a worker
thread, and `LazyText` shows them virtualised like any other text. Colours come from the app's
theme variables (`theme_styles`), so every Textual theme works. Links are not made clickable
(`hyperlinks=False`): their URL is shown as text, and no link escape reaches the terminal.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from rich.console import Console
from rich.markdown import Markdown
from rich.style import Style
from rich.theme import Theme
from textual.color import Color, ColorParseError
from textual.strip import Strip

# Rich markdown style -> (theme variable for the colour, extra attributes).
_STYLE_VARIABLES: dict[str, tuple[str, dict[str, bool]]] = {
    "markdown.h1": ("markdown-h1-color", {"bold": True}),
    "markdown.h2": ("markdown-h2-color", {"bold": True, "underline": True}),
    "markdown.h3": ("markdown-h3-color", {"bold": True}),
    "markdown.h4": ("markdown-h4-color", {"bold": True, "italic": True}),
    "markdown.h5": ("markdown-h5-color", {"italic": True}),
    "markdown.h6": ("markdown-h6-color", {"italic": True}),
    "markdown.code": ("text-accent", {"bold": True}),
    "markdown.code_block": ("foreground", {}),
    "markdown.block_quote": ("text-muted", {"italic": True}),
    "markdown.list": ("text-secondary", {}),
    "markdown.item.number": ("text-secondary", {}),
    "markdown.item.bullet": ("text-secondary", {"bold": True}),
    "markdown.hr": ("text-muted", {}),
    "markdown.link": ("text-primary", {"underline": True}),
    "markdown.link_url": ("text-muted", {}),
    "markdown.table.border": ("text-muted", {}),
    "markdown.table.header": ("text-primary", {"bold": True}),
    "markdown.kbd": ("text-warning", {"bold": True}),
    "markdown.h1.border": ("markdown-h1-color", {}),
}


def theme_styles(variables: Mapping[str, str]) -> dict[str, Style]:
    """Rich markdown styles from Textual theme variables (translucent colours are blended
    onto the background, as Textual would)."""
    background = _color(variables.get("surface")) or _color(variables.get("background"))
    styles: dict[str, Style] = {}
    for name, (variable, attributes) in _STYLE_VARIABLES.items():
        color = _color(variables.get(variable))
        if color is not None and color.a < 1 and background is not None:
            color = background + color
        rich_color = color.rich_color if color is not None and color.a > 0 else None
        styles[name] = Style(color=rich_color, **attributes)
    code_background = _color(variables.get("boost"))
    if code_background is not None and background is not None:
        blended = (background + code_background).rich_color
        styles["markdown.code_block"] += Style(bgcolor=blended)
        styles["markdown.code"] += Style(bgcolor=blended)
    return styles


def _color(value: str | None) -> Color | None:
    if not value:
        return None
    try:
        return Color.parse(value)
    except ColorParseError:
        return None  # e.g. "auto 87%": not a fixed colour


def render_markdown(
    text: str, width: int, styles: Mapping[str, Style], *, dark: bool = True
) -> list[Strip]:
    """`text` (already safe) rendered as Markdown into strips `width` cells wide."""
    console = Console(
        width=max(width, 10),
        file=io.StringIO(),
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
        theme=Theme(dict(styles), inherit=True),
        emoji=False,
        markup=False,
        highlight=False,
    )
    markdown = Markdown(
        text, hyperlinks=False, code_theme="ansi_dark" if dark else "ansi_light"
    )
    lines = console.render_lines(markdown, console.options.update_width(max(width, 10)),
                                 pad=False, new_lines=False)
    return [Strip(line) for line in lines]
