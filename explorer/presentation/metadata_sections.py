"""The metadata of a generation as labelled sections of rows: the one table every view reads.

The metadata panel, the compare screen, `show` and the Markdown/JSON exports all list what
`metadata_sections` returns, so a label means the same value everywhere (the panel leaves out
`Attempts`: the attempts waterfall beside it sums them up). A row of `SECTIONS`
says how to read a value from a `Generation` and how to show it; a field is one line, like the
region's (noted `new` when the value is not one the model knows):

    Field("region", "data_region", known="data_region_is_known"),

Network strings pass through `one_line`. No textual import: styled views map a row's `kind`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from explorer.analysis.metrics import (
    AttemptSummary,
    cost_per_image,
    cost_per_million_tokens,
    is_image_generation,
    no_throughput_reason,
    summarize_attempts,
    throughput_tps,
)
from explorer.presentation import formatting as fmt
from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from explorer.api.models import Generation

Kind = Literal["plain", "strong", "warning", "muted"]
VALUE_LIMIT = 400  # characters of one value; longer network text is cut with an ellipsis
EXTRA_TITLE = "Other fields"
ATTEMPTS_TITLE = "Attempts"


@dataclass(frozen=True)
class Row:
    """One label and its value, ready to show."""

    label: str
    text: str
    """The value as display text; `fmt.DASH` when null."""
    value: Any = None
    """The raw value: compare tells differences and divides B by A with it."""
    kind: Kind = "plain"
    """Emphasis for styled views: `strong` (the model, the total cost), `warning` (cancelled)."""
    note: str = ""
    """An aside after the value: the native count, the relative time, `new`."""
    note_kind: Kind = "muted"
    note_below: bool = False
    """Styled views put the note on its own line (the relative time under the date)."""

    @property
    def full_text(self) -> str:
        """The value and its note on one line, for plain text: `587 (native 612)`."""
        return f"{self.text} ({self.note})" if self.note else self.text


class Section(NamedTuple):
    """A titled group of rows."""

    title: str
    rows: list[Row]


def text(value: object) -> str:
    """Any value as safe one-line text; null and "" are the dash."""
    return fmt.DASH if value is None or value == "" else one_line(value, VALUE_LIMIT)


@dataclass(frozen=True)
class Field:
    """One row of the table: where its value is and how it shows."""

    label: str
    value: str | Callable[[Generation], Any]
    """The `Generation` attribute name, or a function of the generation."""
    show: Callable[[Any], str] = text
    kind: Kind = "plain"
    alert: bool = False
    """A true value shows as a warning (cancelled: yes)."""
    known: str | None = None
    """A `Generation` property that is False for a value the spec does not list: noted `new`."""
    note: Callable[[Generation, datetime], str] | None = None
    note_below: bool = False
    optional: bool = False
    """Only shown when set (not null, empty or zero): rare fields."""

    def row(self, gen: Generation, now: datetime) -> Row | None:
        """This field of `gen`; None for an unset optional field."""
        value = getattr(gen, self.value) if isinstance(self.value, str) else self.value(gen)
        if self.optional and not value:
            return None
        kind: Kind = "warning" if self.alert and value else self.kind
        if self.known is not None and not getattr(gen, self.known):
            note, note_kind = "new", "warning"
        else:
            note, note_kind = (self.note(gen, now) if self.note else ""), "muted"
        return Row(self.label, self.show(value), value, kind, note, note_kind, self.note_below)


def _created_text(created_at: str | None) -> str:
    created = fmt.parse_timestamp(created_at)
    return fmt.local_time(created) if created else text(created_at)


def _created_note(gen: Generation, now: datetime) -> str:
    created = fmt.parse_timestamp(gen.created_at)
    return fmt.relative(created, now) if created else ""


def _native_finish(gen: Generation, now: datetime) -> str:
    native = gen.native_finish_reason
    return f"native {one_line(native)}" if native and native != gen.finish_reason else ""


def _native(attribute: str, native_attribute: str) -> Callable[[Generation, datetime], str]:
    """The note `native N` when the provider's own count differs from the normalised one."""
    def note(gen: Generation, now: datetime) -> str:
        normalised, native = getattr(gen, attribute), getattr(gen, native_attribute)
        return "" if native is None or native == normalised else f"native {fmt.count(native)}"
    return note


def _attempt_count(gen: Generation) -> int | None:
    return None if gen.provider_responses is None else len(gen.attempts)


def _failed_attempts(gen: Generation) -> int | None:
    return None if gen.provider_responses is None else summarize_attempts(gen.attempts).failures


def _time_lost(gen: Generation) -> float | str | None:
    if gen.provider_responses is None:
        return None
    summary = summarize_attempts(gen.attempts)
    known = summary.known_time_lost_ms
    return known if known is not None else time_lost_text(summary)


def time_lost_text(summary: AttemptSummary) -> str:
    """The time lost to failed attempts as far as it is known: `2.25 s`, `at least 38 ms`
    (a failed attempt's latency is unknown), `unknown` (none is known)."""
    if summary.failures and summary.failures_without_latency == summary.failures:
        return "unknown"
    shown = fmt.millis(summary.time_lost_ms)
    return f"at least {shown}" if summary.failures_without_latency else shown


def lost_to_failures_text(summary: AttemptSummary) -> str:
    """`2.25 s lost to failed attempts`, or the same said honestly when latencies are unknown:
    `at least 38 ms lost to …`, `time lost to failed attempts unknown`."""
    lost = time_lost_text(summary)
    return ("time lost to failed attempts unknown" if lost == "unknown"
            else f"{lost} lost to failed attempts")


