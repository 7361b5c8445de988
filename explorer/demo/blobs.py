"""Small, valid binary attachments for the demo data set, generated deterministically.

The JSON records refer to them with sentinels such as ``"@blob:png-data-url"`` so the
committed data stays readable; :func:`expand_blobs` swaps the sentinels for real base64.
"""

from __future__ import annotations

import base64
import math
import random
import struct
import zlib
from collections.abc import Callable
from functools import cache
from typing import Any

BLOB_PREFIX = "@blob:"


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


@cache
def png_bytes(size: int = 32, seed: int = 2026) -> bytes:
    """A ``size``×``size`` RGB PNG: a receipt-ish gradient with noise (so it stays a few KB)."""
    rng = random.Random(seed)
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter type "None" for every scanline
        for x in range(size):
            base = 235 - (y % 6 == 0) * 90  # faint "text lines" every sixth row
            rows += bytes(max(0, min(255, base - x + rng.randint(-40, 40))) for _ in range(3))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


@cache
def wav_bytes(seconds: float = 0.3, rate: int = 8000, freq: float = 440.0) -> bytes:
    """A mono 8-bit PCM WAV with a short sine tone and a fade-out."""
    count = int(seconds * rate)
    samples = bytes(
        int(128 + 100 * (1 - i / count) * math.sin(2 * math.pi * freq * i / rate)) for i in range(count)
    )
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate, 1, 8)
    riff_body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", count) + samples
    return b"RIFF" + struct.pack("<I", len(riff_body)) + riff_body


@cache
def pdf_bytes(title: str = "Q3 2026 infrastructure cost report") -> bytes:
    """A one-page PDF with a title line; offsets in the xref table are computed, so it is valid."""
    stream = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


BLOBS: dict[str, Callable[[], str]] = {
    "png-data-url": lambda: "data:image/png;base64," + _b64(png_bytes()),
    "wav-base64": lambda: _b64(wav_bytes()),
    "pdf-data-url": lambda: "data:application/pdf;base64," + _b64(pdf_bytes()),
}


def expand_blobs(value: Any) -> Any:
    """Return a copy of ``value`` with every ``"@blob:<name>"`` string replaced by its data."""
    if isinstance(value, str) and value.startswith(BLOB_PREFIX):
        return BLOBS[value[len(BLOB_PREFIX):]]()
    if isinstance(value, list):
        return [expand_blobs(item) for item in value]
    if isinstance(value, dict):
        return {key: expand_blobs(item) for key, item in value.items()}
    return value
