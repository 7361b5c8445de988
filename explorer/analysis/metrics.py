"""Derived figures: throughput, cost per token and per image, and the provider-attempt summary.

A figure that would mislead is not given: no throughput from a cache hit, a generation of a
few milliseconds or one with no completion tokens, no time lost that leaves out attempts of
unknown latency."""

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


MIN_GENERATION_MS = 50.0
"""The shortest generation time a throughput is worked out from. Below it the figure measures
the clock, not the model: a response served from cache reports 3 ms for 271 tokens
(90,000 tok/s)."""


def is_cache_hit(gen: Generation) -> bool:
    """True when the response came from the response cache (nothing was generated)."""
    return bool(gen.response_cache_source_id)


def throughput_tps(gen: Generation) -> float | None:
    """Completion tokens per second of generation (streaming) time; None when a value is
    unknown or the figure would mislead (`no_throughput_reason`).

    `latency` is the time to the first token, so it is not part of the divisor.
    """
    tokens = completion_tokens(gen)
    if tokens is None or no_throughput_reason(gen) is not None or not gen.generation_time:
        return None
    return tokens / (gen.generation_time / 1000.0)


def no_throughput_reason(gen: Generation) -> str | None:
    """Why no throughput is given although the numbers exist: `cache hit`, `no completion
    tokens` (0 tok/s would pass for a measured speed), or `under 50 ms` (the generation time,
    under `MIN_GENERATION_MS`); None otherwise."""
    if is_cache_hit(gen):
        return "cache hit"
    if completion_tokens(gen) == 0:
        return "no completion tokens"
    if gen.generation_time is not None and 0 < gen.generation_time < MIN_GENERATION_MS:
        return f"under {MIN_GENERATION_MS:.0f} ms"
    return None


def is_image_generation(gen: Generation) -> bool:
    """An image generation: priced per image, its normalised tokens count the text only."""
    return gen.api_type == "image"


def cost_per_million_tokens(gen: Generation) -> float | None:
    """USD per 1M tokens (prompt + completion) of this generation. For an image generation the
    provider's own (native) counts, which include the image tokens: the normalised counts of
    two images are 3 tokens."""
    if is_image_generation(gen):
        parts = [n for n in (gen.native_tokens_prompt, gen.native_tokens_completion)
                 if n is not None]
        tokens = sum(parts) if parts else total_tokens(gen)
    else:
        tokens = total_tokens(gen)
    if gen.total_cost is None or not tokens:
        return None
    return gen.total_cost / tokens * 1_000_000


def cost_per_image(gen: Generation) -> float | None:
    """USD per generated image, when the generation made images (`num_media_completion`)."""
    images = gen.num_media_completion
    if gen.total_cost is None or not images or images < 0:
        return None
    return gen.total_cost / images


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
    """The summed latency of the failed attempts whose latency is known."""
    total_latency_ms: float
    max_latency_ms: float
    failures_without_latency: int = 0
    """Failed attempts whose latency is unknown: `time_lost_ms` leaves them out."""

    @property
    def known_time_lost_ms(self) -> float | None:
        """The time lost to failed attempts; None when a failed attempt's latency is unknown
        (a sum without it would pass for the whole)."""
        return None if self.failures_without_latency else self.time_lost_ms


def summarize_attempts(attempts: list[ProviderAttempt]) -> AttemptSummary:
    """Summary of `provider_responses`; the winner is the last successful attempt."""
    winner = None
    for index, attempt in enumerate(attempts):
        if attempt.succeeded:
            winner = index
    latencies = [a.latency or 0.0 for a in attempts]
    failed = [a for i, a in enumerate(attempts) if i != winner and not a.succeeded]
    return AttemptSummary(
        attempts=len(attempts),
        failures=sum(1 for a in attempts if not a.succeeded),
        winner_index=winner,
        time_lost_ms=sum(a.latency or 0.0 for a in failed),
        total_latency_ms=sum(latencies),
        max_latency_ms=max(latencies, default=0.0),
        failures_without_latency=sum(1 for a in failed if a.latency is None),
    )
