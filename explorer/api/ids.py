"""Generation IDs: cleaning what users paste, and reading the creation time IDs embed."""

from __future__ import annotations

import re
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
