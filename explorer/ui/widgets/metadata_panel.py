"""`MetadataPanel`: a generation's metadata as sections of label/value rows."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.content import Content

from explorer.analysis import formatting as fmt
from explorer.analysis.metrics import cost_per_million_tokens, throughput_tps
from explorer.text import one_line

if TYPE_CHECKING:
    from explorer.api.models import Generation

Row = tuple[str, Content]
Section = tuple[str, list[Row]]

MUTED = "$text-muted"
PLACEHOLDER = "No generation loaded.\n\nModel, cost, tokens, timing and IDs show here."


def _value(value: object, style: str = "") -> Content:
    """A value as safe one-line text; null is the dash, dimmed."""
    text = fmt.text(value)
    if text == fmt.DASH:
        return Content.styled(fmt.DASH, MUTED)
    return Content.styled(one_line(text, limit=400), style)


def _formatted(text: str, style: str = "") -> Content:
    """Already formatted text (numbers, money); the dash dimmed."""
    return Content.styled(text, MUTED if text == fmt.DASH else style)


def _with_native(normalised: int | None, native: int | None) -> Content:
    """`116 · native 98`: the normalised count and the provider's own count."""
    if native is None or native == normalised:
        return _formatted(fmt.count(normalised))
    return Content.assemble(_formatted(fmt.count(normalised)), (f"  native {fmt.count(native)}", MUTED))


def _flag(value: bool | None, *, notable: bool = False) -> Content:
    """yes / no / —, with `yes` highlighted when it is worth noticing (cancelled)."""
    return _formatted(fmt.flag(value), "$warning" if notable and value else "")


def overview_rows(gen: Generation, now: datetime) -> list[Row]:
    """Model, provider, api type, creation time, finish reason and flags."""
    api_type = _value(gen.api_type)
    if not gen.api_type_is_known:
        api_type = Content.assemble(api_type, ("  new", "$warning italic"))
    created = fmt.parse_timestamp(gen.created_at)
    created_text = (
        Content.assemble(fmt.local_time(created), (f"\n{fmt.relative(created, now)}", MUTED))
        if created
        else _value(gen.created_at)
    )
    finish = _value(gen.finish_reason)
    if gen.native_finish_reason and gen.native_finish_reason != gen.finish_reason:
        finish = Content.assemble(finish, (f"  native {one_line(gen.native_finish_reason)}", MUTED))
    return [
        ("model", _value(gen.model, "bold")),
        ("provider", _value(gen.provider_name)),
        ("api type", api_type),
        ("created", created_text),
        ("finish", finish),
        ("streamed", _flag(gen.streamed)),
        ("cancelled", _flag(gen.cancelled, notable=True)),
        ("BYOK", _flag(gen.is_byok)),
    ]


def cost_rows(gen: Generation) -> list[Row]:
    """Costs in USD, precise enough for sub-cent values."""
    return [
        ("total", _formatted(fmt.usd(gen.total_cost), "bold")),
        ("usage", _formatted(fmt.usd(gen.usage))),
        ("cache discount", _formatted(fmt.usd(gen.cache_discount))),
        ("upstream", _formatted(fmt.usd(gen.upstream_inference_cost))),
        ("per 1M tokens", _formatted(fmt.usd(cost_per_million_tokens(gen)))),
    ]


def token_rows(gen: Generation) -> list[Row]:
    """Token counts: normalised with the provider's native count beside it."""
    rows = [
        ("prompt", _with_native(gen.tokens_prompt, gen.native_tokens_prompt)),
        ("completion", _with_native(gen.tokens_completion, gen.native_tokens_completion)),
        ("reasoning", _formatted(fmt.count(gen.native_tokens_reasoning))),
        ("cached", _formatted(fmt.count(gen.native_tokens_cached))),
    ]
    optional = [
        ("images out", gen.native_tokens_completion_images),
        ("media in", gen.num_media_prompt),
        ("media out", gen.num_media_completion),
        ("audio in", gen.num_input_audio_prompt),
        ("search results", gen.num_search_results),
        ("fetches", gen.num_fetches),
    ]
    rows += [(label, _formatted(fmt.count(value))) for label, value in optional if value]
    return rows


