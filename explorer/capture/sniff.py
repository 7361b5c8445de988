"""Finding the generation ID in an answer as it passes through: the ``id`` of a JSON body, or of
the first ``data:`` event of an SSE stream, read from a copy of the bytes (never holding back the
stream). Compressed bodies (gzip, deflate) are decompressed for the look only.
"""

from __future__ import annotations

import json
import re
import zlib

from explorer.api.errors import InvalidIdError
from explorer.api.ids import normalize_id

MAX_SNIFF_BYTES = 256 * 1024
"""Bytes of a stream looked at for its first event; a stream without one by then has no ID."""
MAX_JSON_BYTES = 8 * 1024 * 1024
"""A larger JSON body is passed on without looking for its ID."""
MAX_ID_CHARS = 200

#: A generation ID anywhere in text (a log line): ``gen-<digits>-<letters and digits>``.
GENERATION_ID_PATTERN = re.compile(r"(?<![A-Za-z0-9_-])gen-\d+-[A-Za-z0-9]+")


def ids_in_text(text: str) -> list[str]:
    """Every generation ID in `text`, in order, without repeats."""
    return list(dict.fromkeys(GENERATION_ID_PATTERN.findall(text)))


def usable_id(value: object) -> str | None:
    """`value` if it can be a generation ID to look up (a short, clean string), else None."""
    if not isinstance(value, str) or not value or len(value) > MAX_ID_CHARS or any(c.isspace() for c in value):
        return None
    try:
        return normalize_id(value)
    except InvalidIdError:
        return None


class _Decoder:
    """Incremental decompression for one `Content-Encoding` (None when it is one we cannot read)."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        self.supported = encoding in ("", "identity", "gzip", "x-gzip", "deflate")
        self._raw_deflate = False
        self._zlib = None
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()

    def decode(self, chunk: bytes) -> bytes:
        if self._zlib is None:
            return chunk
        try:
            return self._zlib.decompress(chunk)
        except zlib.error:
            if self._raw_deflate or self._zlib.unused_data or self._zlib.eof:
                raise
            # "deflate" sometimes means raw deflate, without the zlib header
            self._raw_deflate = True
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._zlib.decompress(chunk)


def json_body_id(body: bytes, encoding: str = "") -> str | None:
    """The top-level ``id`` of a JSON object body, or None (not JSON, no ``id``, unreadable)."""
    decoder = _Decoder(encoding)
    if not decoder.supported or len(body) > MAX_JSON_BYTES:
        return None
    try:
        value = json.loads(decoder.decode(body))
    except (ValueError, zlib.error):
        return None
    return usable_id(value.get("id")) if isinstance(value, dict) else None


class SseIdSniffer:
    """Reads copies of an SSE stream's chunks until the first ``data:`` event, and takes its ``id``.

    `feed` returns the ID once, when the event is complete; after that (or once it is clear there is
    none) `done` is True and `feed` returns at once, so the rest of the stream costs nothing.
    """

    def __init__(self, encoding: str = "") -> None:
        self._decoder = _Decoder(encoding)
        self._buffer = b""
        self._seen = 0
        self.done = not self._decoder.supported

    def feed(self, chunk: bytes) -> str | None:
        """Look at the next chunk; return the generation ID when the first data event is complete."""
        if self.done:
            return None
        self._seen += len(chunk)
        try:
            self._buffer += self._decoder.decode(chunk)
        except zlib.error:
            self.done = True
            return None
        while True:
            self._buffer = self._buffer.replace(b"\r\n", b"\n")
            end = self._buffer.find(b"\n\n")
            if end < 0:
                if self._seen > MAX_SNIFF_BYTES:
                    self._finish()
                return None
            event, self._buffer = self._buffer[:end], self._buffer[end + 2:]
            data = [line[5:].removeprefix(b" ") for line in event.split(b"\n") if line.startswith(b"data:")]
            if data:  # the first data event decides; comment-only events (keep-alives) are skipped
                self._finish()
                return _event_id(b"\n".join(data))

    def _finish(self) -> None:
        self.done = True
        self._buffer = b""


def _event_id(data: bytes) -> str | None:
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return usable_id(value.get("id")) if isinstance(value, dict) else None
