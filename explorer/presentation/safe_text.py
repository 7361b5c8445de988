"""Making text from the network safe to put on a terminal.

Network text is data: it must never become markup (the UI renders it with `rich.text.Text`,
never as a markup string) and no control or escape sequence may reach the terminal. Here every
C0/C1 control character (except newline and tab) and every invisible formatting character
(bidi overrides, zero-width characters) is replaced by a visible token, so it is shown literally.
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Unicode "format" characters that change how text is laid out or hide it.
_INVISIBLE = re.compile(
    "[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"
    # Lone surrogates (valid in JSON "\\ud800", not encodable for the terminal).
    "\ud800-\udfff]"
)
_INVISIBLE_NAMES = {
    "\u200b": "ZWSP", "\u200c": "ZWNJ", "\u200d": "ZWJ", "\u200e": "LRM", "\u200f": "RLM",
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI", "\ufeff": "BOM",
    "\u061c": "ALM",
}


def _control_token(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x1B:
        return "␛"
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ␇ ␍ …
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"


def _invisible_token(match: re.Match[str]) -> str:
    char = match.group()
    return f"<{_INVISIBLE_NAMES.get(char, f'U+{ord(char):04X}')}>"


def safe_text(value: object, *, keep_newlines: bool = True) -> str:
    """`value` as text with every control and invisible formatting character made visible.

    `\\r\\n` becomes a newline; with `keep_newlines=False` newlines and tabs become spaces (for
    one-line cells such as a model name in a table).
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():
        return text  # the common case, fast for megabytes of ordinary text
    text = text.replace("\r\n", "\n")
    if not keep_newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    text = _CONTROL.sub(_control_token, text)
    text = _INVISIBLE.sub(_invisible_token, text)
    return text


def one_line(value: object, limit: int = 200) -> str:
    """Safe single-line text, cut to `limit` characters with an ellipsis."""
    text = safe_text(value, keep_newlines=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
