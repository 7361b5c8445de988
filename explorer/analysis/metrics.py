"""Derived figures: throughput, cost per token and the provider-attempt summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.api.values import is_success  # the one success rule, used and re-exported here

if TYPE_CHECKING:
    from explorer.api.models import Generation, ProviderAttempt


def completion_tokens(gen: Generation) -> int | None:
    """Normalised completion tokens, else the provider's own count."""
    return gen.tokens_completion if gen.tokens_completion is not None else gen.native_tokens_completion


def prompt_tokens(gen: Generation) -> int | None:
    """Normalised prompt tokens, else the provider's own count."""
    return gen.tokens_prompt if gen.tokens_prompt is not None else gen.native_tokens_prompt


def total_tokens(gen: Generation) -> int | None:
    """Prompt + completion tokens, None when neither is known."""
    parts = [n for n in (prompt_tokens(gen), completion_tokens(gen)) if n is not None]
    return sum(parts) if parts else None


def throughput_tps(gen: Generation) -> float | None:
    """Completion tokens per second of generation (streaming) time.

    `latency` is the time to the first token, so it is not part of the divisor.
    """
    tokens = completion_tokens(gen)
    if tokens is None or not gen.generation_time or gen.generation_time <= 0:
        return None
    return tokens / (gen.generation_time / 1000.0)


def cost_per_million_tokens(gen: Generation) -> float | None:
    """USD per 1M tokens (prompt + completion) of this generation."""
    tokens = total_tokens(gen)
    if gen.total_cost is None or not tokens:
        return None
    return gen.total_cost / tokens * 1_000_000


def status_class(status: int | None) -> str:
    """A coarse class for colouring an attempt's status."""
    if status is None:
        return "unknown"
    if is_success(status):
        return "ok"
    if status == 429:
        return "rate-limited"
    if status >= 500:
        return "server-error"
    return "client-error"


@dataclass(frozen=True)
class AttemptSummary:
    """What the fallback chain cost: attempts, failures, time lost to failed attempts."""

    attempts: int
    failures: int
    winner_index: int | None
    time_lost_ms: float
    total_latency_ms: float
    max_latency_ms: float


def summarize_attempts(attempts: list[ProviderAttempt]) -> AttemptSummary:
    """Summary of `provider_responses`; the winner is the last successful attempt."""
    winner = None
    for index, attempt in enumerate(attempts):
        if attempt.succeeded:
            winner = index
    latencies = [a.latency or 0.0 for a in attempts]
    lost = sum(a.latency or 0.0 for i, a in enumerate(attempts) if i != winner and not a.succeeded)
    return AttemptSummary(
        attempts=len(attempts),
        failures=sum(1 for a in attempts if not a.succeeded),
        winner_index=winner,
        time_lost_ms=lost,
        total_latency_ms=sum(latencies),
        max_latency_ms=max(latencies, default=0.0),
    )