def timing_rows(gen: Generation) -> list[Row]:
    """Time to first token, generation time, moderation, throughput."""
    return [
        ("latency (TTFT)", _formatted(fmt.millis(gen.latency))),
        ("generation", _formatted(fmt.millis(gen.generation_time))),
        ("moderation", _formatted(fmt.millis(gen.moderation_latency))),
        ("throughput", _formatted(fmt.rate(throughput_tps(gen)))),
    ]


def id_rows(gen: Generation) -> list[Row]:
    """Every identifier of the request; the rarer ones only when set."""
    rows = [
        ("generation", _value(gen.id)),
        ("upstream", _value(gen.upstream_id)),
        ("request", _value(gen.request_id)),
        ("session", _value(gen.session_id)),
        ("app", _value(gen.app_id)),
        ("origin", _value(gen.origin)),
        ("router", _value(gen.router)),
        ("service tier", _value(gen.service_tier)),
    ]
    optional = [
        ("external user", gen.external_user),
        ("referer", gen.http_referer),
        ("user agent", gen.user_agent),
        ("web search", gen.web_search_engine),
        ("cache source", gen.response_cache_source_id),
    ]
    rows += [(label, _value(value)) for label, value in optional if value]
    return rows


def extra_rows(extra: dict[str, Any]) -> list[Row]:
    """Fields the API sent that the model does not know, as compact JSON."""
    rows = []
    for key, value in sorted(extra.items()):
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        rows.append((one_line(key, limit=40), _value(shown)))
    return rows


def metadata_sections(gen: Generation, now: datetime) -> list[Section]:
    """Every section of the panel, in display order (empty sections left out)."""
    sections: list[Section] = [
        ("Generation", overview_rows(gen, now)),
        ("Cost", cost_rows(gen)),
        ("Tokens", token_rows(gen)),
        ("Timing", timing_rows(gen)),
        ("IDs", id_rows(gen)),
        ("Other fields", extra_rows(gen.extra_fields)),
    ]
    return [(title, rows) for title, rows in sections if rows]


class MetadataSheet(Widget):
    """All sections drawn as one widget: labels in a column, values wrapped beside them.

    One widget rather than a Label and a Static per row: ~100 row widgets made every
    lookup re-layout and re-style them, which cost more than the lookup itself.
    """

    DEFAULT_CSS = "MetadataSheet { height: auto; }"

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[Section] = []
        self.placeholder = PLACEHOLDER
        self._lines_cache: tuple[int, list[Content]] | None = None

    def set_sections(self, sections: list[Section], placeholder: str = PLACEHOLDER) -> None:
        self.sections, self.placeholder = sections, placeholder
        self._lines_cache = None
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        if self._lines_cache and self._lines_cache[0] == width:
            return self._lines_cache[1]
        width = max(width, 20)
        if not self.sections:
            lines = [line for part in self.placeholder.split("\n")
                     for line in (Content.styled(part, MUTED).wrap(width) if part else [Content("")])]
        else:
            label_width = min(16, 1 + max(len(label) for _, rows in self.sections for label, _ in rows))
            lines = []
            for index, (title, rows) in enumerate(self.sections):
                if index:
                    lines.append(Content(""))
                lines.append(Content.styled(title, "$accent bold"))
                for label, value in rows:
                    wrapped = [piece for part in value.split("\n", allow_blank=True)
                               for piece in part.wrap(width - label_width)] or [Content("")]
                    for number, piece in enumerate(wrapped):
                        head = label[: label_width - 1].ljust(label_width) if number == 0 else ""
                        lines.append(Content.styled(head.ljust(label_width), MUTED) + piece)
        self._lines_cache = (width, lines)
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_region.width or self.size.width))


class MetadataPanel(VerticalScroll):
    """Scrollable sections of a generation's metadata; only renders what it is given."""

    DEFAULT_CSS = """
    MetadataPanel { padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield MetadataSheet()

    def show(self, generation: Generation, now: datetime) -> None:
        """Render `generation`; relative times are measured from `now`."""
        self.query_one(MetadataSheet).set_sections(metadata_sections(generation, now))
        self.scroll_home(animate=False)

    @property
    def sections(self) -> list[Section]:
        """The sections on show (empty when cleared)."""
        return self.query_one(MetadataSheet).sections

    def clear(self, placeholder: str = PLACEHOLDER) -> None:
        """Show `placeholder` instead of a generation."""
        self.query_one(MetadataSheet).set_sections([], placeholder)
