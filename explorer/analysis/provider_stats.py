"""Per-provider attempt statistics ("which provider is failing us") and a block-character bar.

Pure: the input is any iterable of attempt records (the history store's `AttemptRow`, or
`attempts_from_generations(...)` over API models); nothing here does I/O.

Definitions used throughout:
- an attempt *succeeds* by `api.values.is_success` (2xx; a missing status is a failure);
- *time lost* is the summed latency of failed attempts (as in `metrics.summarize_attempts`);
- latency percentiles use the **nearest-rank** method over the attempts that report a latency,
  failed ones included (a slow failure is part of what the provider costs us): the p-th
  percentile of n sorted values is the value at 1-based rank ceil(p / 100 * n), rank at least 1.
  It always returns one of the observed values, never an interpolation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from explorer.api.values import is_success, status_code

if TYPE_CHECKING:
    from explorer.api.models import Generation
    from explorer.store.queries import HistoryFilter

# Partial blocks from 1/8 to 7/8 of a cell; index = eighths.
_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL_BLOCK = "█"


class AttemptRecord(Protocol):
    """Anything with a provider, an HTTP status and a latency in ms (all possibly missing)."""

    @property
    def provider(self) -> str | None: ...

    @property
    def status(self) -> int | float | None: ...

    @property
    def latency(self) -> float | None: ...


@dataclass(frozen=True)
class AttemptFact:
    """One provider attempt flattened out of a `Generation` (satisfies `AttemptRecord`)."""

    provider: str | None
    status: int | None
    latency: float | None
    is_byok: bool | None = None
    generation_id: str | None = None


def attempts_from_generations(gens: Iterable[Generation]) -> list[AttemptFact]:
    """Every provider attempt of every generation, in order, as `AttemptFact`s."""
    return [
        AttemptFact(
            provider=attempt.provider_name,
            status=attempt.status_code,
            latency=attempt.latency,
            is_byok=attempt.is_byok,
            generation_id=gen.id,
        )
        for gen in gens
        for attempt in gen.attempts
    ]


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile of `values` (need not be sorted); None when empty.

    `p` is in [0, 100]; p=0 gives the minimum, p=100 the maximum.
    """
    if not values:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be between 0 and 100, got {p}")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class ProviderStats:
    """What one provider did across many attempts."""

    provider: str | None
    attempts: int
    successes: int
    p50_latency_ms: float | None
    p95_latency_ms: float | None
    failures_by_status: dict[int | None, int] = field(default_factory=dict)
    time_lost_ms: float = 0.0

    @property
    def failures(self) -> int:
        """Attempts that did not end 2xx (missing status included)."""
        return self.attempts - self.successes

    @property
    def success_rate(self) -> float | None:
        """Successes / attempts in [0, 1]; None when there were no attempts."""
        return self.successes / self.attempts if self.attempts else None


@dataclass
class _Tally:
    attempts: int = 0
    successes: int = 0
    latencies: list[float] = field(default_factory=list)
    failures_by_status: dict[int | None, int] = field(default_factory=dict)
    time_lost_ms: float = 0.0


def provider_stats(records: Iterable[AttemptRecord]) -> list[ProviderStats]:
    """Per-provider statistics, the provider failing us most first.

    Order: failures (desc), then time lost (desc), then attempts (desc), then name; a missing
    provider name is kept as None and sorts after named providers on ties.
    `failures_by_status` is ordered by count (desc), then status, None last.
    """
    tallies: dict[str | None, _Tally] = {}
    for record in records:
        tally = tallies.setdefault(record.provider, _Tally())
        tally.attempts += 1
        code = status_code(record.status)
        latency = record.latency
        known_latency = latency is not None and math.isfinite(latency)
        if known_latency:
            tally.latencies.append(float(latency))
        if is_success(code):
            tally.successes += 1
            continue
        tally.failures_by_status[code] = tally.failures_by_status.get(code, 0) + 1
        if known_latency:
            tally.time_lost_ms += float(latency)
    stats = [_stats_of(provider, tally) for provider, tally in tallies.items()]
    stats.sort(key=lambda s: (-s.failures, -s.time_lost_ms, -s.attempts,
                              s.provider is None, s.provider or ""))
    return stats


def _stats_of(provider: str | None, tally: _Tally) -> ProviderStats:
    by_status = dict(sorted(
        tally.failures_by_status.items(),
        key=lambda item: (-item[1], item[0] is None, item[0] or 0),
    ))
    return ProviderStats(
        provider=provider,
        attempts=tally.attempts,
        successes=tally.successes,
        p50_latency_ms=percentile(tally.latencies, 50),
        p95_latency_ms=percentile(tally.latencies, 95),
        failures_by_status=by_status,
        time_lost_ms=tally.time_lost_ms,
    )


def compute_stats(store: Any, history_filter: HistoryFilter) -> tuple[list[ProviderStats], int]:
    """(per-provider statistics, number of generations) of the history `store` under
    `history_filter`; ([], 0) without a store. Blocking: call it from a thread."""
    if store is None:
        return [], 0
    filters = history_filter.store_filters()
    return provider_stats(store.attempt_rows(**filters)), store.count(cap=None, **filters)


def bar(value: float | None, max_value: float | None, width: int) -> str:
    """A horizontal bar of `width` cells for value/max_value, drawn with eighth blocks.

    Always exactly `width` characters (padded with spaces) so bars line up in a column.
    The value is clamped to [0, max_value]; a positive value too small to round to one eighth
    still shows the thinnest block, so "some" never looks like "none". A missing, negative or
    non-finite value, or a max that is not positive, draws an empty bar.
    """
    if width <= 0:
        return ""
    if value is None or max_value is None:
        return " " * width
    if not (math.isfinite(value) and math.isfinite(max_value)) or max_value <= 0 or value <= 0:
        return " " * width
    fraction = min(1.0, value / max_value)
    eighths = max(1, round(fraction * width * 8))
    full, partial = divmod(eighths, 8)
    drawn = _FULL_BLOCK * full + (_EIGHTHS[partial] if partial else "")
    return drawn.ljust(width)
