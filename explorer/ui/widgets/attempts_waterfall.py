"""`AttemptsWaterfall`: the providers tried for a generation, in order, as a latency waterfall.

Its height follows the window: the usual height when the attempts fit, taller (up to about half
the results) when there are more; the provider, model and endpoint columns widen into the
room the bars do not need. Enter (or a click) on an attempt asks for that attempt in full.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from explorer.presentation import formatting as fmt
from explorer.analysis.metrics import AttemptSummary, status_class, summarize_attempts
from explorer.presentation.attempt_table import attempt_detail
from explorer.presentation.metadata_sections import lost_to_failures_text
from explorer.presentation.safe_text import one_line
from explorer.ui.compat import set_extent
from explorer.ui.lines.line_api import StripCache, content_strip
from explorer.ui.styles import ERROR, MUTED, STATUS_BAR_STYLES, STATUS_STYLES, SUCCESS, WARNING

if TYPE_CHECKING:
    from explorer.api.models import ContentError, ProviderAttempt

WINNER_MARK = "★"
MIN_BAR = 10
WIDE_BAR_SHARE = 4  # columns widen only while the bar keeps a quarter of the row
WIDEST = {"model": 60, "provider": 30, "endpoint": 36}  # in the order they widen
USUAL_HEIGHT = 10  # rows (border included) when the window allows: most generations fit
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

    def widened(self, width: int, wanted: dict[str, int]) -> Columns:
        """These columns with the model, then the provider, then the endpoint widened towards
        the `wanted` cells (their longest values) out of the bar's room beyond a quarter of
        `width`; a column left out stays out."""
        spare = self.bar - max(MIN_BAR, width // WIDE_BAR_SHARE)
        grown: dict[str, int] = {}
        for name, widest in WIDEST.items():
            have = getattr(self, name)
            extra = max(0, min(spare, min(wanted.get(name, 0), widest) - have)) if have else 0
            if extra:
                grown[name], spare = have + extra, spare - extra
        return replace(self, bar=self.bar - sum(grown[n] - getattr(self, n) for n in grown),
                       **grown)


def wanted_widths(attempts: list[ProviderAttempt]) -> dict[str, int]:
    """The cells each widening column would need to show every attempt's value in full."""

    def longest(values: list[str | None]) -> int:
        return max((len(one_line(value)) for value in values if value), default=0)

    return {"provider": longest([a.provider_name for a in attempts]),
            "model": longest([a.model_permaslug for a in attempts]),
            "endpoint": longest([a.endpoint_id for a in attempts])}


