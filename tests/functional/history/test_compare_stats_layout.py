"""Compare and provider statistics at every size: columns grow with the window (models and
providers whole at 200 columns), and at 80×24 both stay usable: compare stacks its metadata and
attempts (each the full width) above the diffs, and no statistics row wraps."""

from __future__ import annotations

from explorer.analysis.provider_stats import provider_stats
from explorer.demo.data import load_demo_records
from explorer.presentation import formatting as fmt
from explorer.ui.screens.compare import CompareScreen
from explorer.ui.screens.provider_stats import ProviderStatsScreen, status_text
from tests.functional.history.conftest import listed, open_history
from tests.support.pilot import settle
from tests.support.screen import screen_lines, screen_text

RECORDS = {r.id: r for r in load_demo_records()}


async def compare_first_two(pilot) -> tuple[CompareScreen, str, str]:
    """Mark the two newest generations and compare them: the screen, A's and B's IDs."""
    await open_history(pilot)
    a_id, b_id = listed(pilot.app)[:2]
    await pilot.press("space", "down", "space", "d")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CompareScreen)
    return pilot.app.screen, a_id, b_id


def line_with(app, text: str) -> str:
    return next(line for line in screen_lines(app) if text in line)


def stats_header(app) -> str:
    return next(line for line in screen_lines(app) if line.startswith(" Provider  "))


async def test_compare_gives_the_models_the_width_there_is(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=(200, 50)) as pilot:
        _, a_id, b_id = await compare_first_two(pilot)
        a_model, b_model = (RECORDS[i].generation["model"] for i in (a_id, b_id))
        assert len(a_model) > 17  # the old fixed value column
        row = line_with(app, " model ")
        assert a_model in row and b_model in row
        assert not app.screen.has_class("-stacked")  # side by side at 200 columns
        assert "Provider attempts" in line_with(app, "Metadata")


async def test_compare_at_80x24_stacks_and_shows_the_diffs(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, a_id, b_id = await compare_first_two(pilot)
        assert screen.has_class("-stacked")
        text = screen_text(app)
        assert a_id in text and b_id in text  # the title keeps both IDs
        assert "Completion diff A → B" in text  # the diffs have room on screen
        attempts = screen.query_one("#compare-attempts")
        assert attempts.size.width >= 70  # the full width (less a scrollbar), not 13 columns
        provider = RECORDS[a_id].generation["provider_name"]
        first_attempt = str(attempts.query(".compare-row").first().render())
        assert provider in first_attempt
        assert all(len(line) <= 80 for line in screen_lines(app))


async def test_compare_re_lays_out_when_the_window_grows(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, a_id, _ = await compare_first_two(pilot)
        model = RECORDS[a_id].generation["model"]
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert not screen.has_class("-stacked")
        assert model in line_with(app, " model ")


def provider_lines(app, stats) -> dict[str, str]:
    """The screen line of each provider on screen, by name."""
    names = {fmt.text(s.provider) for s in stats}
    lines = {}
    for line in screen_lines(app):
        for name in names:
            if line.startswith(f" {name}  "):
                lines[name] = line
    return lines


async def test_stats_rows_fit_80_columns_without_wrapping(make_app, store):
    expected = provider_stats(store.attempt_rows())
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "s")
        await settle(pilot)
        assert isinstance(app.screen, ProviderStatsScreen)
        header = stats_header(app)
        assert "Attempts" in header and "Success" in header and "Failures" in header
        shown = provider_lines(app, expected)
        assert len(shown) >= 10
        for stats in expected:
            if (line := shown.get(fmt.text(stats.provider))) is not None:
                # Each row whole on one line: its last column (statuses) beside its name.
                assert (status_text(stats.failures_by_status) or fmt.DASH) in line, line
                assert f"{stats.attempts:,}" in line
        assert all(len(line) <= 80 for line in screen_lines(app))


async def test_stats_show_every_column_when_wide(make_app, store):
    expected = provider_stats(store.attempt_rows())
    app = make_app(store=store)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("escape", "s")
        await settle(pilot)
        header = stats_header(app)
        for title in ("p50", "p95", "Time lost", "Failures by status"):
            assert title in header
        assert "most failures first" in screen_text(app)
        assert len(provider_lines(app, expected)) == len(expected)


async def test_compare_follows_a_resize_made_under_the_help(make_app, store):
    app = make_app(store=store)
    async with app.run_test(size=(200, 50)) as pilot:
        screen, _, _ = await compare_first_two(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is not screen
        await pilot.resize_terminal(80, 24)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.has_class("-stacked")
