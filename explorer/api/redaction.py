"""`KeyRedactor`: the API key replaced by `***` in every form a server can echo it.

A gateway that quotes the request back may write the key as is, JSON-escaped (`\\u0073k-…`,
any or all of its characters), URL-encoded (some or every byte), or as base64 of
`Bearer <key>` (a logged header). Each form is searched for before anything is shown, stored,
exported or copied: in the raw bytes of a body, in the strings parsed from it (field names
included), and in any server text that reaches an error message.
"""

from __future__ import annotations

import base64
import re
from typing import Any, AnyStr
from urllib.parse import quote_plus

MASK = "***"
MIN_REDACTED_KEY = 8  # characters: shorter keys would match ordinary text everywhere


def _base64_cores(data: bytes) -> set[bytes]:
    """What `data` looks like inside any base64 text, at each of the three alignments it can
    have there (only the characters that depend on `data` alone), standard and URL-safe."""
    cores = set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + data)
        start, end = (8 * offset + 5) // 6, (8 * (offset + len(data))) // 6
        core = encoded[start:end]
        cores.add(core)
        cores.add(core.translate(bytes.maketrans(b"+/", b"-_")))
    return cores


def _hex(value: int, digits: int) -> str:
    """A regex for `value` in hex, either case."""
    return "".join(f"[{d.lower()}{d.upper()}]" if d.isalpha() else d for d in f"{value:0{digits}x}")


def _encoded_pattern(key: str) -> str:
    """The key with each character as is, or percent-encoded (`%2B`, byte by byte), or as a
    JSON escape (`\\u002b`, `\\/`): any mix of them, as a regex."""
    parts = []
    for char in key:
        forms = [re.escape(char), "".join("%" + _hex(byte, 2) for byte in char.encode())]
        if ord(char) < 0x10000:
            forms.append(r"\\u" + _hex(ord(char), 4))
        if char in "/\"\\":
            forms.append(re.escape("\\" + char))
        parts.append("(?:" + "|".join(forms) + ")")
    return "".join(parts)


WINDOW = 1 << 20
"""Characters (or bytes) one regex search covers: Python's `re` holds the GIL for a whole call,
so a 14 MB body searched at once froze the UI thread for ~80 ms; a window costs a few."""


def _replace_all(pattern: re.Pattern, subject: AnyStr, mask: AnyStr, longest: int) -> AnyStr:
    """`pattern.sub(mask, subject)`, searched a window at a time (windows overlap by `longest`,
    the longest match, so a match across a window's end is found whole)."""
    if len(subject) <= WINDOW:
        return pattern.sub(mask, subject)
    pieces: list[AnyStr] = []
    last = 0
    for start in range(0, len(subject), WINDOW):
        position, end = max(start, last), min(len(subject), start + WINDOW + longest)
        while (found := pattern.search(subject, position, end)) is not None and found.start() < start + WINDOW:
            pieces += [subject[last:found.start()], mask]
            last = position = found.end()
    pieces.append(subject[last:])
    return subject[:0].join(pieces)


class KeyRedactor:
    """Finds one key in text, bytes and parsed JSON. A key shorter than `MIN_REDACTED_KEY`
    (a test's "k") is not searched for: it would match ordinary text."""

    def __init__(self, key: str | None) -> None:
        self.active = bool(key) and len(key) >= MIN_REDACTED_KEY
        if not self.active:
            self._text_forms: tuple[str, ...] = ()
            self._byte_forms: tuple[bytes, ...] = ()
            return
        raw = key.encode()
        forms = {raw, quote_plus(key).encode(), *_base64_cores(raw)}
        # Longest first: a form that holds another is replaced whole.
        self._byte_forms = tuple(sorted(forms, key=len, reverse=True))
        self._text_forms = tuple(form.decode() for form in self._byte_forms)
        self._encoded_text = re.compile(_encoded_pattern(key))
        self._encoded_bytes = re.compile(_encoded_pattern(key).encode())
        self._longest = 12 * len(key)  # a character percent-encoded: up to 4 bytes × "%XX"
        # `\/` always: "/" is also a base64 digit, in the key's base64 forms. (One regex: two
        # `in` searches take 4x as long on a body full of `\n`, each a false start.)
        spelled = "u/" + "".join(sorted(set(key) & set('"\\')))
        self._escape = re.compile(rb"\\[" + re.escape(spelled).encode() + rb"]")

    def text(self, text: str) -> str:
        """`text` with every form of the key replaced."""
        if not self.active or not text:
            return text
        for form in self._text_forms:
            if form in text:
                text = text.replace(form, MASK)
        if "%" in text or "\\" in text:
            text = _replace_all(self._encoded_text, text, MASK, self._longest)
        return text

    def contains(self, text: str) -> bool:
        """True when `text` holds any form of the key."""
        if not self.active:
            return False
        if any(form in text for form in self._text_forms):
            return True
        return ("%" in text or "\\" in text) and self._encoded_text.search(text) is not None

    def body(self, body: bytes) -> bytes:
        """Raw bytes of an answer with every form replaced, JSON-escaped ones included."""
        body = self.literal_body(body)
        if self.active and (b"\\" in body or b"%" in body):
            body = _replace_all(self._encoded_bytes, body, MASK.encode(), self._longest)
        return body

    def may_hide_in_escapes(self, body: bytes) -> bool:
        """True when `body` has an escape that could spell a character of the key: a JSON
        `\\uXXXX`, a `\\/`, a `\\` before the key's own `"` or `\\`, or a `%` (percent-encoding).
        A `\\n` spells none: a completion full of them needs no search of its strings."""
        if not self.active:
            return False
        return b"%" in body or self._escape.search(body) is not None

    def literal_body(self, body: bytes) -> bytes:
        """Raw bytes with the forms that need no decoding replaced (as is, URL-encoded with
        `+`, base64): a few memory searches, ~9 ms on 14.5 MB. The escaped forms (JSON, percent)
        are left to `value` on the parsed strings, where JSON escapes are decoded already: the
        byte regex `body` runs takes ~50 ms on such a body, the UI thread waiting meanwhile."""
        if not self.active:
            return body
        for form in self._byte_forms:
            if form in body:
                body = body.replace(form, MASK.encode())
        return body

    def value(self, value: Any) -> Any:
        """Parsed JSON with every string (field names too) redacted, in place where it can be;
        returns the value (a new one for a bare string)."""
        if not self.active:
            return value
        if isinstance(value, str):
            return self.text(value)
        stack = [value]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                for index, item in enumerate(node):
                    if isinstance(item, str):
                        if self.contains(item):
                            node[index] = self.text(item)
                    elif isinstance(item, (list, dict)):
                        stack.append(item)
            elif isinstance(node, dict):
                for name, item in node.items():
                    if isinstance(item, str):
                        if self.contains(item):
                            node[name] = self.text(item)  # same key: the dict keeps its size
                    elif isinstance(item, (list, dict)):
                        stack.append(item)
                for name in [name for name in node if isinstance(name, str) and self.contains(name)]:
                    node[self.text(name)] = node.pop(name)
        return value
