"""The main screen uses the room there is: the metadata panel's width, the attempts pane's
height and columns, the content at narrow widths, the demo list at 80×24."""

from __future__ import annotations

from explorer.services import demo_examples
from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall, Columns, pane_height
from explorer.ui.widgets.metadata_panel import MetadataPanel, layout_lines, panel_width
from tests.support.app import FALLBACK_ID, STORM_ID
from tests.support.pilot import settle
from tests.support.screen import screen_lines, screen_text

STORM_MODEL = "deepseek/deepseek-chat-v3.1"  # 27 characters: the old model column kept 26


async def panel_width_at(make_app, size: tuple[int, int]) -> int:
    """The metadata panel's width with the storm loaded at `size`."""
    app = make_app(ids=[STORM_ID])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        return app.query_one(MetadataPanel).outer_size.width


async def test_metadata_panel_grows_with_the_window(make_app):
    # Before: 36 columns at 80 and 48 at 220 (IDs wrapped); after: 36 and 64.
    assert await panel_width_at(make_app, (80, 24)) == 36
    assert await panel_width_at(make_app, (220, 60)) == 64


async def test_full_ids_fit_on_one_line_from_160_columns(make_app):
    app = make_app(ids=[STORM_ID])
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        generation = app.main_screen.lookup.generation
        lines = app.query_one(MetadataPanel).text.splitlines()
        for value in (generation.id, generation.upstream_id, generation.request_id,
                      generation.workspace_id, generation.origin):
            assert value and any(value in line for line in lines), value


async def test_content_keeps_40_columns_at_60x20(make_app):
    # Before: the panel kept 36 of 60 columns and the content got 24.
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert app.main_screen.viewer.outer_size.width >= 40
        panel = app.query_one(MetadataPanel)
        assert panel.outer_size.width >= 16
        # The narrow panel puts each label above its value instead of squeezing the value.
        lines = panel.text.splitlines()
        assert "model" in lines and "provider" in lines


async def test_storm_attempts_all_show_at_200x50(make_app):
    # Before: the pane stayed 10 rows and 14 of the 20 attempts were scrolled off.
    app = make_app(ids=[STORM_ID])
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        waterfall = app.query_one(AttemptsWaterfall)
        assert len(waterfall.attempts) == 20
        assert waterfall.max_scroll_y == 0
        attempt_lines = [line for line in screen_lines(app) if STORM_MODEL in line
                         and ("ms" in line or " s " in line)]
        assert len(attempt_lines) == 20
        assert any("★ DeepSeek" in line for line in attempt_lines)  # the last, the winner


async def test_model_column_is_not_cut_at_220(make_app):
    # Before: `deepseek/deepseek-chat-v3…` in every row, at any width.
    app = make_app(ids=[STORM_ID])
    async with app.run_test(size=(220, 60)) as pilot:
        await settle(pilot)
        rows = app.query_one(AttemptsWaterfall).text.splitlines()[2:]
        assert len(rows) == 20
        assert all(STORM_MODEL + " " in row for row in rows)
        assert STORM_MODEL[:-1] + "…" not in screen_text(app)


async def test_small_generations_keep_the_usual_pane_height(make_app):
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert app.query_one(AttemptsWaterfall).outer_size.height == 10


async def test_demo_list_shows_what_fits_at_80x24(make_app):
    # Before: each example wrapped over three or four lines and one ID showed; after: four.
    examples = demo_examples()
    app = make_app(examples=examples, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        shown = [gid for gid, _title in examples if gid in text]
        assert len(shown) >= 4


def test_panel_width_rules():
    assert panel_width(120) == 48  # the old width where the old layout was already right
    assert panel_width(60) == 20 and 60 - panel_width(60) >= 40
    assert panel_width(400) == 64
    assert [panel_width(w) for w in range(60, 300, 7)] == sorted(
        panel_width(w) for w in range(60, 300, 7))


def test_pane_height_rules():
    assert pane_height(7, 5, 35) == 10  # a few attempts: the usual height
    assert pane_height(24, 5, 49) == 24  # the storm at 200x50: all of it
    assert pane_height(24, 5, 35) == 19  # at 120x36: about half the results
    assert pane_height(30, 7, 10) == 7  # tiny window: one attempt row still shows


def test_columns_widen_only_into_spare_bar_room():
    wanted = {"provider": 20, "model": 40, "endpoint": 36}
    wide = Columns.fit(150).widened(150, wanted)
    assert (wide.provider, wide.model) == (20, 40) and wide.bar >= 150 // 4
    assert Columns.fit(67).widened(67, wanted) == Columns.fit(67)  # no spare room: as before


def test_stacked_metadata_labels_at_narrow_widths():
    from explorer.presentation.metadata_sections import Row

    sections = [("Generation", [Row("model", STORM_MODEL)])]
    title, label, *values = [line.plain.rstrip() for line in layout_lines(sections, "", 15)]
    assert (title, label) == ("Generation", "model")
    assert values and all(line.startswith(" ") and len(line) <= 15 for line in values)
    assert "".join(line.strip() for line in values) == STORM_MODEL
    # With room, labels stay beside their values.
    assert layout_lines(sections, "", 40)[1].plain.split() == ["model", STORM_MODEL]
