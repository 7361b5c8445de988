"""Side-by-side comparison of two generations: metadata, provider attempts, and text diffs.

Pure functions over the API models; null shows as "—" (see `formatting`). Ratios are always
b / a ("B costs 2.5× A") and exist only when both sides are non-zero numbers.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any, Literal

from explorer.presentation import formatting as fmt
from explorer.analysis import metrics
from explorer.api.models import Generation, ProviderAttempt
from explorer.presentation.content_blocks import messages_as_text

MAX_DIFF_LINES = 20_000

DiffKind = Literal["same", "added", "removed", "hunk"]


@dataclass(frozen=True)
class FieldDiff:
    """One metadata row: both values as display text, whether they differ, and b/a."""

    label: str
    a_text: str
    b_text: str
    differs: bool
    ratio: float | None = None


@dataclass(frozen=True)
class _Field:
    label: str
    value: Callable[[Generation], Any]
    show: Callable[[Any], str]
    numeric: bool = False


def _attempt_count(gen: Generation) -> int | None:
    return None if gen.provider_responses is None else len(gen.attempts)


def _failure_count(gen: Generation) -> int | None:
    if gen.provider_responses is None:
        return None
    return metrics.summarize_attempts(gen.attempts).failures


def _time_lost(gen: Generation) -> float | None:
    if gen.provider_responses is None:
        return None
    return metrics.summarize_attempts(gen.attempts).time_lost_ms


_FIELDS: tuple[_Field, ...] = (
    _Field("Model", lambda g: g.model, fmt.text),
    _Field("Provider", lambda g: g.provider_name, fmt.text),
    _Field("API type", lambda g: g.api_type, fmt.text),
    _Field("Finish reason", lambda g: g.finish_reason, fmt.text),
    _Field("Total cost", lambda g: g.total_cost, fmt.usd, numeric=True),
    _Field("Usage", lambda g: g.usage, fmt.usd, numeric=True),
    _Field("Cache discount", lambda g: g.cache_discount, fmt.usd, numeric=True),
    _Field("Prompt tokens", metrics.prompt_tokens, fmt.count, numeric=True),
    _Field("Completion tokens", metrics.completion_tokens, fmt.count, numeric=True),
    _Field("Reasoning tokens", lambda g: g.native_tokens_reasoning, fmt.count, numeric=True),
    _Field("Cached tokens", lambda g: g.native_tokens_cached, fmt.count, numeric=True),
    _Field("Latency", lambda g: g.latency, fmt.millis, numeric=True),
    _Field("Generation time", lambda g: g.generation_time, fmt.millis, numeric=True),
    _Field("Throughput", metrics.throughput_tps, fmt.rate, numeric=True),
    _Field("Attempts", _attempt_count, fmt.count, numeric=True),
    _Field("Failed attempts", _failure_count, fmt.count, numeric=True),
    _Field("Time lost to failures", _time_lost, fmt.millis, numeric=True),
)


def ratio(a: Any, b: Any) -> float | None:
    """b / a when both are finite non-zero numbers, else None."""
    if not (_is_number(a) and _is_number(b)) or a == 0 or b == 0:
        return None
    return b / a


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def compare_metadata(a: Generation, b: Generation) -> list[FieldDiff]:
    """Every compared metadata field of A and B, in display order."""
    rows = []
    for spec in _FIELDS:
        a_value, b_value = spec.value(a), spec.value(b)
        rows.append(FieldDiff(
            label=spec.label,
            a_text=spec.show(a_value),
            b_text=spec.show(b_value),
            differs=a_value != b_value,
            ratio=ratio(a_value, b_value) if spec.numeric else None,
        ))
    return rows


@dataclass(frozen=True)
class AttemptCell:
    """One provider attempt as display text, plus its status class for colouring."""

    provider: str
    status: str
    latency: str
    status_class: str


@dataclass(frozen=True)
class AttemptPairRow:
    """The n-th attempt of A next to the n-th attempt of B (either may be missing)."""

    number: int
    a: AttemptCell | None
    b: AttemptCell | None

    @property
    def differs(self) -> bool:
        """True when the two sides are not the same provider with the same status."""
        if self.a is None or self.b is None:
            return True
        return (self.a.provider, self.a.status) != (self.b.provider, self.b.status)


def _cell(attempt: ProviderAttempt | None) -> AttemptCell | None:
    if attempt is None:
        return None
    code = attempt.status_code
    return AttemptCell(
        provider=fmt.text(attempt.provider_name),
        status=fmt.text(code),
        latency=fmt.millis(attempt.latency),
        status_class=metrics.status_class(code),
    )


def compare_attempts(a: Generation, b: Generation) -> list[AttemptPairRow]:
    """Provider attempts of A and B side by side, numbered from 1, padded with None."""
    return [
        AttemptPairRow(number=index, a=_cell(left), b=_cell(right))
        for index, (left, right) in enumerate(zip_longest(a.attempts, b.attempts), start=1)
    ]


@dataclass(frozen=True)
class DiffLine:
    """One line of a unified diff, without its `+`/`-`/` ` prefix; `hunk` lines are headers."""

    kind: DiffKind
    text: str


_PREFIX_KIND: dict[str, DiffKind] = {" ": "same", "+": "added", "-": "removed", "@": "hunk"}


def diff_text(a: str, b: str, *, context: int = 3,
              max_lines: int = MAX_DIFF_LINES) -> list[DiffLine]:
    """Line diff of A → B (difflib unified diff); empty when the texts are equal.

    Bounded for huge inputs: when either side has more than `max_lines` lines, only the first
    `max_lines` lines of each are compared and a final `hunk` line says so.
    """
    a_lines, b_lines = (a or "").splitlines(), (b or "").splitlines()
    truncated = len(a_lines) > max_lines or len(b_lines) > max_lines
    diff = difflib.unified_diff(a_lines[:max_lines], b_lines[:max_lines],
                                lineterm="", n=max(0, context))
    lines = []
    for index, raw in enumerate(diff):
        if index < 2:
            continue  # the `---`/`+++` file headers; a removed "-- x" line looks alike later
        kind = _PREFIX_KIND.get(raw[:1], "same")
        lines.append(DiffLine(kind, raw if kind == "hunk" else raw[1:]))
    if truncated:
        lines.append(DiffLine("hunk", (
            f"@@ diff limited to the first {max_lines:,} lines "
            f"(A has {len(a_lines):,} lines, B has {len(b_lines):,}) @@"
        )))
    return lines


def diff_messages(a_messages: list[Any] | None, b_messages: list[Any] | None, *,
                  context: int = 3) -> list[DiffLine]:
    """Diff of two conversations, each rendered by `content.messages_as_text` (the same text
    the content view copies), so message headers show where a change is."""
    return diff_text(messages_as_text(a_messages or []), messages_as_text(b_messages or []),
                     context=context)
