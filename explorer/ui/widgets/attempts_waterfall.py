"""`AttemptsWaterfall`: the providers tried for a generation, in order, as a latency waterfall."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from explorer.analysis import formatting as fmt
from explorer.analysis.metrics import AttemptSummary, status_class, summarize_attempts
from explorer.text import one_line

if TYPE_CHECKING:
    from explorer.api.models import ProviderAttempt

STATUS_STYLES = {
    "ok": "$success",
    "rate-limited": "$warning",
    "server-error": "$error",
    "client-error": "$error",
    "unknown": "$text-muted",
}
MUTED = "$text-muted"
WINNER_MARK = "★"
MIN_BAR = 10


@dataclass(frozen=True)
class Columns:
    """Cell widths of one attempt row; 0 leaves a column out (narrow terminals)."""

    provider: int
    model: int
    byok: int
    endpoint: int
    bar: int

    STATUS = 4
    LATENCY = 8

    @classmethod
    def fit(cls, width: int) -> Columns:
        """The widest layout that fits `width` cells. The bar keeps at least MIN_BAR cells;
        the endpoint goes first, then the model, then BYOK, then the provider narrows."""
        fixed = 2 + cls.STATUS + 1 + cls.LATENCY + 1
        for provider, model, byok, endpoint in (
            (14, 26, 4, 9), (14, 26, 4, 0), (14, 18, 4, 0), (14, 0, 4, 0), (11, 0, 4, 0),
            (11, 0, 0, 0), (8, 0, 0, 0),
        ):
            used = fixed + sum(n + 1 for n in (provider, model, byok, endpoint) if n)
            if width - used >= MIN_BAR:
                return cls(provider, model, byok, endpoint, width - used)
        return cls(8, 0, 0, 0, max(1, width - used))


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
    """One line: mark, provider, model, status, latency, BYOK, endpoint, bar."""
    style = STATUS_STYLES[status_class(attempt.status_code)]
    code = fmt.text(attempt.status_code)
    parts = [
        (WINNER_MARK + " ", "$success bold") if winner else "  ",
        _cell(attempt.provider_name or fmt.DASH, columns.provider, "bold" if winner else ""), " ",
    ]
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
    parts.append(bar(*span, total, columns.bar, style))
    return Content.assemble(*parts)


def header_row(total: float, columns: Columns) -> Content:
    """Column titles, and the time axis over the bars."""
    parts = ["  ", "provider".ljust(columns.provider), " "]
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
        parts += [" · ", (f"{summary.failures} failed", "$error bold"),
                  " · ", (f"{fmt.millis(summary.time_lost_ms)} lost to failed attempts", "$warning")]
    else:
        parts += [" · ", ("no failures", "$success")]
    if winner_name is not None:
        parts += [" · answered by ", (one_line(winner_name, limit=40), "bold")]
    elif summary.attempts:
        parts += [" · ", ("no attempt succeeded", "$error")]
    return Content.assemble(*parts)


class AttemptRows(Widget):
    """The attempt lines; laid out again whenever the width changes."""

    DEFAULT_CSS = "AttemptRows { height: auto; }"

    def __init__(self) -> None:
        super().__init__()
        self.attempts: list[ProviderAttempt] = []

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.attempts)

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        columns = Columns.fit(width)
        spans = timeline(self.attempts)
        total = sum(latency for _, latency in spans)
        winner = summarize_attempts(self.attempts).winner_index
        rows = [
            attempt_row(attempt, span, total, index == winner, columns)
            for index, (attempt, span) in enumerate(zip(self.attempts, spans))
        ]
        return Content("\n").join(rows)


class AttemptsHeader(Widget):
    """The column titles row; its time axis depends on the width, like the rows."""

    DEFAULT_CSS = "AttemptsHeader { height: 1; }"

    def __init__(self) -> None:
        super().__init__()
        self.total = 0.0

    def render(self) -> Content:
        return header_row(self.total, Columns.fit(self.content_region.width or self.size.width))


class AttemptsWaterfall(Widget):
    """Every provider attempt in order: status coloured by class, the winner marked, and a bar
    per attempt offset by the attempts before it, with a summary of what the fallbacks cost."""

    DEFAULT_CSS = """
    AttemptsWaterfall {
        height: auto;
        #attempts-scroll { height: auto; max-height: 10; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="attempts-summary")
        yield AttemptsHeader()
        with VerticalScroll(id="attempts-scroll"):
            yield AttemptRows()

    def show(self, attempts: list[ProviderAttempt] | None) -> None:
        """Render `attempts` (None: the API sent `provider_responses: null`)."""
        rows = self.query_one(AttemptRows)
        header = self.query_one(AttemptsHeader)
        summary = self.query_one("#attempts-summary", Static)
        rows.attempts = list(attempts or [])
        header.total = sum(latency for _, latency in timeline(rows.attempts))
        header.display = bool(rows.attempts)
        if attempts is None:
            summary.update(Content.styled("No attempt details (provider_responses is null)", MUTED))
        elif not attempts:
            summary.update(Content.styled("No attempts recorded (provider_responses is empty)", MUTED))
        else:
            result = summarize_attempts(rows.attempts)
            winner = None if result.winner_index is None else rows.attempts[result.winner_index]
            summary.update(summary_line(result, winner.provider_name or fmt.DASH if winner else None))
        rows.refresh(layout=True)
        header.refresh()
        self.query_one("#attempts-scroll").scroll_home(animate=False)
