"""`AttemptsWaterfall`: the providers tried for a generation, in order, as a latency waterfall."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from explorer.presentation import formatting as fmt
from explorer.analysis.metrics import AttemptSummary, status_class, summarize_attempts
from explorer.presentation.metadata_sections import lost_to_failures_text
from explorer.presentation.safe_text import one_line
from explorer.ui.compat import set_extent
from explorer.ui.lines.line_api import StripCache, content_strip
from explorer.ui.styles import ERROR, MUTED, STATUS_BAR_STYLES, STATUS_STYLES, SUCCESS, WARNING

if TYPE_CHECKING:
    from explorer.api.models import ProviderAttempt

WINNER_MARK = "★"
MIN_BAR = 10
TIER_TITLE = "tier"
TIER_LIMIT = 10  # cells of the routed-tier column ("ultrafast" fits; a longer new tier is cut)


@dataclass(frozen=True)
class Columns:
    """Cell widths of one attempt row; 0 leaves a column out (narrow terminals, or no tier)."""

    provider: int
    model: int
    byok: int
    endpoint: int
    bar: int
    tier: int = 0

    STATUS = 4
    LATENCY = 8

    @classmethod
    def fit(cls, width: int, tier: int = 0) -> Columns:
        """The widest layout that fits `width` cells, with a `tier` column that wide after
        the provider (0: none). The bar keeps at least MIN_BAR cells; the endpoint goes first,
        then the model narrows and goes, then the provider narrows, BYOK goes, the tier last."""
        fixed = 2 + cls.STATUS + 1 + cls.LATENCY + 1
        for provider, model, byok, endpoint, tiered in (
            (14, 26, 4, 9, tier), (14, 26, 4, 0, tier), (14, 18, 4, 0, tier), (14, 12, 4, 0, tier),
            (14, 0, 4, 0, tier), (11, 0, 4, 0, tier), (11, 0, 0, 0, tier), (11, 0, 0, 0, 0),
            (8, 0, 0, 0, 0),
        ):
            used = fixed + sum(n + 1 for n in (provider, model, byok, endpoint, tiered) if n)
            if width - used >= MIN_BAR:
                return cls(provider, model, byok, endpoint, width - used, tiered)
        return cls(8, 0, 0, 0, max(1, width - used))


def tier_width(attempts: list[ProviderAttempt]) -> int:
    """Cells for the routed-tier column: the longest tier (at most TIER_LIMIT), or 0 when no
    attempt names one (older answers): no column of dashes."""
    tiers = [len(one_line(a.routed_service_tier)) for a in attempts if a.routed_service_tier]
    return min(TIER_LIMIT, max([len(TIER_TITLE), *tiers])) if tiers else 0


def timeline(attempts: list[ProviderAttempt]) -> list[tuple[float, float]]:
    """(start, latency) in ms of each attempt, assuming they ran one after another."""
    spans, start = [], 0.0
    for attempt in attempts:
        latency = max(0.0, attempt.latency or 0.0)
        spans.append((start, latency))
        start += latency
    return spans


def bar(start: float, latency: float, total: float, width: int, style: str) -> Content:
    """One attempt's bar, offset by its start so the attempts line up in time."""
    if total <= 0:
        return Content("")
    offset = min(width - 1, round(start / total * width))
    length = max(1, min(width - offset, round(latency / total * width)))
    return Content.assemble(" " * offset, ("█" * length, style))


def _cell(text: str, width: int, style: str = "") -> Content:
    text = one_line(text)
    if len(text) > width:
        text = text[: width - 1] + "…"
    return Content.styled(text.ljust(width), style)


def attempt_row(
    attempt: ProviderAttempt, span: tuple[float, float], total: float, winner: bool, columns: Columns
) -> Content:
    """One line: mark, provider, routed tier, model, status, latency, BYOK, endpoint, bar."""
    style = STATUS_STYLES[status_class(attempt.status_code)]
    bar_style = STATUS_BAR_STYLES[status_class(attempt.status_code)]
    code = fmt.text(attempt.status_code)
    parts = [
        (WINNER_MARK + " ", f"{SUCCESS} bold") if winner else "  ",
        _cell(attempt.provider_name or fmt.DASH, columns.provider, "bold" if winner else ""), " ",
    ]
    if columns.tier:
        # A tier the API did not list before is kept as sent and marked like other new values.
        tier_style = MUTED if attempt.routed_service_tier_is_known else f"{WARNING} italic"
        parts += [_cell(attempt.routed_service_tier or fmt.DASH, columns.tier, tier_style), " "]
    if columns.model:
        parts += [_cell(attempt.model_permaslug or fmt.DASH, columns.model, MUTED), " "]
    parts += [
        _cell(code, Columns.STATUS, style + " bold"), " ",
        Content(fmt.millis(attempt.latency).rjust(Columns.LATENCY)), " ",
    ]
    if columns.byok:
        parts += [_cell(fmt.flag(attempt.is_byok), columns.byok, MUTED), " "]
    if columns.endpoint:
        parts += [_cell(attempt.endpoint_id or fmt.DASH, columns.endpoint, MUTED), " "]
    parts.append(bar(*span, total, columns.bar, bar_style))
    return Content.assemble(*parts)


