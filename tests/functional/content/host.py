"""A tiny app hosting only the content viewer, for pilot and snapshot tests."""

from __future__ import annotations

from textual.app import App, ComposeResult

from explorer.api.client import Lookup
from explorer.ui.widgets.content_viewer import ContentViewer
from tests.support.screen import screen_strips


class ViewerApp(App[None]):
    """Shows `lookup` (or the idle state) on tab `tab`; animations off for stable snapshots."""

    def __init__(self, lookup: Lookup | None = None, tab: int = 0, *,
                 markdown: bool = True, focus: bool = False) -> None:
        super().__init__()
        self.animation_level = "none"
        self._lookup = lookup
        self._tab = tab
        self._markdown = markdown
        self._focus = focus

    def compose(self) -> ComposeResult:
        yield ContentViewer(id="viewer")

    def on_mount(self) -> None:
        viewer = self.query_one(ContentViewer)
        if not self._markdown:
            viewer.toggle_markdown()
        if self._lookup is not None:
            viewer.show(self._lookup)
        viewer.activate_tab(self._tab)
        if self._focus:
            viewer.focus_content()

    @property
    def viewer(self) -> ContentViewer:
        return self.query_one(ContentViewer)


def screen_lines(app: App) -> list[str]:
    """The screen as plain text lines (what a user reads)."""
    return [strip.text.rstrip() for strip in screen_strips(app)]


async def settle(app: App, pilot) -> None:
    """Wait for worker threads (tab builds, Markdown) and the index steps they start."""
    from explorer.ui.lines.lazy_text import LazyText

    for _ in range(400):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app.workers and not any(view.indexing for view in app.query(LazyText)):
            return
    raise AssertionError("the viewer did not settle")
