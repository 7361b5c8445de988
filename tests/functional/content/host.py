"""A tiny app hosting only the content viewer, for pilot and snapshot tests."""

from __future__ import annotations

from textual.app import App, ComposeResult

from explorer.api.client import Lookup
from explorer.ui.widgets.content_viewer import ContentViewer


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
        if self._lookup is not None:
            viewer.show(self._lookup)
        viewer.activate_tab(self._tab)
        if not self._markdown:
            viewer.set_markdown(False)  # the completion raw, whatever it looks like
        if self._focus:
            viewer.focus_content()

    @property
    def viewer(self) -> ContentViewer:
        return self.query_one(ContentViewer)