def header_row(total: float, columns: Columns) -> Content:
    """Column titles, and the time axis over the bars."""
    parts = ["  ", "provider".ljust(columns.provider), " "]
    if columns.tier:
        parts += [TIER_TITLE.ljust(columns.tier), " "]
    if columns.model:
        parts += ["model".ljust(columns.model), " "]
    parts += ["code".ljust(Columns.STATUS), " ", "latency".rjust(Columns.LATENCY), " "]
    if columns.byok:
        parts += ["BYOK".ljust(columns.byok), " "]
    if columns.endpoint:
        parts += ["endpoint".ljust(columns.endpoint), " "]
    end = fmt.millis(total)
    axis = "0 " + "─" * max(0, columns.bar - len(end) - 3) + " " + end
    parts.append(axis[: columns.bar])
    return Content.styled("".join(parts), MUTED)


def summary_line(summary: AttemptSummary, winner_name: str | None) -> Content:
    """`3 attempts · 2 failed · 1.84 s lost to failed attempts · answered by Groq`."""
    plural = "s" if summary.attempts != 1 else ""
    parts: list[str | tuple[str, str]] = [(f"{summary.attempts} attempt{plural}", "bold")]
    if summary.failures:
        parts += [" · ", (f"{summary.failures} failed", f"{ERROR} bold"),
                  " · ", (lost_to_failures_text(summary), WARNING)]
    else:
        parts += [" · ", ("no failures", SUCCESS)]
    if winner_name is not None:
        parts += [" · answered by ", (one_line(winner_name, limit=40), "bold")]
    elif summary.attempts:
        parts += [" · ", ("no attempt succeeded", ERROR)]
    return Content.assemble(*parts)


class AttemptsWaterfall(ScrollView, can_focus=True):
    """Every provider attempt in order: status coloured by class, the winner marked, and a bar
    per attempt offset by the attempts before it, with a summary of what the fallbacks cost.

    One Line-API view of a fixed height: the summary and the column titles stay on top and
    the attempt rows scroll under them. A lookup repaints it and never moves the panes below
    (a pane that grew and shrank with each generation made every lookup re-lay out the screen
    twice, and the content jump about).
    """

    DEFAULT_CSS = """
    AttemptsWaterfall {
        height: 10;  /* explorer.tcss sets the app's: fixed, so a lookup never re-lays out */
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        /* Only the thumb shows, when there are more rows than room: most generations have
           one to three attempts, and an empty track beside them would be noise. */
        scrollbar-background: $background;
        scrollbar-background-hover: $background;
        scrollbar-background-active: $background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.attempts: list[ProviderAttempt] = []
        self._missing = "No attempt details (provider_responses is null)"
        self._top: list[Content] = []  # summary and column titles: they do not scroll
        self._rows: list[Content] = []
        self._width = 0  # the width the lines were laid out for
        self._strips = StripCache()

    def show(self, attempts: list[ProviderAttempt] | None) -> None:
        """Render `attempts` (None: the API sent `provider_responses: null`)."""
        self.attempts = list(attempts or [])
        self._missing = ("No attempt details (provider_responses is null)" if attempts is None
                         else "No attempts recorded (provider_responses is empty)")
        self._width = 0
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._lay_out()

    @property
    def text(self) -> str:
        """Every line as plain text, the scrolled-off rows included."""
        return "\n".join(line.plain for line in self._top + self._rows)

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        columns = Columns.fit(width, tier_width(self.attempts))
        spans = timeline(self.attempts)
        total = sum(latency for _, latency in spans)
        summary = summarize_attempts(self.attempts)
        if not self.attempts:
            self._top = Content.styled(self._missing, MUTED).wrap(width)
            self._rows = []
        else:
            winner = None if summary.winner_index is None else self.attempts[summary.winner_index]
            line = summary_line(summary, winner.provider_name or fmt.DASH if winner else None)
            self._top = [*line.wrap(width), header_row(total, columns)]
            self._rows = [attempt_row(attempt, span, total, index == summary.winner_index, columns)
                          for index, (attempt, span) in enumerate(zip(self.attempts, spans))]
        self._strips.clear()
        set_extent(self, Size(width, len(self._top) + len(self._rows)))
        self.refresh()

    def on_resize(self) -> None:
        self._lay_out()

    def render_line(self, y: int) -> Strip:
        top = len(self._top)
        # The top lines stay; the rows scroll beneath them.
        row = y if y < top else y + int(self.scroll_y)
        return self._strips.get((self._width, self.visual_style, self.app.theme), row, self._draw)

    def _draw(self, row: int) -> Strip:
        base, top = self.visual_style, len(self._top)
        if row < top:
            return content_strip(self, self._top[row], base)
        if row - top < len(self._rows):
            return content_strip(self, self._rows[row - top], base)
        return Strip.blank(self._width, base.rich_style)
