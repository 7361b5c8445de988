"""The metadata of a generation as labelled sections of display strings.

One source for every front end that lists metadata as text (CLI `show`, Markdown export), so
the same label always shows the same value. Network strings pass through `one_line`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from explorer.presentation import formatting as fmt
from explorer.analysis.metrics import (
    cost_per_million_tokens,
    summarize_attempts,
    throughput_tps,
)
from explorer.api.models import Generation
from explorer.presentation.safe_text import one_line


@dataclass(frozen=True)
class Section:
    """A titled group of (label, value) rows."""

    title: str
    rows: list[tuple[str, str]]


def _t(value: object) -> str:
    return fmt.DASH if value is None or value == "" else one_line(value, 300)


def _pair(normalised: int | None, native: int | None) -> str:
    if native is None or native == normalised:
        return fmt.count(normalised)
    return f"{fmt.count(normalised)} (native {fmt.count(native)})"


def status_text(gen: Generation) -> str:
    """`cancelled`, the finish reason, or the dash."""
    if gen.cancelled:
        return "cancelled"
    return _t(gen.finish_reason)


def metadata_sections(gen: Generation, now: datetime | None = None) -> list[Section]:
    """Overview, cost, tokens, timing, IDs and any fields the spec does not list."""
    now = now or datetime.now(timezone.utc)
    created = fmt.parse_timestamp(gen.created_at)
    api_type = _t(gen.api_type) + ("" if gen.api_type_is_known else " (not in spec)")
    finish = _t(gen.finish_reason)
    if gen.native_finish_reason and gen.native_finish_reason != gen.finish_reason:
        finish += f" (native {_t(gen.native_finish_reason)})"
    summary = summarize_attempts(gen.attempts)
    sections = [
        Section("Overview", [
            ("Model", _t(gen.model)),
            ("Provider", _t(gen.provider_name)),
            ("API type", api_type),
            ("Created", f"{fmt.local_time(created)} ({fmt.relative(created, now)})"
             if created else _t(gen.created_at)),
            ("Finish", finish),
            ("Streamed", fmt.flag(gen.streamed)),
            ("Cancelled", fmt.flag(gen.cancelled)),
            ("BYOK", fmt.flag(gen.is_byok)),
            ("Attempts", f"{summary.attempts} ({summary.failures} failed)"
             if gen.provider_responses is not None else fmt.DASH),
        ]),
        Section("Cost", [
            ("Total", fmt.usd(gen.total_cost)),
            ("Usage", fmt.usd(gen.usage)),
            ("Cache discount", fmt.usd(gen.cache_discount)),
            ("Upstream cost", fmt.usd(gen.upstream_inference_cost)),
            ("Per 1M tokens", fmt.usd(cost_per_million_tokens(gen))),
        ]),
        Section("Tokens", [
            ("Prompt", _pair(gen.tokens_prompt, gen.native_tokens_prompt)),
            ("Completion", _pair(gen.tokens_completion, gen.native_tokens_completion)),
            ("Reasoning", fmt.count(gen.native_tokens_reasoning)),
            ("Cached", fmt.count(gen.native_tokens_cached)),
            ("Completion images", fmt.count(gen.native_tokens_completion_images)),
        ]),
        Section("Timing", [
            ("Latency (TTFT)", fmt.millis(gen.latency)),
            ("Generation time", fmt.millis(gen.generation_time)),
            ("Moderation", fmt.millis(gen.moderation_latency)),
            ("Throughput", fmt.rate(throughput_tps(gen))),
        ]),
        Section("IDs", [
            ("Generation", _t(gen.id)),
            ("Upstream", _t(gen.upstream_id)),
            ("Request", _t(gen.request_id)),
            ("Session", _t(gen.session_id)),
            ("App", _t(gen.app_id)),
            ("Origin", _t(gen.origin)),
            ("Router", _t(gen.router)),
            ("Service tier", _t(gen.service_tier)),
        ]),
    ]
    extra = gen.extra_fields
    if extra:
        sections.append(Section("Other fields", [(one_line(k, 60), _t(v)) for k, v in extra.items()]))
    return sections


def sections_as_text(sections: list[Section]) -> str:
    """Plain aligned text, for `show` without --json/--markdown."""
    width = max((len(label) for s in sections for label, _ in s.rows), default=0)
    blocks = []
    for section in sections:
        lines = [section.title]
        lines += [f"  {label:<{width}}  {value}" for label, value in section.rows]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
