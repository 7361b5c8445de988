"""How one ID of a batch reads: its outcome word and its details, for the batch view's rows and
the `batch` command's lines (pure: no textual)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.presentation import formatting as fmt

if TYPE_CHECKING:
    from explorer.api.batch import BatchResult

OK_MARK, FAILED_MARK = "✓ ok", "✗ failed"


def result_outcome(result: BatchResult) -> str:
    """`✓ ok` or `✗ failed`."""
    return OK_MARK if result.ok else FAILED_MARK


def result_details(result: BatchResult) -> str:
    """`anthropic/claude-3.5-sonnet · $0.0123 · 2 tries (rate limited)`, or the error on one
    line (read while the result still holds its lookup)."""
    if not result.ok:
        return result.error.one_line() if result.error is not None else "failed"
    gen = result.lookup.generation if result.lookup is not None else None
    parts = [] if gen is None else [fmt.text(gen.model), fmt.usd(gen.total_cost)]
    if result.tries > 1:
        parts.append(f"{result.tries} tries (rate limited)")
    if result.lookup is not None and result.lookup.content_error is not None:
        parts.append("no content")
    if result.save_error:  # first, so that a narrow column still shows it
        from explorer.api.batch_history import unsaved_reason

        parts.insert(0, f"not saved to history: {unsaved_reason(result.save_error)}")
    return " · ".join(parts)
