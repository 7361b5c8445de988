"""The lists (`RowList`: history, batch, live) move with j / k as with ↓ / ↑, and with home /
end and the page keys; a burst of page keys moves one page per press."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult

from explorer.ui.lines.row_list import RowList
from explorer.ui.widgets.history_table import HistoryTable
from tests.functional.keys.conftest import app_for, open_screen
from tests.support.pilot import settle

ROWS = 1_000


class NumberedRows(RowList):
    """Rows that say their number."""

    def render_header(self, width: int, style: Style) -> list[Segment]:
        return [Segment("Row".ljust(width), style)]

    def render_row(self, row: int, width: int, style: Style, top: Style | None) -> list[Segment]:
        return [Segment(f"row {row}".ljust(width), top or style)]


class ListApp(App[None]):
    """A focused list of `ROWS` rows, scrolling animated as in the real app."""

    def compose(self) -> ComposeResult:
        yield NumberedRows(id="rows")

    def on_mount(self) -> None:
        rows = self.query_one(NumberedRows)
        rows.set_row_count(ROWS)
        rows.focus()


async def burst(app: App, key: str, count: int) -> None:
    """`count` presses of `key` queued together, as a terminal delivers a held key (Pilot's
    `press` waits between keys, so it cannot send a burst)."""
    for _ in range(count):
        app.post_message(events.Key(key, None))


async def test_a_burst_of_page_keys_moves_one_page_per_press():
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        app.animation_level = "full"
        rows = app.query_one(NumberedRows)
        await pilot.pause()
        page = rows.scrollable_content_region.height - 1  # (the header line is not a row)
        assert page > 10
        await burst(app, "pagedown", 5)
        await settle(pilot)
        assert rows.cursor == 5 * page
        assert rows.scroll_y <= rows.cursor < rows.scroll_y + page  # and it is on screen
        await burst(app, "pageup", 2)
        await settle(pilot)
        assert rows.cursor == 3 * page


async def test_j_k_home_and_end_move_the_cursor():
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(NumberedRows)
        await pilot.press("j", "j", "j", "k")
        assert rows.cursor == 2
        await pilot.press("end")
        assert rows.cursor == ROWS - 1 and rows.scroll_y == rows.max_scroll_y
        await pilot.press("k")
        assert rows.cursor == ROWS - 2
        await pilot.press("home")
        assert rows.cursor == 0 and rows.scroll_y == 0
        await pilot.press("k")
        assert rows.cursor == 0


async def test_j_and_k_move_the_history_list_not_copy(make_app, store, clipboard):
    app = app_for(make_app, store, "History")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot, "History")
        table = screen.query_one(HistoryTable)
        assert app.focused is table and table.cursor == 0
        await pilot.press("j", "j")
        await settle(pilot)
        assert table.cursor == 2
        await pilot.press("k")
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor == len(list(table.entries())) - 1 > 2
        await pilot.press("home", "j")
        await settle(pilot)
        assert table.cursor == 1
        assert clipboard.copied == []  # the main screen's j (copy metadata) is not in the way
