"""Reading an answer's body within a size limit, however the server sends it.

The limit holds for a declared length (Content-Length: refused before reading), an undeclared
one (chunked: counted while streaming) and after decompression (a gzip bomb: decoded bytes are
counted, and never more than the limit plus one byte is inflated from any chunk). Only the
encodings the client asks for (gzip, deflate) are decoded; anything else is refused.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from explorer.api.errors import InvalidResponseError, ResponseTooLargeError

if TYPE_CHECKING:
    import httpx

ACCEPT_ENCODING = "gzip, deflate"
MB = 1024 * 1024


def too_large(limit: int, status: int | None, declared: int | None = None) -> ResponseTooLargeError:
    """The error for an answer over `limit` bytes, naming the limit and the setting."""
    shown = f"the {limit / MB:g} MB limit (max_response_mb)"
    if declared is not None:
        message = f"the answer declares {declared / MB:,.1f} MB, over {shown}; it was not read"
    else:
        message = f"the answer passed {shown}; reading stopped there"
    return ResponseTooLargeError(message, status=status)


class _Inflater:
    """zlib decoding that never inflates more than it is allowed to."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._deflate = encoding == "deflate"
        wbits = zlib.MAX_WBITS if self._deflate else 16 + zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits)
        self._started = False

    def decode(self, data: bytes, max_length: int) -> bytes:
        """At most `max_length` decoded bytes of `data` (more pending shows as exactly that many)."""
        try:
            out = self._zlib.decompress(data, max_length)
        except zlib.error:
            if not (self._deflate and not self._started):
                raise
            # "deflate" is often sent raw, without the zlib header (as httpx also accepts).
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._zlib.decompress(data, max_length)
        self._started = True
        return out

    def flush(self) -> bytes:
        return self._zlib.flush()


def _inflater(response: httpx.Response) -> _Inflater | None:
    names = [name.strip().lower() for name in response.headers.get("content-encoding", "").split(",")]
    names = [name for name in names if name and name != "identity"]
    if not names:
        return None
    if len(names) == 1 and names[0] in ("gzip", "x-gzip", "deflate"):
        return _Inflater("deflate" if names[0] == "deflate" else "gzip")
    shown = ", ".join(name[:20] for name in names[:3])
    raise InvalidResponseError(f"the server sent the body encoded as '{shown}', which this client "
                               f"did not ask for (it accepts {ACCEPT_ENCODING})",
                               status=response.status_code)


def _declared_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "").strip()
    return int(value) if value.isdigit() and len(value) < 20 else None


async def read_bounded(response: httpx.Response, limit: int) -> bytes:
    """The decoded body of a streamed `response`, or `ResponseTooLargeError` as soon as it
    passes `limit` bytes (declared, on the wire, or decoded). The caller closes the response."""
    status = response.status_code
    declared = _declared_length(response)
    if declared is not None and declared > limit:
        raise too_large(limit, status, declared)
    if response.is_stream_consumed:  # an in-process transport handed over a body in memory
        body = response.content
        if len(body) > limit:
            raise too_large(limit, status)
        return body
    inflater = _inflater(response)
    parts: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw():
        if inflater is not None:
            try:
                raw = inflater.decode(raw, limit - size + 1)
            except zlib.error:
                raise _corrupt(inflater, status) from None
        size += len(raw)
        if size > limit:
            raise too_large(limit, status)
        parts.append(raw)
    if inflater is not None:
        try:
            tail = inflater.flush()
        except zlib.error:
            raise _corrupt(inflater, status) from None
        size += len(tail)
        if size > limit:
            raise too_large(limit, status)
        parts.append(tail)
    return b"".join(parts)


def _corrupt(inflater: _Inflater, status: int) -> InvalidResponseError:
    return InvalidResponseError(f"the body's {inflater.encoding} encoding is corrupt", status=status)
