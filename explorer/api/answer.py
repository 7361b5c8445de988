"""An HTTP answer as the client reads it, whichever transport carried it: status, reason,
headers and body, read the way httpx reads them (so every transport's answer means the same)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


class ResponseHeaders:
    """Case-insensitive, read-only headers over the raw `(name, value)` byte pairs, as
    `httpx.Headers` reads them: a repeated header's values joined with ", ", all values decoded
    as ASCII, else UTF-8, else Latin-1."""

    __slots__ = ("_raw", "_encoding")

    def __init__(self, raw: Sequence[tuple[bytes, bytes]]) -> None:
        self._raw = raw
        self._encoding: str | None = None

    def _decode(self, value: bytes) -> str:
        if self._encoding is None:
            self._encoding = "iso-8859-1"
            for encoding in ("ascii", "utf-8"):
                try:
                    for name, each in self._raw:
                        name.decode(encoding)
                        each.decode(encoding)
                except UnicodeDecodeError:
                    continue
                self._encoding = encoding
                break
        return value.decode(self._encoding)

    def get(self, name: str, default: str | None = None) -> str | None:
        """The header's value (several joined with ", "), or `default`."""
        key = name.lower().encode("ascii")
        values = [value for raw_name, value in self._raw if raw_name.lower() == key]
        if not values:
            return default
        return ", ".join(self._decode(value) for value in values)

    def __repr__(self) -> str:
        return f"ResponseHeaders({len(self._raw)} fields)"  # never the values: they may hold anything


def is_httpx_error(exc: BaseException) -> bool:
    """True for an `httpx.HTTPError` (how transports report a failed exchange), without
    importing httpx: when it is not loaded, no such error can exist."""
    httpx = sys.modules.get("httpx")
    return httpx is not None and isinstance(exc, httpx.HTTPError)


def standard_reason(status: int) -> str:
    """The standard reason phrase of `status` ("" for an unknown one), as httpx spells it."""
    if status == 418:
        return "I'm a teapot"  # httpx's spelling; the standard library capitalises it
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


class Answer:
    """A whole answer: what `responses.error_from_response` and `parse_body` read."""

    __slots__ = ("status_code", "reason_phrase", "headers", "content")

    def __init__(self, status_code: int, reason_phrase: str, headers: ResponseHeaders | object,
                 content: bytes) -> None:
        self.status_code = status_code
        self.reason_phrase = reason_phrase
        self.headers = headers
        self.content = content

    def __repr__(self) -> str:
        return f"<Answer [{self.status_code}] {len(self.content):,} bytes>"  # never the body