def _throughput(gen: Generation) -> float | str | None:
    """Tokens per second, or why there is none (`n/a (cache hit)`)."""
    reason = no_throughput_reason(gen)
    return f"n/a ({reason})" if reason else throughput_tps(gen)


def _per_token_note(gen: Generation, now: datetime) -> str:
    return "native tokens" if is_image_generation(gen) and cost_per_million_tokens(gen) else ""


def _number_or_text(show: Callable[[Any], str]) -> Callable[[Any], str]:
    """`show` for a number; a text value (why there is no number) as it is."""
    return lambda value: value if isinstance(value, str) else show(value)


SECTIONS: tuple[tuple[str, tuple[Field, ...]], ...] = (
    ("Generation", (
        Field("model", "model", kind="strong"),
        Field("provider", "provider_name"),
        Field("region", "data_region", known="data_region_is_known"),
        Field("service tier", "service_tier"),
        Field("api type", "api_type", known="api_type_is_known"),
        Field("created", "created_at", _created_text, note=_created_note, note_below=True),
        Field("finish", "finish_reason", note=_native_finish),
        Field("streamed", "streamed", fmt.flag),
        Field("cancelled", "cancelled", fmt.flag, alert=True),
        Field("BYOK", "is_byok", fmt.flag),
    )),
    ("Cost", (
        Field("total", "total_cost", fmt.usd, kind="strong"),
        Field("usage", "usage", fmt.usd),
        Field("cache discount", "cache_discount", fmt.usd),
        Field("upstream", "upstream_inference_cost", fmt.usd),
        Field("per 1M tokens", cost_per_million_tokens, fmt.usd, note=_per_token_note),
        Field("per image", cost_per_image, fmt.usd, optional=True),
    )),
    ("Tokens", (
        Field("prompt", "tokens_prompt", fmt.count, note=_native("tokens_prompt", "native_tokens_prompt")),
        Field("completion", "tokens_completion", fmt.count,
              note=_native("tokens_completion", "native_tokens_completion")),
        Field("reasoning", "native_tokens_reasoning", fmt.count),
        Field("cached", "native_tokens_cached", fmt.count),
        Field("images out", "native_tokens_completion_images", fmt.count, optional=True),
        Field("media in", "num_media_prompt", fmt.count, optional=True),
        Field("media out", "num_media_completion", fmt.count, optional=True),
        Field("audio in", "num_input_audio_prompt", fmt.count, optional=True),
        Field("search results", "num_search_results", fmt.count, optional=True),
        Field("fetches", "num_fetches", fmt.count, optional=True),
    )),
    ("Timing", (
        Field("latency (TTFT)", "latency", fmt.millis),
        Field("generation", "generation_time", fmt.millis),
        Field("moderation", "moderation_latency", fmt.millis),
        Field("throughput", _throughput, _number_or_text(fmt.rate)),
    )),
    (ATTEMPTS_TITLE, (
        Field("attempts", _attempt_count, fmt.count),
        Field("failed", _failed_attempts, fmt.count),
        Field("time lost", _time_lost, _number_or_text(fmt.millis)),
    )),
    ("IDs", (
        Field("generation", "id"),
        Field("upstream", "upstream_id"),
        Field("request", "request_id"),
        Field("session", "session_id"),
        Field("workspace", "workspace_id", optional=True),
        Field("preset", "preset_id", optional=True),
        Field("app", "app_id"),
        Field("origin", "origin"),
        Field("router", "router"),
        Field("external user", "external_user", optional=True),
        Field("referer", "http_referer", optional=True),
        Field("user agent", "user_agent", optional=True),
        Field("web search", "web_search_engine", optional=True),
        Field("cache source", "response_cache_source_id", optional=True),
    )),
)
"""Every section and its fields, in display order; `Other fields` (unknown fields) follows."""


def extra_rows(extra: dict[str, Any]) -> list[Row]:
    """Fields the API sent that the model does not know, by name, values as compact JSON."""
    rows = []
    for key, value in sorted(extra.items()):
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        rows.append(Row(one_line(key, limit=40), text(shown), value))
    return rows


def metadata_sections(gen: Generation, now: datetime | None = None) -> list[Section]:
    """Every section of `gen` in display order, unset optional rows and empty sections left
    out; relative times are measured from `now` (default: the wall clock)."""
    now = now or datetime.now(timezone.utc)
    sections = [Section(title, [row for row in (f.row(gen, now) for f in fields) if row])
                for title, fields in SECTIONS]
    sections.append(Section(EXTRA_TITLE, extra_rows(gen.extra_fields)))
    return [section for section in sections if section.rows]


def sections_as_text(sections: list[Section]) -> str:
    """Plain aligned text, for `show` without --json/--markdown."""
    width = max((len(row.label) for s in sections for row in s.rows), default=0)
    blocks = []
    for section in sections:
        lines = [section.title]
        lines += [f"  {row.label:<{width}}  {row.full_text}" for row in section.rows]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def sections_as_dict(sections: list[Section]) -> dict[str, dict[str, str]]:
    """{section title: {label: value text}}, for the JSON export: without the notes, so the
    same generation always exports the same (a relative time would not)."""
    return {section.title: {row.label: row.text for row in section.rows} for section in sections}
