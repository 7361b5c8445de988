"""One test per entry of `explorer.ui.compat`, the only module that touches Textual's private
API: each fails when a Textual upgrade changes what its entry relies on (the private name, or
the effect the entry is there for)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Static

from explorer.ui import compat
from tests.support.sizes import HOST_SIZE


class Host(App[None]):
    """An app with one line of text on its default screen."""

    def compose(self) -> ComposeResult:
        yield Static("beneath", id="beneath")


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


# -- QuietFocusScreen ----------------------------------------------------------------------


async def test_quiet_focus_screen_is_not_repainted_when_focus_moves():
    textual_focused = Screen.__dict__["focused"]
    assert isinstance(textual_focused, Reactive) and textual_focused._repaint  # what we replace
    assert compat.QuietFocusScreen.__dict__["focused"]._repaint is False

    refreshes = {}
    for screen_class in (Screen, compat.QuietFocusScreen):

        class Buttons(screen_class):
            def compose(self) -> ComposeResult:
                yield Button("a", id="a")
                yield Button("b", id="b")

        app = Host()
        async with app.run_test(size=HOST_SIZE) as pilot:
            screen = Buttons()
            await app.push_screen(screen)
            await pilot.pause()
            calls = []
            refresh = screen.refresh

            def counted(*args, calls=calls, refresh=refresh, **kwargs):
                calls.append(kwargs)
                return refresh(*args, **kwargs)

            screen.refresh = counted
            screen.set_focus(screen.query_one("#b"))
            assert screen.focused is screen.query_one("#b")  # Textual still sets `focused`
            refreshes[screen_class] = calls
    assert refreshes[Screen]  # a plain screen repaints itself: the entry still saves that
    assert refreshes[compat.QuietFocusScreen] == []


# -- set_extent ----------------------------------------------------------------------------


class Lines(ScrollView):
    DEFAULT_CSS = "Lines { height: 6; overflow-y: scroll; }"

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width)


async def test_set_extent_updates_the_scrollbar_without_a_screen_layout(monkeypatch):
    assert parameters(Widget._scroll_update) == ["self", "virtual_size"]

    class LinesApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Lines()

    app = LinesApp()
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(Lines)
        layouts = []
        refresh_layout = Screen._refresh_layout

        def counted(screen, *args, **kwargs):
            layouts.append(screen)
            return refresh_layout(screen, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)

        compat.set_extent(view, Size(20, 50))
        await pilot.pause()
        assert view.virtual_size == Size(20, 50)
        assert view.vertical_scrollbar.window_virtual_size == 50  # the thumb knows the extent
        assert layouts == []

        view.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        compat.set_extent(view, Size(20, 8))  # shorter: the scroll position is clamped
        await pilot.pause()
        assert view.vertical_scrollbar.window_virtual_size == 8
        assert view.scroll_y == view.max_scroll_y == 8 - view.scrollable_content_region.height
        assert layouts == []

        view.virtual_size = Size(20, 80)  # the public way lays the screen out (the spy works)
        await pilot.pause()
        assert layouts


# -- render_unstyled_lines -----------------------------------------------------------------


class Colours(Widget):
    DEFAULT_CSS = "Colours { height: 5; background: $surface; }"

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        left = Segment(f"row {y}".ljust(width // 2), Style(color="red", bgcolor="blue"))
        right = Segment("x" * (width - width // 2), Style(bold=True))
        return Strip([left, right], width)


async def test_render_unstyled_lines_draws_what_textual_draws():
    class ColoursApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Colours()
            yield Colours(classes="boxed")

        CSS = "Colours.boxed { border: solid red; }"

    app = ColoursApp()
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.pause()
        plain, boxed = app.query(Colours)
        width = plain.size.width
        for crop in (Region(0, 0, width, 5), Region(0, 1, width, 3), Region(3, 2, 10, 2)):
            ours = compat.render_unstyled_lines(plain, crop, plain.render_line)
            textual = Widget.render_lines(plain, crop)
            assert [list(strip) for strip in ours] == [list(strip) for strip in textual], crop
        # A border is drawn by Textual's pass only: the entry says so.
        whole = Region(0, 0, width, 5)
        assert compat.render_unstyled_lines(boxed, whole, boxed.render_line) is None


# -- resume_screen_updates -----------------------------------------------------------------


async def test_resume_screen_updates_starts_the_frame_timer():
    assert isinstance(inspect.getattr_static(Screen, "_update_timer"), property)
    app = Host()
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.pause()
        timer = app.screen._update_timer
        assert isinstance(timer, Timer) and timer.name == "screen_update"
        timer.pause()
        assert not timer._active.is_set()
        compat.resume_screen_updates(app.screen)
        assert timer._active.is_set()


# -- skip_restyle_on_resume ----------------------------------------------------------------


async def test_skip_restyle_on_resume_keeps_the_styles_of_a_new_screen():
    assert events.ScreenResume().refresh_styles is True
    restyles = {}
    for skip in (False, True):

        class Counting(Screen):
            restyled = 0

            def on_screen_resume(self, event: events.ScreenResume) -> None:
                if skip:
                    compat.skip_restyle_on_resume(event)

            def update_node_styles(self, animate: bool = True) -> None:
                type(self).restyled += 1
                super().update_node_styles(animate)

        app = Host()
        async with app.run_test(size=HOST_SIZE) as pilot:
            await app.push_screen(Counting())
            await pilot.pause()
            restyles[skip] = Counting.restyled
    assert restyles == {False: 1, True: 0}


# -- swallow_echoed_resize -----------------------------------------------------------------


async def test_swallow_echoed_resize_saves_a_layout_and_keeps_real_resizes():
    layouts = {}
    for swallow in (False, True):

        class Echoed(ModalScreen[None]):
            def __init__(self) -> None:
                super().__init__()
                self.resizes: list[tuple[Size, Size]] = []
                self.layouts = 0

            def compose(self) -> ComposeResult:
                yield Static("over")

            def on_resize(self, event: events.Resize) -> None:
                self.resizes.append((event.size, self.outer_size))
                if swallow:
                    compat.swallow_echoed_resize(self, event)

            def _refresh_layout(self, *args, **kwargs) -> None:
                self.layouts += 1
                super()._refresh_layout(*args, **kwargs)

        app = Host()
        async with app.run_test(size=HOST_SIZE) as pilot:
            screen = Echoed()
            await app.push_screen(screen)
            await pilot.pause()
            # Textual still sends a pushed screen a Resize of the size it was laid out at.
            assert screen.resizes == [(Size(*HOST_SIZE), Size(*HOST_SIZE))]
            layouts[swallow] = screen.layouts
            await pilot.resize_terminal(50, 12)
            await pilot.pause()
            assert screen.size == Size(50, 12)  # a real resize still lays the screen out
    assert layouts[True] < layouts[False]


# -- screen_strips -------------------------------------------------------------------------


async def test_screen_strips_are_the_screen_with_what_shows_through():
    class Dialog(ModalScreen[None]):
        DEFAULT_CSS = "Dialog { align: center middle; } Dialog Static { width: 10; height: 1; }"

        def compose(self) -> ComposeResult:
            yield Static("dialog")

    app = Host()
    async with app.run_test(size=HOST_SIZE) as pilot:
        await app.push_screen(Dialog())
        await pilot.pause()
        assert app._background_screens == [app.screen_stack[0]]  # what the entry draws beneath
        strips = compat.screen_strips(app)
        assert len(strips) == HOST_SIZE[1]
        assert all(strip.cell_length == HOST_SIZE[0] for strip in strips)
        text = "\n".join(strip.text for strip in strips)
        assert "dialog" in text and "beneath" in text  # the screen beneath shows through


# -- the rule the entries are for ----------------------------------------------------------

PRIVATE_USES = re.compile(
    r"_scroll_update|_check_disabled|_update_timer|_notifications|set_reactive|_compositor"
    r"|_background_screens|refresh_styles|_get_style|_styles_cache|_refresh_layout"
    r"|def _on_[a-z]"  # a private Textual handler redefined (Textual's are `_on_<event>`)
)
ROOT = Path(__file__).resolve().parents[3]
ALLOWED = {ROOT / "explorer/ui/compat.py", Path(__file__).resolve()}


def test_private_textual_names_appear_only_in_compat():
    paths = [path for folder in ("explorer", "tests", "benchmarks")
             for path in sorted((ROOT / folder).rglob("*.py")) if path not in ALLOWED]
    assert ROOT / "explorer/ui/lines/row_list.py" in paths  # the scan sees the package
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}" for path in paths
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if PRIVATE_USES.search(line)]
    assert found == []
