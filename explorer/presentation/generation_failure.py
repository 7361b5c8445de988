"""The failure a generation's content records (`data.error` of the content answer) as lines.

When every provider failed, the content answer carries the last error (`message`,
`provider_name`, `status`, `raw`) and the earlier attempts' errors (`previous_errors`). The
content viewer, `show` and the Markdown export all word it with `failure_lines`, so it reads the
same everywhere. Every value is network text: it passes through `one_line` (never markup).

No textual import: the viewer maps each line's kind (`error`, `note`, `extra`) to a style.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from explorer.presentation.content_blocks import Line
from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from explorer.api.models import ContentError, PreviousAttemptError

HEADLINE = "Generation failed"
EARLIER_TITLE = "Earlier attempts that failed"
MESSAGE_LIMIT = 2000  # characters of one message on its line
RAW_LIMIT = 400  # characters of a raw provider body: enough to read, never a wall of text


def _number(value: Any) -> str:
    """A status or code as sent: 502, not 502.0; text codes as they are."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return one_line(value, 40)


def _raw_text(raw: Any, message: str | None) -> str:
    """The provider's own body on one line; "" when absent or only repeating the message."""
    if raw is None or raw == "" or raw == message:
        return ""
    if not isinstance(raw, str):
        try:
            raw = json.dumps(raw, ensure_ascii=False, default=repr)
        except (ValueError, TypeError, RecursionError):
            raw = repr(raw)
    return one_line(raw, RAW_LIMIT)


def failure_headline(error: ContentError) -> str:
    """`Generation failed: Provider returned error (status 502, provider Together)`."""
    bits = [f"status {_number(error.status)}" if error.status is not None else "",
            f"provider {one_line(error.provider_name, 80)}" if error.provider_name else ""]
    where = ", ".join(bit for bit in bits if bit)
    message = one_line(error.message, MESSAGE_LIMIT) if error.message else "no message"
    return f"{HEADLINE}: {message}" + (f" ({where})" if where else "")


def earlier_line(number: int, previous: PreviousAttemptError) -> str:
    """`1. Alibaba: 429 Rate limit reached …` (one earlier attempt's error)."""
    message = one_line(previous.message, MESSAGE_LIMIT) if previous.message else ""
    detail = " ".join(bit for bit in (_code(previous), message) if bit) or "no message"
    return f"{number}. {_provider(previous)}: {detail}"


def _provider(previous: PreviousAttemptError) -> str:
    return one_line(previous.provider_name, 80) if previous.provider_name else "unknown provider"


def _code(previous: PreviousAttemptError) -> str:
    return "" if previous.code is None or previous.code == "" else _number(previous.code)


def failure_lines(error: ContentError | None, *, detailed: bool = True) -> list[Line]:
    """The failure, then the earlier attempts' errors in the order they happened, each
    provider's raw body under its line. Not `detailed`: two lines, the earlier attempts only
    by provider and code (for the few lines of notes above a completion)."""
    if error is None:
        return []
    lines: list[Line] = [(failure_headline(error), "error")]
    previous = error.previous_errors or []
    if not detailed:
        if previous:
            summary = ", ".join(_brief(earlier) for earlier in previous)
            lines.append((one_line(f"{EARLIER_TITLE}: {summary}", MESSAGE_LIMIT), "error"))
        return lines
    body = _raw_text(error.raw, error.message)
    if body:
        lines.append((f"  raw: {body}", "extra"))
    if previous:
        lines.append((f"{EARLIER_TITLE} ({len(previous)}):", "note"))
    for number, earlier in enumerate(previous, start=1):
        lines.append(("  " + earlier_line(number, earlier), "error"))
        body = _raw_text(earlier.raw, earlier.message)
        if body:
            lines.append((f"     raw: {body}", "extra"))
    return lines


def _brief(previous: PreviousAttemptError) -> str:
    """`Alibaba 429`: an earlier attempt by provider and code."""
    return f"{_provider(previous)} {_code(previous)}".strip()


def failure_text(error: ContentError | None) -> str:
    """The failure as plain text lines ("" when the generation did not fail)."""
    return "\n".join(text for text, _ in failure_lines(error))
