"""Generation IDs: cleaning what users paste, reading ID files, and the creation time IDs embed."""

from __future__ import annotations

import codecs
import re
import sys
from urllib.parse import parse_qs, urlsplit

from explorer.api.errors import InvalidIdError

MAX_ID_LENGTH = 1000
_QUOTES = "\"'`‘’“”«»"
_EMBEDDED_TIME = re.compile(r"^gen-(\d{9,11})-")
_LOOKS_LIKE_ID = re.compile(r"^gen-[A-Za-z0-9_-]+$")


def normalize_id(raw: str) -> str:
    """Trim whitespace and quotes, accept a URL containing `id=`, refuse what can't be an ID.

    Anything else (`&`, `/`, `#`, `%`, inner spaces, non-ASCII) is kept: the client sends it
    percent-encoded and the server decides.
    """
    text = (raw or "").strip().strip(_QUOTES).strip()
    if "id=" in text and "://" in text:
        query = parse_qs(urlsplit(text).query)
        if query.get("id"):
            text = query["id"][0].strip()
    if not text:
        raise InvalidIdError("the ID is empty")
    if len(text) > MAX_ID_LENGTH:
        raise InvalidIdError(
            f"the ID is {len(text):,} characters long; generation IDs are far shorter "
            f"(at most {MAX_ID_LENGTH:,} accepted)"
        )
    bad = next((ch for ch in text if ord(ch) < 32 or ord(ch) == 127), None)
    if bad is not None:
        raise InvalidIdError(f"the ID contains a control character (U+{ord(bad):04X})")
    return text


def split_ids(text: str) -> list[str]:
    """Several IDs pasted at once (whitespace, commas or newlines between `gen-…` tokens).

    Returns one item when the text is a single ID, so odd IDs with spaces stay intact.
    """
    tokens = [t.strip().strip(_QUOTES) for t in re.split(r"[\s,;]+", text or "") if t.strip()]
    tokens = [t for t in tokens if t]
    if len(tokens) > 1 and all(_LOOKS_LIKE_ID.match(t) for t in tokens):
        return list(dict.fromkeys(tokens))
    return [text]


def embedded_unix_time(generation_id: str) -> int | None:
    """The unix time a `gen-<seconds>-<random>` ID embeds, or None for other shapes."""
    match = _EMBEDDED_TIME.match(generation_id or "")
    return int(match.group(1)) if match else None


class IdsFileError(ValueError):
    """An IDs file that is not text: the message names the line and what was wrong with it."""


def read_ids_file(path: str) -> list[str]:
    """IDs from a file, one per line (`-` reads stdin).

    Lines are trimmed; blank lines and lines starting with `#` are skipped; repeats are dropped
    keeping the first. UTF-8 (a byte-order mark is ignored), or UTF-16 with a byte-order mark.
    Raises `OSError` when the file cannot be read and `IdsFileError` when it is not text.
    """
    if path == "-":
        stream = sys.stdin
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
    else:
        with open(path, "rb") as handle:
            data = handle.read()
    ids: dict[str, None] = {}
    for line in decode_ids_text(data).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            ids.setdefault(line, None)
    return list(ids)


def decode_ids_text(data: bytes) -> str:
    """The text of an IDs file: UTF-8, or UTF-16 with its byte-order mark; `IdsFileError` else."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    encoding, name = ("utf-16", "UTF-16") if utf16 else ("utf-8-sig", "UTF-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        before = data[:error.start].decode(encoding, "replace")
        line = before.count("\n") + 1
        bad = data[error.start:error.end][:4].hex(" ")
        raise IdsFileError(f"line {line} is not valid {name} text (bytes {bad}); "
                           "save the file as UTF-8") from None
    if "\x00" in text:  # UTF-16 without a byte-order mark reads as UTF-8 full of NULs
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise IdsFileError(f"line {line} holds a NUL character (UTF-16 without a byte-order "
                           "mark?); save the file as UTF-8")
    return text
