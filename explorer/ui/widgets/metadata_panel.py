"""`MetadataPanel`: a generation's metadata as sections of label/value rows."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from explorer.presentation import formatting as fmt
from explorer.analysis.metrics import cost_per_million_tokens, throughput_tps
from explorer.presentation.safe_text import one_line
from explorer.ui.lines.line_api import StripCache, content_strip, set_extent

if TYPE_CHECKING:
    from explorer.api.models import Generation

Row = tuple[str, Content]
Section = tuple[str, list[Row]]

MUTED = "$foreground-muted"  # not $text-muted: "auto 60%" loses its 60% in Content styles
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


def layout_lines(sections: list[Section], placeholder: str, width: int) -> list[Content]:
    """The panel's lines at `width`: labels in a column, values wrapped beside them."""
    width = max(width, 20)
    if not sections:
        return [line for part in placeholder.split("\n")
                for line in (Content.styled(part, MUTED).wrap(width) if part else [Content("")])]
    label_width = min(16, 1 + max(len(label) for _, rows in sections for label, _ in rows))
    lines = []
    for index, (title, rows) in enumerate(sections):
        if index:
            lines.append(Content(""))
        lines.append(Content.styled(title, "$accent bold"))
        for label, value in rows:
            wrapped = [piece for part in value.split("\n", allow_blank=True)
                       for piece in part.wrap(width - label_width)] or [Content("")]
            for number, piece in enumerate(wrapped):
                head = label[: label_width - 1].ljust(label_width) if number == 0 else ""
                lines.append(Content.styled(head.ljust(label_width), MUTED) + piece)
    return lines


class MetadataPanel(ScrollView, can_focus=True):
    """Scrollable sections of a generation's metadata; only renders what it is given.

    One Line-API view, not a Label and a Static per row inside a scrolling container: every
    widget and container is drawn again on each lookup, and a new height re-laid out the
    screen. Here a lookup repaints the lines on screen, each drawn once per lookup, theme and
    width.
    """

    DEFAULT_CSS = """
    MetadataPanel {
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: scroll;  /* always: a scrollbar that came and went re-laid out the screen */
        scrollbar-size-vertical: 1;
        scrollbar-background: $background;  /* so only the thumb shows, when it scrolls */
        scrollbar-background-hover: $background;
        scrollbar-background-active: $background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sections: list[Section] = []
        self._placeholder = PLACEHOLDER
        self._lines: list[Content] = []
        self._width = 0  # the width `_lines` were laid out for
        self._strips = StripCache()

    def show(self, generation: Generation, now: datetime) -> None:
        """Render `generation`; relative times are measured from `now`."""
        self._set_sections(metadata_sections(generation, now), PLACEHOLDER)

    @property
    def sections(self) -> list[Section]:
        """The sections on show (empty when cleared)."""
        return self._sections

    def clear(self, placeholder: str = PLACEHOLDER) -> None:
        """Show `placeholder` instead of a generation."""
        self._set_sections([], placeholder)

    @property
    def text(self) -> str:
        """Every line of the panel as plain text (what is on screen and what is scrolled off)."""
        return "\n".join(line.plain for line in self._lines)

    # Layout -----------------------------------------------------------------------------------

    def _set_sections(self, sections: list[Section], placeholder: str) -> None:
        self._sections, self._placeholder = sections, placeholder
        self._width = 0
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet: on_resize comes
        if width != self._width:
            self._width = width
            self._lines = layout_lines(self._sections, self._placeholder, width)
        self._strips.clear()
        set_extent(self, Size(width, len(self._lines)))
        self.refresh()

    def on_resize(self) -> None:
        self._lay_out()

    # Drawing ----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_y) + y
        key = (self.scrollable_content_region.width, self.visual_style, self.app.theme,
               self.text_selection)
        return self._strips.get(key, row, self._draw).apply_offsets(0, row)

    def _draw(self, row: int) -> Strip:
        base = self.visual_style
        if row >= len(self._lines):
            return Strip.blank(self.scrollable_content_region.width, base.rich_style)
        line = self._lines[row]
        selection = self.text_selection
        span = selection.get_span(row) if selection is not None else None
        if span is not None:  # a mouse selection: highlight its part of the line
            start, end = span
            line = line.stylize(".screen--selection", start, len(line) if end == -1 else end)
        return content_strip(self, line, base)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text (Textual copies it with ctrl+c)."""
        return (selection.extract(self.text), "\n") if self._lines else None

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()  # the selection is part of the lines' key: they are drawn again
