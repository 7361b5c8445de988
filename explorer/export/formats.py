"""Export one lookup as JSON or Markdown: `show --json/--markdown` and the TUI's export key."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from explorer.analysis.metrics import cost_per_million_tokens, summarize_attempts, throughput_tps
from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from explorer.api.client import Lookup
    from explorer.api.models import Generation, GenerationContent

# The worded sections, the attempts table and the content's Markdown load with the first
# report that needs them: a batch's JSON lines use none of them.

_SURROGATE = re.compile("[\ud800-\udfff]")


def error_as_dict(error: Any) -> dict[str, Any] | None:
    """A typed service error as plain data (no key can be in it: messages are redacted)."""
    if error is None:
        return None
    return {"kind": error.kind, "status": error.status, "title": error.title,
            "message": error.message, "hint": error.hint}


def lookup_as_dict(lookup: Lookup, *, worded: bool = True) -> dict[str, Any]:
    """Both raw responses (unknown fields included), the content error, derived figures, and
    `metadata`: the metadata sections as the panel and `show` word them (not with
    `worded=False`: the `batch` command leaves them out, they cost more than the lookup)."""
    gen = lookup.generation
    summary = summarize_attempts(gen.attempts)
    data = {
        "id": gen.id,
        "generation": lookup.raw_generation,
        "content": lookup.raw_content,
        "content_error": error_as_dict(lookup.content_error),
        "derived": {
            "throughput_tokens_per_second": throughput_tps(gen),
            "cost_per_million_tokens": cost_per_million_tokens(gen),
            "attempts": summary.attempts,
            "failed_attempts": summary.failures,
            "time_lost_to_failures_ms": summary.known_time_lost_ms,  # null: unknown
        },
        "metadata": _worded_sections(gen) if worded else None,
        "fetched_at": datetime.fromtimestamp(lookup.fetched_at, timezone.utc).isoformat(),
    }
    if not worded:
        del data["metadata"]
    return data


def lookup_as_json(lookup: Lookup, *, ascii_only: bool = False) -> str:
    """Pretty JSON; `ascii_only` escapes every non-ASCII character (safe on any terminal).

    A lone surrogate (valid in JSON as ``"\\ud800"``) cannot be written as UTF-8, so JSON that
    would hold one is escaped to ASCII too: still exactly the same data once parsed.
    """
    data = lookup_as_dict(lookup)
    text = json.dumps(data, indent=2, ensure_ascii=ascii_only)
    if not ascii_only and not text.isascii() and _SURROGATE.search(text):
        return json.dumps(data, indent=2, ensure_ascii=True)
    return text


def lookup_as_markdown(lookup: Lookup, now: datetime | None = None) -> str:
    """A Markdown report: metadata tables, the provider attempts, then the content."""
    from explorer.presentation.metadata_sections import metadata_sections

    gen = lookup.generation
    lines = [f"# Generation {one_line(gen.id)}", ""]
    for section in metadata_sections(gen, now):
        lines += [f"## {section.title}", "", "| | |", "|---|---|"]
        lines += [f"| {_cell(row.label)} | {_cell(row.full_text)} |" for row in section.rows]
        lines.append("")
    lines += _attempts_markdown(lookup.generation)
    if lookup.content is not None:
        lines.append(content_markdown(lookup.content))
    elif lookup.content_error is not None:
        err = lookup.content_error
        lines += ["## Content", "", f"Not available: {_cell(err.one_line())}. {err.hint}", ""]
    return "\n".join(lines)


def content_markdown(content: GenerationContent) -> str:
    """The content as Markdown sections, the recorded failure (`data.error`) with them: what
    the Markdown export and plain `show` print."""
    from explorer.presentation.content_blocks import content_as_markdown
    from explorer.presentation.generation_failure import failure_text

    return content_as_markdown(
        messages=content.messages, prompt=content.prompt, completion=content.output.completion,
        reasoning=content.output.reasoning, failure=failure_text(content.error),
    )


def _worded_sections(gen: Generation) -> dict[str, Any]:
    from explorer.presentation.metadata_sections import metadata_sections, sections_as_dict

    return sections_as_dict(metadata_sections(gen))


def _attempts_markdown(gen: Generation) -> list[str]:
    from explorer.presentation import attempt_table

    lines = [f"## {attempt_table.TITLE}", ""]
    missing = attempt_table.missing_attempts(gen)
    if missing:
        return [*lines, missing, ""]
    headers = [header.capitalize() if header != "BYOK" else header for header in attempt_table.HEADERS]
    lines += [_table_row(headers), "|" + "---|" * len(headers)]
    lines += [_table_row([_cell(cell) for cell in row]) for row in attempt_table.attempt_rows(gen)]
    lines.append("")
    return lines


def _table_row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def _cell(value: str) -> str:
    return one_line(value, 300).replace("|", "\\|")
