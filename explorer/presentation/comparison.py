"""Two generations side by side, as the compare screen shows them: the metadata table's rows
for A and B with differences and B / A ratios, the provider attempts in pairs, and diffs of the
completions and conversations.

The rows are `metadata_sections` (the panel's labels); the numbers are `analysis.compare`'s.
Null shows as "—".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from explorer.analysis import metrics
from explorer.analysis.compare import DiffLine, diff_text, ratio
from explorer.presentation import formatting as fmt
from explorer.presentation.content_blocks import messages_as_text
from explorer.presentation.metadata_sections import metadata_sections
from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from explorer.api.client import Lookup
    from explorer.api.models import Generation, ProviderAttempt


@dataclass(frozen=True)
class FieldDiff:
    """One metadata row of A and B: both values as display text, whether they differ, and b/a.

    The rows are those of `metadata_sections` (the panel's labels, in its order)."""

    section: str
    label: str
    a_text: str
    b_text: str
    differs: bool
    ratio: float | None = None


def _merged(first: list[str], second: list[str]) -> list[str]:
    """`first`, with the names only `second` has inserted after their predecessor there."""
    merged = list(first)
    position = 0
    for name in second:
        if name in merged:
            position = merged.index(name) + 1
        else:
            merged.insert(position, name)
            position += 1
    return merged


def compare_metadata(a: Generation, b: Generation, now: datetime | None = None) -> list[FieldDiff]:
    """Every metadata row of A or B, section by section in display order (a row only one side
    has shows the dash on the other)."""
    a_sections = {s.title: {row.label: row for row in s.rows} for s in metadata_sections(a, now)}
    b_sections = {s.title: {row.label: row for row in s.rows} for s in metadata_sections(b, now)}
    diffs = []
    for title in _merged(list(a_sections), list(b_sections)):
        a_rows, b_rows = a_sections.get(title, {}), b_sections.get(title, {})
        for label in _merged(list(a_rows), list(b_rows)):
            a_row, b_row = a_rows.get(label), b_rows.get(label)
            a_value = None if a_row is None else a_row.value
            b_value = None if b_row is None else b_row.value
            diffs.append(FieldDiff(
                section=title, label=label,
                a_text=fmt.DASH if a_row is None else a_row.text,
                b_text=fmt.DASH if b_row is None else b_row.text,
                differs=a_value != b_value,
                ratio=ratio(a_value, b_value),
            ))
    return diffs


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


def diff_messages(a_messages: list[Any] | None, b_messages: list[Any] | None, *,
                  context: int = 3) -> list[DiffLine]:
    """Diff of two conversations, each rendered by `content_blocks.messages_as_text` (the same text
    the content view copies), so message headers show where a change is."""
    return diff_text(messages_as_text(a_messages or []), messages_as_text(b_messages or []),
                     context=context)


@dataclass
class Comparison:
    """Everything the compare screen shows of generations A and B."""

    a: Lookup
    b: Lookup
    metadata: list[FieldDiff]
    attempts: list[AttemptPairRow]
    completion_diff: list[DiffLine]
    messages_diff: list[DiffLine]
    ratios: list[tuple[str, float | None]]
    """The headline ratios B / A: cost, latency, tokens."""


def _completion(lookup: Lookup) -> str:
    content = lookup.content
    return (content.output.completion or "") if content is not None else ""


def _messages(lookup: Lookup) -> list[Any]:
    content = lookup.content
    return (content.messages or []) if content is not None else []


def compare_lookups(a: Lookup, b: Lookup, now: datetime | None = None) -> Comparison:
    """Compare two looked-up generations: metadata, attempts, completions and messages."""
    ga, gb = a.generation, b.generation
    return Comparison(
        a=a, b=b,
        metadata=compare_metadata(ga, gb, now),
        attempts=compare_attempts(ga, gb),
        completion_diff=diff_text(_completion(a), _completion(b)),
        messages_diff=diff_messages(_messages(a), _messages(b)),
        ratios=[("cost", ratio(ga.total_cost, gb.total_cost)),
                ("latency", ratio(ga.latency, gb.latency)),
                ("tokens", ratio(metrics.total_tokens(ga), metrics.total_tokens(gb)))],
    )


def build_comparison(store: Any, a_id: str, b_id: str) -> Comparison:
    """Read generations `a_id` and `b_id` from the history `store` and compare them.
    Blocking: call it from a thread. Raises LookupError when one is not in the history."""
    from explorer.store.rebuild import lookup_from_stored

    lookups = []
    for generation_id in (a_id, b_id):
        stored = None if store is None else store.get(generation_id)
        if stored is None:
            raise LookupError(f"{one_line(generation_id, 80)} is not in the history")
        lookups.append(lookup_from_stored(stored))
    return compare_lookups(*lookups)
