"""Limits on the shape of an answer's JSON: how deep it nests, how many items a list (or fields
an object) holds, and how many lists and objects it has in all.

Within the size limit a body can still cost far more memory parsed than on the wire (64 MB of
`[]` is 20 million lists) or nest deep enough to break recursive code downstream (rendering,
`json.dumps` on save). No real generation comes near these limits.
"""

from __future__ import annotations

import re
from typing import Any

from explorer.api.errors import ResponseTooLargeError

MAX_DEPTH = 200
"""Levels of nesting (pydantic's JSON parser stops at about this depth as well)."""
MAX_ITEMS = 100_000
"""Items in one list, or fields in one object."""
MAX_CONTAINERS = 1_000_000
"""Lists and objects in one answer."""

_SHAPE_HINT = ("No real generation nests or lists this much: the server's answer is broken "
               "(the limit is fixed, not a setting).")
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_OPENING = bytes(byte for byte in range(256) if byte not in b"[{")  # deleted: [ and { stay
_SLICE = 1 << 20


def too_deep(status: int | None) -> ResponseTooLargeError:
    """The error for JSON nested deeper than `MAX_DEPTH`."""
    return ResponseTooLargeError(f"the JSON is nested more than {MAX_DEPTH} levels deep; reading "
                                 "stopped there", status=status, hint=_SHAPE_HINT)


def check_container_count(body: bytes, status: int | None) -> bool:
    """Refuse, before parsing, a body with more than `MAX_CONTAINERS` lists and objects (a
    bracket inside a string does not count). Returns True when the parsed body may still
    break `check_json_limits` (False: it is too small to nest or list that much)."""
    # One pass a megabyte at a time (two `count`s take twice as long; a megabyte bounds the copy).
    brackets = sum(len(body[start:start + _SLICE].translate(None, _NOT_OPENING))
                   for start in range(0, len(body), _SLICE))
    if brackets <= MAX_CONTAINERS:  # the usual case: an upper bound, counted at memory speed
        # MAX_ITEMS items need as many separators; MAX_DEPTH levels as many brackets.
        return brackets > MAX_DEPTH or len(body) > MAX_ITEMS
    outside = _STRING.sub(b'""', body)
    if outside.count(b"[") + outside.count(b"{") > MAX_CONTAINERS:
        raise ResponseTooLargeError(
            f"the JSON holds more than {MAX_CONTAINERS:,} lists and objects; it was not parsed",
            status=status, hint=_SHAPE_HINT)
    return True


def check_json_limits(value: Any, status: int | None) -> None:
    """Raise `ResponseTooLargeError` when parsed JSON nests deeper than `MAX_DEPTH` or has a
    list or object with more than `MAX_ITEMS` entries (named by its path)."""
    if not isinstance(value, (list, dict)):
        return
    stack: list[tuple[list | dict, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise too_deep(status)
        if len(node) > MAX_ITEMS:
            kind = "items" if isinstance(node, list) else "fields"
            raise ResponseTooLargeError(
                f"{_path_to(value, node) or 'the answer'} holds {len(node):,} {kind}; at most "
                f"{MAX_ITEMS:,} are read", status=status, hint=_SHAPE_HINT)
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, (list, dict)))


def _path_to(root: Any, target: Any) -> str:
    """Where `target` sits inside `root`, as `data.provider_responses` (for the message)."""
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in items:
            if isinstance(child, (list, dict)):
                stack.append((child, f"{path}.{key}" if path and isinstance(key, str) else
                              f"{path}[{key}]" if path else str(key)))
    return ""
