"""`ContentViewer`: the tabbed view of a generation's content.

Tabs: Messages (Prompt for a legacy prompt input), Completion, Reasoning, Raw JSON. A tab's
content is built only when the tab is first shown (or its text is asked for): in a worker thread
when the generation is big, so the UI never freezes. Every tab shows its text in a virtualised
`LazyText`, so a huge generation costs only what is on screen. A completion that reads as
Markdown (`TabContent.reads_as_markdown`) is shown rendered (Rich renders it off the event
loop, see `markdown_lines`), anything else as it is; `m` flips the completion on show. `/`
searches the text tabs (`content_search`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from explorer.presentation.content_tabs import (
    IDLE_MESSAGE,
    TAB_IDS,
    TAB_TITLES,
    TOO_LARGE_NOTE,
    TabContent,
    build_tab,
    is_big,
    note_tab,
    tab_title,
)
from explorer.ui.lines.lazy_text import LazyText
from explorer.ui.lines.tab_strip import TabStrip
from explorer.ui.widgets.content_search import SEARCH_KEYS, ContentSearch, SearchBar

if TYPE_CHECKING:
    from explorer.api.client import Lookup

MARKDOWN_ONLY_ON_COMPLETION = "Markdown applies to the Completion tab: press 2, then m."
MARKDOWN_HINT = "rendered Markdown · m: raw text"
RAW_HINT = "raw text · m: rendered Markdown"
PREBUILT_TABS = ("messages", "completion", "reasoning", "raw")  # built ahead in that thread
SYNC_MARKDOWN_CHARS = 4_096  # Markdown up to this size renders at once; above, in a thread


class ContentViewer(Widget):
    """Tabbed view of a generation's content: Messages (or Prompt), Completion, Reasoning,
    Raw JSON."""

    BINDINGS = SEARCH_KEYS

    # Flat on purpose: the strip, the notes and one view per tab, only the active one shown.
    # (Textual's TabbedContent nests four levels and eight widgets around the same thing, and
    # each of them is drawn again on every lookup.)
    DEFAULT_CSS = """
    ContentViewer {
        height: 1fr;
        & > LazyText { height: 1fr; display: none; }
        & > LazyText.-active { display: block; }
        .content-viewer--notes {
            height: auto;
            max-height: 4;
            padding: 0 1;
            color: $text-muted;
            background: $panel;
            &.-error { color: $text-error; }
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lookup: Lookup | None = None
        self._tabs: dict[str, TabContent] = {}  # built lazily for the current lookup
        self._shown: set[str] = set()  # tabs whose view shows the current content
        self._building: dict[str, Lookup] = {}  # tab -> lookup a worker is building it for
        self._build_ended = asyncio.Event()  # set at each build's end or a new lookup: look again
        # The completion as rendered Markdown or raw: the user's choice for this completion (m),
        # or None: as it looks (`_looks_like_markdown`, worked out when it is shown).
        self._markdown: bool | None = None
        self._looks_like_markdown = False
        self._markdown_text: str | None = None  # the completion being shown as Markdown
        self._active_tab = TAB_IDS[0]
        self._completion_notes: list[tuple[str, str]] = []
        self.search = ContentSearch(self)
        """`/` and its matches."""

    def compose(self) -> ComposeResult:
        yield TabStrip(TAB_TITLES, id="content-tabs")
        notes = Static(id="completion-notes", classes="content-viewer--notes", markup=False)
        notes.display = False
        yield notes
        for tab in TAB_IDS:
            yield LazyText(id=f"{tab}-text", classes="-active" if tab == self._active_tab else "")
        yield SearchBar(id="content-search")

    def on_mount(self) -> None:
        if not self.query(TabStrip):  # mounted as the app closes (SIGTERM): nothing composed
            return
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.watch(self.screen, "focused", self._focus_moved)
        if not self._tabs:
            self.clear()

    # -- public API ----------------------------------------------------------------------

    def show(self, lookup: Lookup) -> None:
        """Render a lookup (content may be None with content_error)."""
        self._lookup = lookup
        self._build_ended.set()
        self.search.reset()
        self._markdown = None  # each completion first shows as what it looks like
        self._set_tabs({})
        self._set_title(tab_title(lookup, "messages"))
        self._render_active()

    def show_loading(self) -> None:
        """Loading state in every tab."""
        self._show_note("Loading…")

    def clear(self, message: str = "") -> None:
        """Empty state: `message`, or an invitation to enter a generation ID."""
        self._show_note(message or IDLE_MESSAGE)

    def activate_tab(self, index: int) -> None:
        """Show tab `index` (0 Messages, 1 Completion, 2 Reasoning, 3 Raw JSON)."""
        tab = TAB_IDS[max(0, min(index, len(TAB_IDS) - 1))]
        if tab == self._active_tab:
            self._render_tab(tab)
            return
        left, shown = self.view(self._active_tab), self.view(tab)
        had_focus = self.app.focused is left
        left.remove_class("-active")
        left.set_shown(False)
        self._active_tab = tab
        shown.add_class("-active")
        shown.set_shown(True)
        self._show_notes()
        self.query_one(TabStrip).active = TAB_IDS.index(tab)
        self._render_tab(tab)
        if had_focus:
            shown.focus()  # focus follows the tab, so scrolling keys keep working

    def current_tab_title(self) -> str:
        """Title of the active tab ("Prompt" for the Messages tab of a prompt input)."""
        return tab_title(self._lookup, self._active_tab)  # never builds the tab just for this

    @property
    def showing_content(self) -> bool:
        """True when the active tab shows the content of the generation on show (not an
        empty state, and not "Preparing…" while a big tab is built in a thread)."""
        return self.shows_content(self._active_tab)

    def current_text(self) -> str:
        """Plain text of the active tab (what copy copies); empty for an empty state."""
        return self._tab_content(self._active_tab).text

    def toggle_markdown(self) -> None:
        """Completion tab: rendered Markdown <-> raw text. On another tab it changes nothing
        unseen: it says where it applies."""
        if self._active_tab != "completion":
            self.notify(MARKDOWN_ONLY_ON_COMPLETION, title="Markdown", markup=False)
            return
        self.set_markdown(not self.markdown_mode)

    def set_markdown(self, rendered: bool | None) -> None:
        """Show this completion as rendered Markdown (True), as raw text (False), or as what
        it looks like (None), until the next lookup."""
        self._markdown = rendered
        self._shown.discard("completion")
        if self._active_tab == "completion":
            self._render_tab("completion")

    def focus_content(self) -> None:
        """Focus the active tab's text, where the arrow/page keys scroll."""
        self.view(self._active_tab).focus()

    @property
    def lookup(self) -> Lookup | None:
        """The generation on show (None: an empty state)."""
        return self._lookup

    @property
    def active_tab(self) -> str:
        """The id of the tab on show ("messages", "completion", "reasoning", "raw")."""
        return self._active_tab

    def shows_content(self, tab: str) -> bool:
        """True when `tab`'s view shows the generation's text (not a note or "Preparing…")."""
        return self._lookup is not None and tab in self._shown

    @property
    def completion_rendered(self) -> bool:
        """True when the completion shows (or is about to show) as rendered Markdown."""
        return self._markdown_text is not None

    def built_tab(self, tab: str) -> TabContent | None:
        """`tab`'s content if it is built already (never builds it)."""
        return self._tabs.get(tab)

    # -- search (see `content_search`) ---------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.search.allows(action)

    def action_search(self) -> None:
        self.search.open()

    def action_step_match(self, forward: bool) -> None:
        self.search.step(forward)

    def action_close_search(self) -> None:
        self.search.close()

    def on_search_bar_query_changed(self, event: SearchBar.QueryChanged) -> None:
        event.stop()
        self.search.search(event.query)

    def on_search_bar_query_submitted(self, event: SearchBar.QuerySubmitted) -> None:
        event.stop()
        self.search.search(event.query, jump=True)

    @property
    def markdown_mode(self) -> bool:
        """True when the completion is (to be) shown as rendered Markdown, if small enough:
        the user's choice, else whether it reads as Markdown."""
        return self._markdown if self._markdown is not None else self._looks_like_markdown

    # -- building tabs -------------------------------------------------------------------

    def _show_note(self, message: str) -> None:
        self._lookup = None
        self.search.reset()
        self._set_tabs({tab: note_tab(title, message) for tab, title in zip(TAB_IDS, TAB_TITLES)})
        self._render_active()

    def _set_tabs(self, tabs: dict[str, TabContent]) -> None:
        self._tabs = tabs
        self._shown.clear()
        self._completion_notes = []
        self._markdown_text = None
        self._looks_like_markdown = False
        if tabs:
            self._set_title(tabs["messages"].title)

    def _set_title(self, title: str) -> None:
        if self.is_mounted:
            self.query_one(TabStrip).set_title(0, title)

    def _tab_content(self, tab: str) -> TabContent:
        """The tab's content, built now if it was not built yet."""
        content = self._tabs.get(tab)
        if content is None:
            content = build_tab(self._lookup, tab)
            self._tabs[tab] = content
        return content

    def _build_in_thread(self, tab: str) -> None:
        """Build `tab` in a worker thread, then the other text tabs not built yet: a big
        generation's Completion is ready by the time the user switches to it. (One thread,
        in turn: the tabs compete for the GIL, so building them at once makes none sooner.
        Raw JSON comes last; the history save waits for all of them.)"""
        lookup = self._lookup
        assert lookup is not None
        tabs = [tab] + [other for other in PREBUILT_TABS
                        if other != tab and other not in self._tabs and other not in self._building]
        for each in tabs:
            self._building[each] = lookup

        def build() -> None:
            for each in tabs:
                if self._lookup is not lookup:
                    return  # a newer lookup replaced this one
                content = build_tab(lookup, each)
                content.display()  # tabs expanded, messages segmented: in the thread too
                if each == "completion":
                    content.reads_as_markdown()
                self.app.call_from_thread(self.tab_built, lookup, each, content)

        # After the next frame: the frame that shows the metadata and "Preparing…" is drawn
        # before the thread starts competing with it for the GIL.
        self.call_after_refresh(self.run_worker, build, thread=True, group="content-build",
                                name=f"build {tab}")

    async def builds_ended(self, lookup: Lookup) -> None:
        """Until no tab of `lookup` is being built, or another lookup replaced it."""
        while self._lookup is lookup and any(each is lookup for each in self._building.values()):
            self._build_ended.clear()
            await self._build_ended.wait()

    def tab_built(self, lookup: Lookup, tab: str, content: TabContent) -> None:
        """`tab`'s content, built in a thread (by the viewer, or the search), for `lookup`."""
        self._build_ended.set()
        if self._building.get(tab) is lookup:
            del self._building[tab]
        if lookup is not self._lookup:
            return  # a newer lookup replaced this one
        self._tabs.setdefault(tab, content)  # current_text() may have built it meanwhile
        if self._active_tab == tab:
            self._render_tab(tab)

    # -- rendering -----------------------------------------------------------------------

    def view(self, tab: str) -> LazyText:
        """The text view of `tab`."""
        return self.query_one(f"#{tab}-text", LazyText)

    def _focus_moved(self, focused: Widget | None) -> None:
        # The text views show no focus themselves (see LazyText.watch_has_focus): the strip
        # does, in the same frame as the focus moves.
        self.query_one(TabStrip).focused = focused is not None and focused.parent is self

    def on_tab_strip_picked(self, event: TabStrip.Picked) -> None:
        event.stop()
        self.activate_tab(event.index)

    def _render_active(self) -> None:
        if self.is_mounted:
            self._render_tab(self._active_tab)

    def _render_tab(self, tab: str) -> None:
        if tab not in TAB_IDS or tab in self._shown or not self.is_mounted:
            return
        if tab not in self._tabs and is_big(self._lookup):
            preparing = note_tab(TAB_TITLES[TAB_IDS.index(tab)], "Preparing…")
            self._fill(tab, preparing)  # until the thread has built it (see `tab_built`)
            if self._building.get(tab) is not self._lookup:
                self._build_in_thread(tab)
            return
        self._shown.add(tab)
        self._fill(tab, self._tab_content(tab))
        self.search.tab_shown(tab)

    def _fill(self, tab: str, content: TabContent) -> None:
        view = self.view(tab)
        if tab != "completion":
            view.set_display(content.display())
            return
        self._looks_like_markdown = content.reads_as_markdown()
        wanted = self.markdown_mode
        rendered = wanted and content.markdown and not content.is_empty
        notes = list(content.notes)
        if not content.is_empty:
            hint = RAW_HINT if not wanted else MARKDOWN_HINT if rendered else TOO_LARGE_NOTE
            notes.append((hint, "note"))
        self._completion_notes = notes
        self._show_notes()
        self._markdown_text = content.text if rendered else None
        view.set_display(content.display())  # Markdown replaces it once rendered
        if rendered and view.wrap_width > 0:
            self._render_markdown(view.wrap_width)

    def _show_notes(self) -> None:
        """The completion's notes above its text, while the Completion tab is active."""
        notes = self._completion_notes if self._active_tab == "completion" else []
        widget = self.query_one("#completion-notes", Static)
        text = "\n".join(text for text, _ in notes)
        if text != str(widget.content):  # an unchanged update would still re-layout
            widget.update(Text(text))
        widget.set_class(any(kind == "error" for _, kind in notes), "-error")
        widget.display = bool(notes)

    def _render_markdown(self, width: int, *, keep_position: bool = False) -> None:
        # rich.markdown (and markdown-it) load on first use: not part of start-up.
        from explorer.ui.lines.markdown_lines import render_markdown, theme_styles

        text = self._markdown_text
        if text is None or width <= 0:
            return
        styles = theme_styles(self.app.theme_variables)
        dark = self.app.current_theme.dark
        if len(text) <= SYNC_MARKDOWN_CHARS:
            self._markdown_rendered(text, width, render_markdown(text, width, styles, dark=dark),
                                    keep_position)
            return

        def render() -> None:
            strips = render_markdown(text, width, styles, dark=dark)
            self.app.call_from_thread(self._markdown_rendered, text, width, strips, keep_position)

        self.run_worker(render, thread=True, group="markdown", exclusive=True, name="markdown")

    def _markdown_rendered(self, text: str, width: int, strips: list, keep_position: bool) -> None:
        view = self.view("completion")
        if text is self._markdown_text and view.wrap_width == width:
            view.set_strips(strips, keep_position=keep_position)

    def on_lazy_text_width_changed(self, event: LazyText.WidthChanged) -> None:
        event.stop()
        if event.view.id == "completion-text" and self._markdown_text is not None:
            self._render_markdown(event.width, keep_position=True)

    def _theme_changed(self) -> None:
        view = self.view("completion")
        if self._markdown_text is not None:
            self._render_markdown(view.wrap_width, keep_position=True)