def pane_height(lines: int, first_row: int, available: int) -> int:
    """The pane's rows (border included) out of the `available` rows of the results: every one
    of its `lines` up to about half of them, never under the usual height the window allows
    (so generations with few attempts all get the same pane and the content never moves), and
    never so few that no attempt row shows (`first_row`: the rows down to the first)."""
    usual = min(USUAL_HEIGHT, available * 7 // 20)
    most = max(usual, available * 11 // 20, min(lines, first_row))
    return max(usual, min(lines, most))


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

    One Line-API view: the summary and the column titles stay on top and the attempt rows
    scroll under them. Its height changes only with the window, or for a generation with more
    attempts than the usual height shows (a pane that grew and shrank with each generation
    made every lookup re-lay out the screen, and the content jump about). With focus, a
    cursor picks an attempt: enter or a click posts `AttemptPicked`.
    """

    COMPONENT_CLASSES = {"attempts-waterfall--cursor"}
    DEFAULT_CSS = """
    AttemptsWaterfall {
        height: 10;  /* the usual height (USUAL_HEIGHT) until the window is measured */
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        /* Only the thumb shows, when there are more rows than room: most generations have
           one to three attempts, and an empty track beside them would be noise. */
        scrollbar-background: $background;
        scrollbar-background-hover: $background;
        scrollbar-background-active: $background;
        & > .attempts-waterfall--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    BINDINGS = [
        Binding("enter", "pick", "Attempt detail", id="attempt-detail",
                tooltip="Show the attempt under the cursor in full"),
        Binding("up", "cursor(-1)", "Previous attempt", show=False, id="attempt-up",
                tooltip="The previous attempt"),
        Binding("down", "cursor(1)", "Next attempt", show=False, id="attempt-down",
                tooltip="The next attempt"),
        Binding("home", "edge(0)", "First attempt", show=False, id="attempt-first",
                tooltip="The first attempt"),
        Binding("end", "edge(1)", "Last attempt", show=False, id="attempt-last",
                tooltip="The last attempt"),
    ]

    class AttemptPicked(Message):
        """The user asked to see one attempt in full: `detail` is its (label, text) rows."""

        def __init__(self, index: int, detail: list[tuple[str, str]]) -> None:
            super().__init__()
            self.index = index
            self.detail = detail

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.attempts: list[ProviderAttempt] = []
        self.cursor = 0
        """The attempt under the cursor (shown while the pane has focus)."""
        self._error: ContentError | None = None
        self._missing = "No attempt details (provider_responses is null)"
        self._top: list[Content] = []  # summary and column titles: they do not scroll
        self._rows: list[Content] = []
        self._width = 0  # the width the lines were laid out for
        self._strips = StripCache()

    def show(self, attempts: list[ProviderAttempt] | None,
             error: ContentError | None = None) -> None:
        """Render `attempts` (None: the API sent `provider_responses: null`); `error` is the
        content answer's error, whose text the attempt detail shows."""
        self.attempts = list(attempts or [])
        self._error = error
        self.cursor = 0
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
        columns = Columns.fit(width, tier_width(self.attempts)).widened(
            width, wanted_widths(self.attempts))
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
        self.fit_height()
        self.refresh()

    def fit_height(self) -> None:
        """Take the height `pane_height` gives out of the results' (call when they resize)."""
        parent = self.parent
        available = parent.content_size.height if isinstance(parent, Widget) else 0
        if available <= 0 or not self._width:
            return  # not laid out yet: a resize comes
        gutter, top = self.styles.gutter.height, len(self._top)
        height = pane_height(gutter + top + len(self._rows), gutter + top + 1, available)
        self.styles.height = height  # a no-op when unchanged: no re-layout

    def on_resize(self) -> None:
        self._lay_out()

    # The cursor -------------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor + int(step))

    def action_edge(self, end: int) -> None:
        self._move_to(len(self._rows) - 1 if int(end) else 0)

    def action_pick(self) -> None:
        """Post `AttemptPicked` for the attempt under the cursor."""
        if self.attempts:
            index = min(self.cursor, len(self.attempts) - 1)
            self.post_message(self.AttemptPicked(
                index, attempt_detail(self.attempts, index, self._error)))

    def _move_to(self, row: int) -> None:
        if not self._rows:
            return
        self.cursor = max(0, min(row, len(self._rows) - 1))
        # Rows scroll under the top lines: keep the cursor's row in the part that shows them.
        shown = max(1, self.scrollable_content_region.height - len(self._top))
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= self.scroll_y + shown:
            self.scroll_to(y=self.cursor - shown + 1, animate=False, immediate=True)
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < len(self._top):
            return
        row = offset.y - len(self._top) + int(self.scroll_y)
        if row < len(self._rows):
            self._move_to(row)
            self.action_pick()

    def on_focus(self) -> None:
        self.refresh()  # the cursor shows only with focus

    def on_blur(self) -> None:
        self.refresh()

    # Drawing ----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        top = len(self._top)
        # The top lines stay; the rows scroll beneath them.
        row = y if y < top else y + int(self.scroll_y)
        cursor = top + self.cursor if self.has_focus and self._rows else None
        return self._strips.get((self._width, self.visual_style, self.app.theme, cursor), row,
                                self._draw)

    def _draw(self, row: int) -> Strip:
        base, top = self.visual_style, len(self._top)
        if row < top:
            return content_strip(self, self._top[row], base)
        if row - top < len(self._rows):
            line = self._rows[row - top]
            if self.has_focus and row - top == self.cursor:
                line = line.pad_right(max(0, self._width - line.cell_length)).stylize(
                    ".attempts-waterfall--cursor")
            return content_strip(self, line, base)
        return Strip.blank(self._width, base.rich_style)
