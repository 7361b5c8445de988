"""A generation's provider attempts as a table of text cells, for `show` and the Markdown export.

One row per attempt, in order: provider, model, HTTP status, latency, the service tier the
attempt was routed to (`routed_service_tier`, today's API; "—" in older answers), BYOK, and
`winner` on the attempt that answered. A tier the model does not know is shown as sent, noted
`(new)`. The TUI's waterfall draws the same attempts as bars (`ui/widgets/attempts_waterfall`).

No textual import; network strings pass through `one_line`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.analysis.metrics import summarize_attempts
from explorer.presentation import formatting as fmt
from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from explorer.api.models import Generation, ProviderAttempt

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
