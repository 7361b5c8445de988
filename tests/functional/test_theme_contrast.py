"""Every built-in theme is readable: the main screen (a loaded generation), the history, the
batch and the provider statistics, each drawn in every theme the app offers, cell by cell.

Body text (content, values, labels) must reach a WCAG contrast of 4:1 over what it is drawn
on; tab labels, headings, footer keys, status colours (ok, failed, warnings, HTTP codes), the
cursor row and mouse-selected text 3:1. Each test lists every (theme, view, element, ratio)
that falls short, so one run shows the whole picture.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pytest
from textual.app import App
from textual.geometry import Offset, Region
from textual.selection import Selection
from textual.widget import Widget

from explorer.api.client import NO_RETRY
from explorer.demo.data import RATE_LIMITED_ID, UNKNOWN_ID_EXAMPLE
from explorer.store import HistoryStore
from explorer.ui.lines.key_bar import KeyBar
from explorer.ui.lines.tab_strip import TabStrip
from tests.support.app import FALLBACK_ID, TOOLS_ID, demo_client
from tests.support.contrast import ScreenColours
from tests.support.pilot import settle, wait_until
from tests.support.sizes import APP_SIZE
from tests.support.stores import seeded_store


@pytest.fixture
def store(tmp_path) -> Iterator[HistoryStore]:
    """A history store holding the demo data set."""
    store = seeded_store(tmp_path / "history.db")
    yield store
    store.close()


BODY = 4.0  # text to read: content, values, labels, table rows
MARK = 3.0  # tab labels, headings, footer keys, status colours, the cursor row, selection


@dataclass(frozen=True)
class Shown:
    """An element found by the text it shows: `text` within `where` (a CSS selector: that
    widget's region; `Row(...)`: the rows showing that text; None: the whole screen)."""

    element: str
    text: str
    minimum: float
    where: str | Row | None = None


@dataclass(frozen=True)
class Row:
    """The screen rows that show `text`."""

    text: str


def region_of(app: App, colours: ScreenColours, where: str | Row | None) -> Region | None:
    """Where to look for an element (None: everywhere); a `Row` shown on no row or on several
    is an empty region, so the element is reported as not shown."""
    if where is None:
        return None
    if isinstance(where, Row):
        width = len(colours.rows[0])
        rows = [y for y in range(len(colours.rows)) if where.text in colours.text_of_row(y)]
        return Region(0, rows[0], width, 1) if len(rows) == 1 else Region(0, 0, 0, 0)
    return app.screen.query_one(where).region


def shortfalls(app: App, view: str, shown: Sequence[Shown]) -> list[str]:
    """Every element of `shown` below its minimum (or not on screen), and the footer's keys
    below `MARK`, as `theme · view · element: ratio`."""
    colours = ScreenColours(app)
    found: list[str] = []
    for item in shown:
        ratio = colours.contrast(item.text, region_of(app, colours, item.where))
        if ratio is None:
            found.append(f"{app.theme} · {view} · {item.element}: {item.text!r} not shown")
        elif ratio < item.minimum:
            found.append(f"{app.theme} · {view} · {item.element}: {ratio:.2f}:1 "
                         f"(needs {item.minimum:g}:1)")
    keys = [cell for cell in colours.cells(app.screen.query_one(KeyBar).region)
            if cell.bold and not cell.dim and not cell.char.isspace()]
    if not keys:
        found.append(f"{app.theme} · {view} · footer keys: none shown")
    elif (worst := min(cell.contrast for cell in keys)) < MARK:
        found.append(f"{app.theme} · {view} · footer keys: {worst:.2f}:1 (needs {MARK:g}:1)")
    return found


async def in_every_theme(pilot, view: str, shown: Sequence[Shown]) -> list[str]:
    """`shortfalls` of `view` drawn in each of the app's themes."""
    app = pilot.app
    found: list[str] = []
    for theme in sorted(app.available_themes):
        app.theme = theme
        await pilot.pause()
        found += shortfalls(app, view, shown)
    return found


def select(app: App, widget: Widget, text: str) -> None:
    """Select `text` where `widget` shows it, as a drag of the mouse over it would."""
    colours = ScreenColours(app)
    region = widget.content_region
    for y in range(region.y, region.bottom):
        x = colours.text_of_row(y).find(text, region.x, region.right)
        if x != -1:
            start = Offset(x - region.x, y - region.y + int(widget.scroll_y))
            selection = Selection(start, start + Offset(len(text), 0))
            app.screen.selections = {**app.screen.selections, widget: selection}
            return
    raise AssertionError(f"{text!r} is not shown by {widget}")


def report(found: list[str]) -> str:
    return f"{len(found)} below the minimum:\n" + "\n".join(found)


MAIN = [
    Shown("entry text", FALLBACK_ID, BODY, "#id-entry"),
    Shown("entry title", "ModelGates Explorer", MARK),
    Shown("message text", "You are a senior backend engineer", BODY, "#content"),
    Shown("message heading", "#1 system", MARK, "#content"),
    Shown("metadata value", "anthropic/claude-sonnet-4.5", BODY, "#metadata"),
    Shown("metadata label", "latency (TTFT)", BODY, "#metadata"),
    Shown("section heading", "Timing", MARK, "#metadata"),
    Shown("attempts title", "Provider attempts", MARK),
    Shown("attempts column titles", "provider", BODY, "#attempts"),
    Shown("failed count", "2 failed", MARK, "#attempts"),
    Shown("time lost (warning)", "2.25 s lost to failed attempts", MARK, "#attempts"),
    Shown("code 429", "429", MARK, "#attempts"),
    Shown("code 502", "502", MARK, "#attempts"),
    Shown("code 200", "200", MARK, "#attempts"),
    Shown("other tab", "Completion", MARK, "TabStrip"),
    Shown("other tab", "Raw JSON", MARK, "TabStrip"),
]
SELECTED = [
    Shown("selected message text", "which knob to turn", MARK, "#content"),
    Shown("selected metadata", "europe", MARK, "#metadata"),
]


async def test_the_main_screen_is_readable_in_every_theme(make_app):
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(TabStrip)
        select(app, app.screen.query_one("#messages-text"), "which knob to turn")
        select(app, app.screen.query_one("#metadata"), "europe")
        found: list[str] = []
        for theme in sorted(app.available_themes):
            app.theme = theme
            app.screen.query_one("#messages-text").focus()
            await wait_until(pilot, lambda: tabs.focused)
            await pilot.pause()
            found += shortfalls(app, "main, content focused", [
                *MAIN, *SELECTED, Shown("open tab (focused)", "Messages", MARK, "TabStrip")])
            app.screen.query_one("#id-entry").focus()
            await wait_until(pilot, lambda: not tabs.focused)
            await pilot.pause()
            found += shortfalls(app, "main, entry focused", [
                Shown("entry text", FALLBACK_ID, BODY, "#id-entry"),
                Shown("open tab", "Messages", MARK, "TabStrip")])
        assert not found, report(found)


async def test_the_history_is_readable_in_every_theme(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        app.action_history()
        await settle(pilot)
        found = await in_every_theme(pilot, "history", [
            Shown("title", "History · 21 generations", MARK),
            Shown("filter placeholder", "Filter: ID, model, provider", MARK),
            Shown("column titles", "Created", MARK),
            Shown("cursor row", "anthropic/claude-haik", MARK, Row("anthropic/claude-haik")),
            Shown("row", "Quasar Comp", BODY),
            Shown("failed row's status", "error", MARK, Row("qwen/qwen3-coder")),
            Shown("failed attempts", "(19✗)", MARK),
            Shown("details", "session cafe-namer", BODY),
        ])
        assert not found, report(found)


async def test_the_batch_view_is_readable_in_every_theme(make_app, clock, tmp_path):
    ids = [FALLBACK_ID, TOOLS_ID, RATE_LIMITED_ID, UNKNOWN_ID_EXAMPLE]
    store = HistoryStore.open(tmp_path / "history.db")
    app = make_app(demo_client(clock, retry=NO_RETRY), ids=ids, store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: "Batch done" in ScreenColours(app).text_of_row(0))
        await settle(pilot)
        found = await in_every_theme(pilot, "batch", [
            Shown("title", "Batch done", MARK),
            Shown("counts", "4 / 4 done", BODY),
            Shown("progress", "100%", BODY),
            Shown("column titles", "Generation ID", MARK),
            Shown("✓ ok", "✓ ok", MARK, Row(TOOLS_ID)),
            Shown("✓ ok on the cursor row", "✓ ok", MARK, Row(FALLBACK_ID)),
            Shown("✗ failed", "✗ failed", MARK),
            Shown("details", "openai/gpt-4o", BODY, Row(TOOLS_ID)),
            Shown("hint", "enter opens a result", BODY),
        ])
    store.close()
    assert not found, report(found)


async def test_the_provider_statistics_are_readable_in_every_theme(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        app.action_provider_stats()
        await settle(pilot)
        found = await in_every_theme(pilot, "provider statistics", [
            Shown("title", "Provider statistics", MARK),
            Shown("column titles", "Success rate", MARK),
            Shown("provider", "Together", BODY),
            Shown("low success rate (warning)", "33%", MARK),
            Shown("failures by status (error)", "502×2", MARK),
            Shown("legend", "Attempts of every generation", BODY),
        ])
        assert not found, report(found)


async def test_the_live_view_is_readable_in_every_theme(make_app, store, clock):
    from tests.functional.live.test_live_view import captured

    captured(store, clock)
    app = make_app(store=store)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        app.action_live_view()
        await settle(pilot)
        found = await in_every_theme(pilot, "live", [
            Shown("title", "Live · captured generations", MARK),
            Shown("sources", "Captures by", BODY),
            Shown("totals", "4 captured", BODY),
            Shown("column titles", "Generation ID", MARK),
            Shown("pending (cursor row)", "pending", MARK, Row("livePending")),
            Shown("failed state", "failed: 401", MARK),
            Shown("loaded state", "loaded", MARK, Row("GDinouxZjugn")),
            Shown("time", "12:00:00", BODY),
            Shown("row", "deepseek/deep", BODY),
        ])
        assert not found, report(found)
