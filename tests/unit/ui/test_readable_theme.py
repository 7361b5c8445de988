"""`readable_theme_variables`: a theme's text colours are raised to a readable contrast over
the backgrounds they are drawn on, keeping their hue; what reads already is left alone."""

from __future__ import annotations

from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

from explorer.ui.styles import (
    MUTED_CONTRAST,
    TEXT_CONTRAST,
    contrast_ratio,
    readable_theme_variables,
)


def variables(theme: Theme) -> dict[str, str]:
    return {**theme.to_color_system().generate(), **theme.variables}


def over(value: str, ground: str) -> Color:
    return Color.parse(ground) + Color.parse(value)


def test_a_yellow_warning_on_white_is_darkened_and_stays_yellowish():
    pale = Theme(name="pale", primary="#0178D4", warning="#FFD700", background="#FFFFFF",
                 surface="#FFFFFF", panel="#F0F0F0", dark=False,
                 variables={"text-warning": "#FFD700", "footer-key-foreground": "#FFD700"})
    before = variables(pale)
    after = readable_theme_variables(before)
    for name in ("text-warning", "footer-key-foreground"):
        color = over(after[name], "#F0F0F0")
        assert contrast_ratio(color, Color.parse("#F0F0F0")) >= TEXT_CONTRAST
        assert color.r > color.b  # still a yellow-brown, not black
    assert after["background"] == before["background"]


def test_every_builtin_theme_reads_after_the_adjustment():
    for theme in BUILTIN_THEMES.values():
        adjusted = readable_theme_variables(variables(theme))
        if theme.name.startswith("ansi"):
            assert adjusted == variables(theme)  # the terminal decides those colours
            continue
        ground = Color.parse(adjusted["background"])
        for name, minimum in (("text-warning", TEXT_CONTRAST), ("foreground", TEXT_CONTRAST),
                              ("foreground-muted", MUTED_CONTRAST)):
            assert contrast_ratio(ground + Color.parse(adjusted[name]), ground) >= minimum, (
                theme.name, name)


def test_colours_that_read_are_left_as_they_are():
    dark = variables(BUILTIN_THEMES["dracula"])
    adjusted = readable_theme_variables(dark)
    assert {name for name in dark if adjusted[name] != dark[name]} == {
        "screen-selection-foreground"}  # "transparent": made the body text's colour


def test_a_theme_it_cannot_read_is_returned_unchanged():
    odd = {"background": "not-a-colour", "text-warning": "#FFD700"}
    assert readable_theme_variables(odd) == odd
