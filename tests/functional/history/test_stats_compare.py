"""Provider statistics (the provider failing us most first, over the history or the pane's
filter) and the compare screen (differences highlighted, ratios, attempts and diffs)."""

from __future__ import annotations

from textual.widgets import Static

from explorer.analysis.provider_stats import provider_stats
from explorer.demo.data import load_demo_records
from explorer.presentation.formatting import ratio_text
from explorer.ui.screens.compare import CompareScreen
from explorer.ui.screens.history import HistoryScreen
from explorer.ui.screens.provider_stats import ProviderStatsScreen
from explorer.ui.widgets.diff_view import DiffView
from tests.functional.history.conftest import listed, open_history
from tests.support.pilot import settle
from tests.support.screen import notifications, screen_text
from tests.support.sizes import APP_SIZE

RECORDS = {r.id: r for r in load_demo_records()}


def stats_rows(app) -> list[str]:
    rows = str(app.screen.query_one("#stats-rows", Static).render())
    return [line for line in rows.splitlines() if line.strip()]


async def test_s_shows_the_provider_failing_most_first(make_app, store):
    expected = provider_stats(store.attempt_rows())
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.press("escape", "s")
        await settle(pilot)
        assert isinstance(app.screen, ProviderStatsScreen)
        rows = stats_rows(app)
        assert len(rows) == len(expected)
        worst = expected[0]
        assert worst.failures == max(s.failures for s in expected) > 0
        assert rows[0].startswith(worst.provider)
        assert f"{worst.failures:>5,}" in rows[0]
        text = screen_text(app)
        assert "21 generations" in text and "most failures first" in text
        assert "█" in rows[0]  # bars
        await pilot.press("escape")
        assert not isinstance(app.screen, ProviderStatsScreen)


async def test_stats_from_the_history_pane_cover_its_filter(make_app, store, no_debounce):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("slash", *"gemini", "escape")
        await settle(pilot)
        assert len(listed(app)) == 2  # the audio-input chat and the image generation
        expected = provider_stats(store.attempt_rows(query="gemini"))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ProviderStatsScreen)
        assert 'matching "gemini"' in screen_text(app)
        assert [row.split("  ")[0].strip() for row in stats_rows(app)] == [s.provider for s in expected]
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)  # back where we were


async def mark_and_compare(pilot, a_index: int, b_index: int) -> CompareScreen:
    ids = listed(pilot.app)
    await pilot.press(*(["down"] * a_index), "space")
    await pilot.press(*(["down"] * (b_index - a_index)), "space")
    assert pilot.app.screen.marked == [ids[a_index], ids[b_index]]
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CompareScreen)
    return pilot.app.screen


async def test_compare_highlights_differences_and_shows_ratios(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_history(pilot)
        screen = await mark_and_compare(pilot, 0, 1)
        a_id, b_id = pilot.app.screen_stack[-2].marked
        a, b = RECORDS[a_id].generation, RECORDS[b_id].generation
        rows = {str(w.render()).split("  ")[0].strip(): w for w in screen.query(".compare-row")}
        assert rows["total"].has_class("-differs")  # the metadata panel's labels
        assert rows["model"].has_class("-differs") == (a["model"] != b["model"])
        ratio = b["total_cost"] / a["total_cost"]
        text = screen_text(app)
        assert "B / A:" in text and f"cost {ratio_text(ratio)}" in text
        assert "latency" in text and "tokens" in text
        assert str(rows["total"].render()).rstrip().endswith("×")
        titles = [str(w.render()) for w in screen.query(".compare-section")]
        assert titles[:3] == ["Generation", "Cost", "Tokens"]
        assert screen.query("#compare-attempts .compare-row")  # attempts side by side
        completion = screen.query_one("#completion-diff", DiffView)
        assert any(line.startswith(("+ ", "- ")) for line in completion.text.splitlines())
        await pilot.press("2")
        messages = screen.query_one("#messages-diff", DiffView)
        assert messages.has_focus and messages.text
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_compare_needs_two_marked(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("space", "d")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert any("Mark two generations" in n.message for n in notifications(app))
        await pilot.press("space")  # unmark
        assert app.screen.marked == []
