"""Style names shared by the views, each written once in theme variables (so every theme works),
and `readable_theme_variables`: the theme's text colours raised to a readable contrast."""

from __future__ import annotations

from collections.abc import Iterable

from textual.color import Color, ColorParseError

MUTED = "$foreground-muted"
"""Dimmed text (labels, the dash, asides). Not `$text-muted`: its "auto 60%" loses the 60% in
`Content` styles."""

SUCCESS = "$text-success"
WARNING = "$text-warning"
ERROR = "$text-error"
"""Status text. The `$text-*` variables are the theme's colours meant for text; the bare
`$warning` and the like are for backgrounds and can be unreadable as text (yellow on white)."""

SECTION_TITLE = "$text-accent bold"
"""A section title in a list of label/value rows (the metadata panel, compare)."""

STATUS_STYLES = {
    "ok": SUCCESS,
    "rate-limited": WARNING,
    "server-error": ERROR,
    "client-error": ERROR,
    "unknown": MUTED,
}
"""The colour of a provider attempt's status (as text), by `metrics.status_class`."""

STATUS_BAR_STYLES = {
    "ok": "$success",
    "rate-limited": "$warning",
    "server-error": "$error",
    "client-error": "$error",
    "unknown": MUTED,
}
"""The colour of a provider attempt's bar: the theme's own status colours (a bar is not text)."""

TEXT_CONTRAST = 4.5
"""WCAG AA for text. The views promise 4:1 for body text and 3:1 for marks (headings, keys,
status colours); aiming at 4.5 leaves room for the tints of focus and hover."""

MUTED_CONTRAST = 4.0
"""Muted text (labels, asides) is body text too, at the views' 4:1; any higher and it would
stand out as much as the values beside it in the low-contrast themes."""

# Text colours (and the contrast each needs) over the theme backgrounds they are drawn on.
_TEXT_ON_BACKGROUNDS = {"foreground": TEXT_CONTRAST, "foreground-muted": MUTED_CONTRAST,
                        **dict.fromkeys(("text-primary", "text-secondary", "text-accent",
                                         "text-success", "text-warning", "text-error"),
                                        TEXT_CONTRAST)}
_BACKGROUNDS = ("background", "surface", "panel")
# (text colour, its own background or None, the background(s) beneath that).
_TEXT_ON_OWN_BACKGROUND = (
    ("footer-foreground", None, ("footer-background",)),
    ("footer-key-foreground", "footer-key-background", ("footer-background",)),
    ("footer-description-foreground", "footer-description-background", ("footer-background",)),
    ("block-cursor-foreground", "block-cursor-background", _BACKGROUNDS),
    ("block-cursor-blurred-foreground", "block-cursor-blurred-background", _BACKGROUNDS),
    ("screen-selection-foreground", "screen-selection-background", _BACKGROUNDS),
    ("input-selection-foreground", "input-selection-background", ("surface",)),
)


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG 2 contrast ratio of two opaque colours: 1.0 (the same) to 21.0."""

    def luminance(color: Color) -> float:
        def linear(channel: int) -> float:
            value = channel / 255
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_color(color: Color, grounds: Iterable[Color],
                   minimum: float = TEXT_CONTRAST) -> Color | None:
    """`color` moved towards black or white just enough to reach `minimum` contrast over
    every opaque colour in `grounds` (its hue kept as far as it can be); None if it already
    does."""
    grounds = list(grounds)

    def worst(candidate: Color) -> float:
        return min(contrast_ratio(ground + candidate, ground) for ground in grounds)

    if worst(color) >= minimum:
        return None
    start = grounds[0] + color  # opaque, as drawn on the first ground
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    # Towards black and towards white, the way the colour already leans first (it wins a tie).
    extremes = (white, black) if start.brightness > grounds[0].brightness else (black, white)
    reached = []  # (steps, colour): the first step in each direction that reads
    for extreme in extremes:
        for step in range(1, 21):
            candidate = start.blend(extreme, step / 20)
            if worst(candidate) >= minimum:
                reached.append((step, candidate))
                break
    if reached:
        return min(reached, key=lambda found: found[0])[1]
    return max(extremes, key=worst)


def readable_theme_variables(variables: dict[str, str]) -> dict[str, str]:
    """The theme's CSS variables with each text colour that is hard to read over the
    backgrounds it is drawn on raised to `TEXT_CONTRAST` (muted text: `MUTED_CONTRAST`);
    several built-in themes draw footer keys, warnings or the cursor's text at under 2:1.
    ANSI themes are left as they are: the terminal decides their colours."""
    try:
        background = _parse(variables["background"], None)
        if background.ansi is not None:
            return variables
        grounds = {name: background + _parse(variables[name], background)
                   for name in _BACKGROUNDS}
        adjusted = dict(variables)
        for name, minimum in _TEXT_ON_BACKGROUNDS.items():
            _adjust(adjusted, name, variables[name], list(grounds.values()), minimum)
        for name, own, beneath in _TEXT_ON_OWN_BACKGROUND:
            under = [grounds.get(ground) or background + _parse(variables[ground], background)
                     for ground in beneath]
            if own is not None:
                under = [ground + _parse(variables[own], ground) for ground in under]
            value = variables[name]
            if _parse(value, under[0]).a == 0:  # "transparent": keeps the text's own colour,
                value = adjusted["foreground"]  # which may be anything: use the body's
            _adjust(adjusted, name, value, under)
    except (KeyError, ColorParseError, ValueError):  # a custom theme we cannot read: as it is
        return variables
    return adjusted


def _adjust(variables: dict[str, str], name: str, value: str, grounds: list[Color],
            minimum: float = TEXT_CONTRAST) -> None:
    color = _parse(value, grounds[0])
    if color.ansi is not None:
        return
    better = readable_color(color, grounds, minimum)
    if better is not None:
        variables[name] = better.hex
    elif value != variables[name]:
        variables[name] = (grounds[0] + color).hex


def _parse(value: str, ground: Color | None) -> Color:
    """A CSS colour value as Textual writes theme variables: `#hex`, a name, `auto`, each
    with an optional `NN%` alpha (auto: the contrasting text colour of `ground`)."""
    name, _, alpha = value.strip().partition(" ")
    if name == "auto":
        if ground is None:
            raise ValueError("auto needs a background")
        color = ground.get_contrast_text(1.0)
    else:
        color = Color.parse(name)
    if alpha.strip().endswith("%"):
        color = color.multiply_alpha(float(alpha.strip()[:-1]) / 100)
    return color
