"""A text view that is hidden (another tab shown) stops indexing after its first screen, so it
does not compete with the tab on screen, and goes on where it stopped when it is shown again."""

from __future__ import annotations

from textual.app import App, ComposeResult

from explorer.presentation.text_layout import DisplayLines
from explorer.ui.lines.lazy_text import LazyText
from tests.support.pilot import settle
from tests.support.screen import screen_text

LINES = 500_000  # far more than one indexing step covers


class TwoViews(App[None]):
    CSS = "LazyText { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield LazyText(id="left")
        yield LazyText(id="right")

    async def show_rows(self, pilot) -> LazyText:
        """The left view, laid out, showing `LINES` rows (its first screen indexed at once)."""
        await pilot.pause()
        left = self.query_one("#left", LazyText)
        left.set_display(DisplayLines.from_text("\n".join(f"row {i}" for i in range(LINES))))
        return left


async def test_a_hidden_view_pauses_its_index_and_resumes_when_shown():
    app = TwoViews()
    async with app.run_test(size=(60, 20)) as pilot:
        left = await app.show_rows(pilot)
        left.display = False  # hidden before the next step
        await settle(pilot)  # a paused view counts as quiet
        assert left.index_paused and not left.indexing
        rows = left.row_count
        assert 0 < rows < LINES
        await settle(pilot)
        assert left.row_count == rows  # still no further while hidden

        left.display = True
        await settle(pilot)
        assert not left.index_paused and left.row_count == LINES
        left.focus()
        await pilot.press("end")
        await pilot.pause()
        assert f"row {LINES - 1}" in screen_text(app)


async def test_a_view_never_hidden_indexes_to_the_end():
    app = TwoViews()
    async with app.run_test(size=(60, 20)) as pilot:
        left = await app.show_rows(pilot)
        await settle(pilot)
        assert not left.index_paused and left.row_count == LINES


async def test_a_view_told_it_is_hidden_pauses_before_the_next_layout_says_so():
    # A tab switch says it at once: the tab left takes no further step meanwhile.
    app = TwoViews()
    async with app.run_test(size=(60, 20)) as pilot:
        left = await app.show_rows(pilot)
        left.set_shown(False)  # still displayed: no Hide event will come
        await settle(pilot)
        assert left.index_paused and 0 < left.row_count < LINES
        left.set_shown(True)
        await settle(pilot)
        assert not left.index_paused and left.row_count == LINES
