"""How each stored column is derived from a generation and its content (pure functions).

Split from `schema.py`: these decide the summary columns, the attempts rows and the indexed
search text; `schema.py` holds the tables and the writes that use them.
"""

from __future__ import annotations
import json
import math
import re
from typing import Any

import pydantic_core

from explorer.api.values import is_success, parse_timestamp

CONTENT_INDEX_CAP = 1024 * 1024
"""The trigram index covers the first 1 Mi characters of a generation's content text (indexing
costs about 0.2 microseconds per character: a 1 Mi-character content adds ~0.2 s to its save
and ~3.5 MB to the file). The whole text of a longer content is kept apart as well
(``search_full``) and scanned by every text query, so nothing past the cap is missed."""

META_KEYS = ("id", "model", "provider", "session_id", "request_id")
"""Summary columns that text queries search, besides the content text."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """`text` as SQLite can bind it: a lone surrogate (valid JSON, ``"\\ud800"``, but not
    encodable as UTF-8) becomes U+FFFD instead of failing the whole save."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return storable(value if isinstance(value, str) else str(value))


def _number(value: Any) -> float | None:
    """A finite number from a JSON value (numbers, numeric strings), else None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _integer(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and abs(number) < 2**63 else None


def _flag(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _responses(generation: dict) -> list[dict]:
    responses = generation.get("provider_responses")
    if not isinstance(responses, list):
        return []
    return [item if isinstance(item, dict) else {} for item in responses]


def attempt_values(generation: dict) -> list[tuple]:
    """Rows for the ``attempts`` table: (idx, provider, status, latency, is_byok, model)."""
    return [
        (
            idx,
            _text(item.get("provider_name")),
            _integer(item.get("status")),
            _number(item.get("latency")),
            _flag(item.get("is_byok")),
            _text(item.get("model_permaslug")),
        )
        for idx, item in enumerate(_responses(generation))
    ]


def summary_values(generation: dict, content: dict | None, fetched_at: float) -> dict[str, Any]:
    """The denormalised ``generations`` columns (see ``WRITE_COLUMNS``) of one generation.

    The extra key ``attempt_rows`` holds :func:`attempt_values` (computed once).
    """
    attempts = attempt_values(generation)  # also returned, under "attempt_rows" (not a column)
    prompt = _integer(generation.get("tokens_prompt"))
    completion = _integer(generation.get("tokens_completion"))
    if generation.get("cancelled"):
        status = "cancelled"
    else:
        status = _text(generation.get("finish_reason")) or "—"
    created = parse_timestamp(generation.get("created_at"))
    created_ts = created.timestamp() if created is not None else None
    values: dict[str, Any] = {
        "id": storable(generation["id"]),
        "created_at": _text(generation.get("created_at")),
        "model": _text(generation.get("model")),
        "provider": _text(generation.get("provider_name")),
        "api_type": _text(generation.get("api_type")),
        "total_cost": _number(generation.get("total_cost")),
        "tokens_prompt": prompt,
        "tokens_completion": completion,
        "tokens_reasoning": _integer(generation.get("native_tokens_reasoning")),
        "latency": _number(generation.get("latency")),
        "generation_time": _number(generation.get("generation_time")),
        "attempts": len(attempts),
        "failures": sum(1 for attempt in attempts if not is_success(attempt[2])),
        "status": status,
        "session_id": _text(generation.get("session_id")),
        "request_id": _text(generation.get("request_id")),
        "fetched_at": fetched_at,
        "has_content": int(content is not None),
        # A generation without a parseable created_at sorts by when it was fetched.
        "sort_time": created_ts if created_ts is not None else fetched_at,
        "tokens_total": None if prompt is None and completion is None else (prompt or 0) + (completion or 0),
    }
    # Lower-cased metadata searched by queries too short for the trigram index.
    values["search_meta"] = "\n".join(values[key] or "" for key in META_KEYS).lower()
    values["attempt_rows"] = attempts
    return values


def _message_texts(message: Any) -> list[str]:
    if not isinstance(message, dict):
        return [message] if isinstance(message, str) else []
    texts: list[str] = []
    content = message.get("content")
    if isinstance(content, str):
        texts.append(content)
    elif isinstance(content, list):
        for part in content:
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                texts.append(part["text"])  # image/audio parts (data URLs) are skipped
    tool_calls = message.get("tool_calls")
    if isinstance(tool_calls, list):
        for call in tool_calls:
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict):
                texts.extend(v for v in (function.get("name"), function.get("arguments")) if isinstance(v, str))
    return texts


def content_text(content: dict | None) -> str:
    """All searchable text of a content object: prompt/messages, completion, reasoning."""
    if not isinstance(content, dict):
        return ""
    texts: list[str] = []
    source = content.get("input")
    if isinstance(source, dict):
        if isinstance(source.get("prompt"), str):
            texts.append(source["prompt"])
        if isinstance(source.get("messages"), list):
            for message in source["messages"]:
                texts.extend(_message_texts(message))
    output = content.get("output")
    if isinstance(output, dict):
        texts.extend(output[key] for key in ("completion", "reasoning") if isinstance(output.get(key), str))
    return "\n".join(texts)


def search_texts(summary: dict[str, Any], content: dict | None) -> tuple[str, str | None]:
    """The searchable text, lower-cased (id, model, provider, session and request ids, content
    text), as (indexed, full): `indexed` holds the first :data:`CONTENT_INDEX_CAP` characters
    of the content text; `full` is the whole text when the content is longer, else None."""
    text = content_text(content)
    head = summary["search_meta"] + "\n"
    indexed = head + storable(text[:CONTENT_INDEX_CAP].lower())
    if len(text) <= CONTENT_INDEX_CAP:
        return indexed, None
    return indexed, head + storable(text.lower())


def search_text(summary: dict[str, Any], content: dict | None) -> str:
    """The indexed part of :func:`search_texts`."""
    return search_texts(summary, content)[0]


_ASCII_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), default=str)


def dump_json(value: Any) -> str:
    """Serialise a payload compactly (pydantic-core's serialiser: a third of `json`'s time,
    31 → 10 ms on 14.5 MB, the GIL held throughout); non-JSON values (never sent by the API)
    become strings.

    A payload holding lone surrogates is written with ASCII escapes (``\\ud800``), so it is
    storable and still loads back exactly.
    """
    try:
        return pydantic_core.to_json(value, fallback=str).decode()
    except ValueError:  # a lone surrogate has no UTF-8 form
        return _ASCII_ENCODER.encode(value)
