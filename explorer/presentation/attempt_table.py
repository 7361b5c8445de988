"""A generation's provider attempts as a table of text cells, for `show` and the Markdown export.

One row per attempt, in order: provider, model, HTTP status, latency, the service tier the
attempt was routed to (`routed_service_tier`, today's API; "—" in older answers), BYOK, and
`winner` on the attempt that answered. A tier the model does not know is shown as sent, noted
`(new)`. The TUI's waterfall draws the same attempts as bars (`ui/widgets/attempts_waterfall`).

`attempt_detail` is one attempt in full, for the TUI's attempt detail dialog.

No textual import; network strings pass through `one_line` (cells) or `safe_text` (in full).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from explorer.analysis.metrics import summarize_attempts
from explorer.presentation import formatting as fmt
from explorer.presentation.safe_text import one_line, safe_text

if TYPE_CHECKING:
    from explorer.api.models import ContentError, Generation, ProviderAttempt

TITLE = "Provider attempts"
HEADERS = ("#", "provider", "model", "status", "latency", "tier", "BYOK", "")
NO_DETAILS = "No attempt details (provider_responses is null)."
NO_ATTEMPTS = "No attempts recorded (provider_responses is empty)."
WINNER = "winner"
CELL_LIMIT = 80  # characters of one network value in a cell


def tier_text(attempt: ProviderAttempt) -> str:
    """The routed tier as sent (`flex`), `flex-2 (new)` for one the model does not know, or the
    dash when the answer has none."""
    tier = attempt.routed_service_tier
    if tier is None or tier == "":
        return fmt.DASH
    shown = one_line(tier, 40)
    return shown if attempt.routed_service_tier_is_known else f"{shown} (new)"


def attempt_rows(gen: Generation) -> list[tuple[str, ...]]:
    """One tuple of cells (as `HEADERS`) per attempt, in the order they ran."""
    winner = summarize_attempts(gen.attempts).winner_index
    return [
        (str(index + 1), one_line(fmt.text(attempt.provider_name), CELL_LIMIT),
         one_line(fmt.text(attempt.model_permaslug), CELL_LIMIT), fmt.text(attempt.status_code),
         fmt.millis(attempt.latency), tier_text(attempt), fmt.flag(attempt.is_byok),
         WINNER if index == winner else "")
        for index, attempt in enumerate(gen.attempts)
    ]


def missing_attempts(gen: Generation) -> str:
    """Why there are no rows ("" when there are attempts)."""
    if gen.provider_responses is None:
        return NO_DETAILS
    return "" if gen.attempts else NO_ATTEMPTS


def attempts_as_text(gen: Generation) -> str:
    """The attempts as aligned plain text under their title, for `show`."""
    missing = missing_attempts(gen)
    if missing:
        return f"{TITLE}\n  {missing}"
    rows = [HEADERS, *attempt_rows(gen)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADERS))]
    lines = ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
             for row in rows]
    return "\n".join([TITLE, *lines])


def _field_text(value: object) -> str:
    """A field today's model does not know: text as sent, anything else as JSON."""
    if isinstance(value, str):
        return safe_text(value)
    return safe_text(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _error_text(message: object, raw: object) -> str:
    """An error's message and its raw body (as sent, or as JSON), in full."""
    parts = [safe_text(message)] if message not in (None, "") else []
    if raw not in (None, ""):
        parts.append(_field_text(raw))
    return "\n".join(parts)


def attempt_errors(attempt: ProviderAttempt, error: ContentError | None) -> list[str]:
    """The errors the content answer reports for `attempt`'s provider and status (the final
    error and the earlier attempts' `previous_errors`), each in full; a side with no provider
    or no code matches any."""

    def matches(provider: str | None, code: object) -> bool:
        same_provider = None in (provider, attempt.provider_name) or provider == attempt.provider_name
        same_code = code in (None, "") or attempt.status is None or str(code) == str(attempt.status)
        return same_provider and same_code

    if error is None:
        return []
    reported = [(e.provider_name, e.code, e.message, e.raw) for e in error.previous_errors or []]
    reported.append((error.provider_name, error.status, error.message, error.raw))
    return [text for provider, code, message, raw in reported
            if matches(provider, code) and (text := _error_text(message, raw))]


def attempt_detail(attempts: list[ProviderAttempt], index: int,
                   error: ContentError | None = None) -> list[tuple[str, str]]:
    """Every field of attempt `index` (of `attempts`) as (label, full text) pairs: the known
    fields, the winner mark, the fields today's model does not know as sent, and the errors
    the content answer reports for it ("reported error"). Network text passes through `safe_text`."""
    attempt = attempts[index]
    winner = summarize_attempts(attempts).winner_index == index
    start = sum(max(0.0, a.latency or 0.0) for a in attempts[:index])
    latency = fmt.millis(attempt.latency)
    if attempt.latency is not None:
        latency += f"  ({attempt.latency:,g} ms as sent; started at {fmt.millis(start)})"
    rows = [
        ("attempt", f"{index + 1} of {len(attempts)}" + ("  (winner)" if winner else "")),
        ("provider", safe_text(fmt.text(attempt.provider_name))
         + ("" if attempt.provider_name_is_known else "  (new)")),
        ("model", safe_text(fmt.text(attempt.model_permaslug))),
        ("status", fmt.text(attempt.status_code)),
        ("latency", latency),
        ("routed tier", fmt.DASH if not attempt.routed_service_tier else safe_text(
            attempt.routed_service_tier) + ("" if attempt.routed_service_tier_is_known else "  (new)")),
        ("endpoint", safe_text(fmt.text(attempt.endpoint_id))),
        ("id", safe_text(fmt.text(attempt.id))),
        ("BYOK", fmt.flag(attempt.is_byok)),
    ]
    rows += [(safe_text(name, keep_newlines=False), _field_text(value))
             for name, value in attempt.extra_fields.items()]
    rows += [("reported error", text) for text in attempt_errors(attempt, error)]
    return rows
