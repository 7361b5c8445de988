"""Every use of Textual's private API, in one place.

The explorer uses Textual's public API everywhere else. Each entry below says which private
name (or private behaviour) it relies on and why the public API does not serve;
`tests/functional/compat/test_compat.py` has a test per entry that fails when a Textual
upgrade changes what the entry relies on.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import App
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget


class QuietFocusScreen(Screen):
    """A screen that does not repaint itself when focus moves.

    Private: redefines `Screen.focused` (a reactive with `repaint=True` in Textual). Focus moves
    on every lookup, and a whole-screen repaint costs more than the lookup; the widgets that look
    different with focus repaint themselves.
    """

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)


def set_extent(view: ScrollView, size: Size) -> None:
    """Set `view.virtual_size` to `size`, repainting the view rather than laying out the screen.

    Private: `Widget._scroll_update` (tells the scrollbars the new extent, shows or hides them).
    Assigning `virtual_size` (a reactive with `layout=True`) lays out and redraws the whole
    screen, which costs more than everything a lookup changes; a view whose own size stays put
    only needs its scrollbars told.
    """
    if size == view.virtual_size:
        return
    if not view.size:  # not laid out yet: the first layout sizes everything anyway
        view.virtual_size = size
        return
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)
    view.set_reactive(Widget.scroll_y, view.validate_scroll_y(view.scroll_y))
    if view.show_vertical_scrollbar:
        view.vertical_scrollbar.position = view.scroll_y
    view.refresh()


def render_unstyled_lines(widget: Widget, crop: Region,
                          render_line: Callable[[int], Strip]) -> list[Strip] | None:
    """`widget.render_lines(crop)` as Textual draws it, for a widget that caches its own lines
    styles and all; None when the widget has a style only Textual's pass draws (border,
    padding, outline, hatch, tint, text opacity, opacity): then call `Widget.render_lines`.

    Private behaviour: copies what `Widget.render_lines` (the private `StylesCache.render_widget`)
    does for such a widget: each line from `render_line`, the app's line filters, the columns
    cropped. Textual's pass also keeps a second cache of every line, checked per line per frame:
    for a view that scrolls through thousands of cached rows it is pure overhead.
    """
    styles = widget.styles
    if (styles.gutter or styles.tint.a or styles.text_opacity != 1 or widget.opacity != 1
            or any(edge for edge, _color in styles.outline)
            or (styles.has_rule("hatch") and styles.hatch != "none")):
        return None
    filters = widget.get_line_filters()
    background = widget.background_colors[1]
    strips = []
    for y in crop.line_range:
        strip = render_line(y)
        for line_filter in filters:
            strip = strip.apply_filter(line_filter, background)
        strips.append(strip)
    x1, x2 = crop.column_span
    if (x1, x2) != (0, widget.size.width):
        strips = [strip.crop(x1, x2) for strip in strips]
    return strips


def resume_screen_updates(screen: Screen) -> None:
    """Start `screen`'s frame timer now rather than when it first has something to draw.

    Private: `Screen._update_timer`. A new screen's frame timer first ticks a frame period after
    it starts; started on mount, it ticks at once after the first frame, for the layout Textual
    always does after a screen's first frame, instead of up to 1/60 s later.
    """
    screen._update_timer.resume()


def skip_restyle_on_resume(event: events.ScreenResume) -> None:
    """Have Textual's own `ScreenResume` handler keep the screen's styles as they are.

    Private behaviour: a screen's `on_screen_resume` runs before the private
    `Screen._on_screen_resume`, which restyles the whole screen unless `event.refresh_styles`
    is False. A screen shown for the first time was styled when mounted a moment ago.
    """
    event.refresh_styles = False


def swallow_echoed_resize(screen: Screen, event: events.Resize) -> None:
    """Drop a `Resize` to the size `screen` was just laid out at (call it from `on_resize`).

    Private behaviour: a pushed screen is laid out, then sent a Resize of that same size, on
    which the private `Screen._on_resize` lays out it and every screen beneath it again. (On a
    new terminal size the app lays the screen out itself; a screen beneath is laid out again
    when it is shown again.)
    """
    if event.size == screen.outer_size:
        event.stop()
        event.prevent_default()


def screen_strips(app: App) -> list[Strip]:
    """The screen as the terminal shows it now (screens beneath a translucent one included):
    one Strip per row, rendered the way `App.export_screenshot` renders it. For tests.

    Private: `Screen._compositor` and `App._background_screens`; Textual's only public way to
    read the screen back is an SVG.
    """
    update = app.screen._compositor.render_update(full=True,
                                                  screen_stack=app._background_screens)
    return [Strip.join(line) for line in update.strips]
