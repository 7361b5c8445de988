"""Generation IDs: cleaning what users paste, reading ID files, and the creation time IDs embed."""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from explorer.api.errors import InvalidIdError

MAX_ID_LENGTH = 1000
_QUOTES = "\"'`‘’“”«»"
_WRAPPERS = _QUOTES + "()[]<>{}"  # around a piece of a list: `(gen-…)`, `<https://…>`
_EMBEDDED_TIME = re.compile(r"^gen-(\d{9,11})-")
#: What the parser recognises as an ID: `gen-…` (the API's) and `fault-…` (the demo's faults).
_LOOKS_LIKE_ID = re.compile(r"^(?:gen|fault)-[A-Za-z0-9_-]+$")
#: Between the pieces of a list of IDs.
_SEPARATORS = re.compile(r"[\s,;]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: A comment in an IDs file: from a `#` that starts the line or follows a space, to the end.
_COMMENT = re.compile(r"(?:^|\s)#.*")


def _id_from_url(text: str) -> str | None:
    """The `id=` of a URL's query (`https://…/generation?id=gen-…`), or None when `text` is no
    URL or has none."""
    if "://" not in text or "id=" not in text:
        return None
    values = parse_qs(urlsplit(text).query).get("id")
    return values[0].strip() if values else None


def normalize_id(raw: str) -> str:
    """Trim whitespace and quotes, accept a URL containing `id=`, refuse what can't be an ID.

    Anything else (`&`, `/`, `#`, `%`, inner spaces, non-ASCII) is kept: the client sends it
    percent-encoded and the server decides.
    """
    text = (raw or "").strip().strip(_QUOTES).strip()
    if (from_url := _id_from_url(text)) is not None:
        text = from_url
    if not text:
        raise InvalidIdError("the ID is empty")
    if len(text) > MAX_ID_LENGTH:
        raise InvalidIdError(
            f"the ID is {len(text):,} characters long; generation IDs are far shorter "
            f"(at most {MAX_ID_LENGTH:,} accepted)"
        )
    if (bad := _CONTROL.search(text)) is not None:
        raise InvalidIdError(f"the ID contains a control character (U+{ord(bad.group()):04X})")
    return text


class ParsedIds(NamedTuple):
    """What a paste, a typed line or a line of an IDs file holds."""

    ids: list[str]
    """The IDs, cleaned (a URL gives its `id=`), each once, in the order first seen."""
    unrecognised: list[str]
    """The pieces that are not IDs, each once, in order, as they were written."""


def _pieces(text: str) -> list[str]:
    """`text` cut at whitespace, commas and semicolons, quotes and brackets around each removed."""
    return [piece for raw in _SEPARATORS.split(text or "") if (piece := raw.strip(_WRAPPERS))]


def _recognised_id(piece: str) -> str | None:
    """The ID `piece` names (`gen-…`, `fault-…`, or a URL's `id=`), or None."""
    from_url = _id_from_url(piece)
    candidate = piece if from_url is None else from_url
    if _LOOKS_LIKE_ID.match(candidate) and len(candidate) <= MAX_ID_LENGTH:
        return candidate
    if from_url is None:
        return None
    try:  # a URL's id= names an ID, whatever its shape
        return normalize_id(from_url)
    except InvalidIdError:
        return None


def parse_ids(text: str) -> ParsedIds:
    """The IDs in `text`: pieces split at whitespace, commas, semicolons and newlines, each a
    `gen-…` ID, a `fault-…` ID or a URL with `id=` (quotes and brackets around them ignored).

    Text that is one piece is the ID even when unrecognised (`normalize_id` and then the
    server decide: IDs of another shape still work); in a list, only what looks like an ID is
    one, and the rest is listed in `unrecognised`. Empty text holds nothing.
    """
    pieces = _pieces(text)
    if len(pieces) == 1 and _recognised_id(pieces[0]) is None:
        return ParsedIds(pieces, [])
    ids: dict[str, None] = {}
    unrecognised: dict[str, None] = {}
    for piece in pieces:
        generation_id = _recognised_id(piece)
        if generation_id is None:
            unrecognised.setdefault(piece, None)
        else:
            ids.setdefault(generation_id, None)
    return ParsedIds(list(ids), list(unrecognised))


def split_ids(text: str) -> list[str]:
    """The IDs one command-line argument holds (see `parse_ids`): the recognised ones and,
    in their place, the pieces that are not, kept as written for the server to judge (a
    batch then reports each); each once, in order. Blank text stays, to be refused as empty."""
    pieces = _pieces(text)
    return list(dict.fromkeys(_recognised_id(piece) or piece for piece in pieces)) or [text]


def embedded_unix_time(generation_id: str) -> int | None:
    """The unix time a `gen-<seconds>-<random>` ID embeds, or None for other shapes."""
    match = _EMBEDDED_TIME.match(generation_id or "")
    return int(match.group(1)) if match else None


class IdsFileError(ValueError):
    """An IDs file that is not text: the message names the line and what was wrong with it."""


def read_ids_file(path: str) -> list[str]:
    """IDs from a file, one or several per line (`-` reads stdin), read by `parse_ids`.

    Blank lines and `#` comments (a line, or a line's end after a space) are skipped; repeats
    are dropped keeping the first. A line that is one piece is the ID as written; a line with
    several pieces must hold only IDs. UTF-8 (a byte-order mark is ignored), or UTF-16 with a
    byte-order mark. Raises `OSError` when the file cannot be read and `IdsFileError` when it is
    not text or a line holds something that is not an ID (the message names the line).
    """
    if path == "-":
        stream = sys.stdin
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
    else:
        with open(path, "rb") as handle:
            data = handle.read()
    ids: dict[str, None] = {}
    for number, line in enumerate(decode_ids_text(data).splitlines(), start=1):
        parsed = parse_ids(_COMMENT.sub("", line))
        if parsed.unrecognised:
            raise IdsFileError(f"line {number} holds what is not a generation ID: "
                               f"{quoted_pieces(parsed.unrecognised, quote=repr)}")
        ids.update(dict.fromkeys(parsed.ids))
    return list(ids)


def quoted_pieces(pieces: list[str], *, quote: Callable[[str], str], shown: int = 5,
                  width: int = 40) -> str:
    """`pieces` for a message: the first `shown`, each cut to `width` characters and passed
    through `quote` (which makes it safe to show), then how many more there are."""
    cut = [piece if len(piece) <= width else piece[:width - 1] + "…" for piece in pieces[:shown]]
    text = ", ".join(quote(piece) for piece in cut)
    return text + (f" and {len(pieces) - shown:,} more" if len(pieces) > shown else "")


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
