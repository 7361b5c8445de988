"""The styles of `LazyText`'s line kinds (headers by role, media, tool calls, notes, errors)
and of search matches, in theme variables."""

from __future__ import annotations

from rich.style import Style

from explorer.ui.styles import MUTED

# kind -> style, in theme variables. Header kinds are "header:<role>". (Styles, not component
# classes: Textual restyles every component class of a widget whenever its focus changes, and
# the view takes focus on every lookup.)
KIND_STYLES = {
    "header:user": "bold $text-primary on $boost",
    "header:assistant": "bold $text-success on $boost",
    "header:system": "bold $text-warning on $boost",
    "header:developer": "bold $text-accent on $boost",
    "header:tool": "bold $text-secondary on $boost",
    "header:other": f"bold {MUTED} on $boost",
    "media": "italic $text-accent",
    "tool-call": "bold $text-secondary",
    "code": "$text-secondary",
    "note": f"italic {MUTED}",
    "extra": MUTED,
    "error": "$text-error",
    # The current search match, in the theme's (readable) cursor colours.
    "current-match": "bold $block-cursor-foreground on $block-cursor-background",
}
MATCH_STYLE = Style(reverse=True)  # the other matches: readable wherever their text is
