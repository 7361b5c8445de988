"""Search inside the content viewer: `/` opens a search bar, every match in the Messages,
Completion and Reasoning tabs is highlighted, `n` / `N` walk them across the tabs.

`SearchBar` is the one-line input and its status ("match 3 of 41 · Completion"). `ContentSearch`,
owned by the viewer, searches plain strings (`explorer.presentation.text_search`) in a worker
thread, never by rendering; each view draws its matches in the rows it shows, and only those.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from explorer.presentation.content_tabs import BUILDERS, TAB_IDS, TabContent, tab_title
from explorer.presentation.text_layout import DisplayLines
from explorer.presentation.text_search import SearchableText, SearchResults, search_status

if TYPE_CHECKING:
    from explorer.api.client import Lookup
    from explorer.ui.widgets.content_viewer import ContentViewer

SEARCHED_TABS = ("messages", "completion", "reasoning")  # Raw JSON repeats them as JSON
SEARCH = Binding.Group("Search")
SEARCH_KEYS = [
    Binding("slash", "search", "Search", id="content-search", group=SEARCH,
            tooltip="Find text in the messages, the completion and the reasoning"),
    Binding("n", "step_match(True)", "Next match", id="next-match", group=SEARCH,
            tooltip="Go to the next match (on to the next tab after the last)"),
    Binding("N", "step_match(False)", "Previous match", id="previous-match", group=SEARCH,
            tooltip="Go to the previous match"),
    Binding("escape", "close_search", "Close search", id="close-search",
            tooltip="Close the search and clear the highlights"),
]
"""The content viewer's search keys (active while its text or the search bar has focus)."""
SEARCHING = "searching…"
STATUS_MARGIN = 3 + 8 + 2  # the prompt, the input at its narrowest, the status's padding
RAW_WHILE_SEARCHING = ("The completion shows as raw text so its matches can be highlighted "
                       "(m: rendered Markdown).")


class SearchInput(Input):
    """The search bar's input: Enter goes to the first match."""

    BINDINGS = [Binding("enter", "submit", "First match", id="search-submit",
                        tooltip="Go to the first match from where the text is scrolled")]


class SearchBar(Widget):
    """`/` and the query, with the search's status on the right; hidden until opened."""

    DEFAULT_CSS = """
    SearchBar {
        dock: bottom;
        height: 1;
        layout: horizontal;
        background: $panel;
        display: none;
        &.-open { display: block; }
        & > #search-prompt { width: 3; padding-left: 1; color: $foreground; }
        & > SearchInput { width: 1fr; min-width: 8; height: 1; background: $panel; }
        & > #search-status { width: auto; padding: 0 1; color: $foreground; }
    }
    """

    class QueryChanged(Message):
        """The query was edited."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class QuerySubmitted(Message):
        """Enter in the search input."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._statuses = ("", "")  # the status in full, and short for a narrow bar

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt", markup=False)
        yield SearchInput(placeholder="search messages, completion, reasoning", compact=True,
                          id="search-input")
        yield Static(id="search-status", markup=False)

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def status(self) -> str:
        """The status shown (plain text)."""
        return str(self.query_one("#search-status", Static).content)

    def set_status(self, full: str, short: str | None = None) -> None:
        """Show `full`, or `short` when the bar is too narrow for it beside the query."""
        self._statuses = (full, full if short is None else short)
        self._show_status()

    def on_resize(self) -> None:
        self._show_status()

    def _show_status(self) -> None:
        full, short = self._statuses
        room = self.size.width - STATUS_MARGIN
        status = full if len(full) <= room or not self.size.width else short
        widget = self.query_one("#search-status", Static)
        if str(widget.content) != status:
            widget.update(Text(status, no_wrap=True, overflow="ellipsis"))  # the query is data

    def open(self) -> None:
        """Show the bar and focus its input, the last query selected (typing replaces it)."""
        self.add_class("-open")
        self.input.focus()
        self.input.select_all()

    def close(self) -> None:
        self.remove_class("-open")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.QuerySubmitted(event.value))


class ContentSearch:
    """The viewer's search: runs it, hands each text view its matches, moves between them."""

    def __init__(self, viewer: ContentViewer) -> None:
        self._viewer = viewer
        self._token = 0  # bumped per search: a result carrying another one is stale
        self._results: SearchResults | None = None
        self._current: int | None = None  # the current match, numbered across tabs
        self._texts: dict[str, SearchableText] = {}  # prepared for `_texts_for`
        self._texts_for: Lookup | None = None
        self._jump_when_found = False
        self._searching: str | None = None  # the query a worker is searching for
        self._said_raw = False

    @property
    def bar(self) -> SearchBar:
        return self._viewer.query_one(SearchBar)

    @property
    def has_matches(self) -> bool:
        return self._results is not None and self._results.total > 0

    @property
    def results(self) -> SearchResults | None:
        """The matches of the query in the search bar (None: no search, or still running)."""
        return self._results

    @property
    def current(self) -> int | None:
        """The current match, numbered across the tabs (None: none picked yet)."""
        return self._current

    def allows(self, action: str) -> bool:
        """Whether the viewer's search key for `action` applies now (else it is hidden)."""
        bar = self.bar
        if action == "search":  # (in the search input, / types a slash)
            return self._viewer.lookup is not None and not bar.input.has_focus
        if action == "step_match":
            return self.has_matches and not bar.input.has_focus
        if action == "close_search":
            return bar.is_open
        return True

    # -- opening and closing -------------------------------------------------------------

    def open(self) -> None:
        self.bar.open()

    def close(self) -> None:
        """Hide the bar, forget the matches and clear every highlight."""
        bar = self.bar
        had_focus = bar.input.has_focus
        bar.close()
        self._token += 1
        self._results, self._current, self._jump_when_found = None, None, False
        self._searching = None
        self._texts, self._texts_for = {}, None  # a lowered copy of the text: only while open
        self._highlight()
        self._viewer.refresh_bindings()
        if had_focus:
            self._viewer.focus_content()

    def reset(self) -> None:
        """A new generation (or none) is on show: close, and forget the prepared texts."""
        if self._viewer.is_mounted and self.bar.is_open:
            self.close()
        self._token += 1
        self._searching = None
        self._texts, self._texts_for = {}, None
        self._said_raw = False

    # -- searching -----------------------------------------------------------------------

    def search(self, query: str, *, jump: bool = False) -> None:
        """Find `query` (in a worker thread); `jump`: then go to the first match."""
        if query and query == self._searching:  # typed, then Enter: its answer is coming
            self._jump_when_found |= jump
            return
        viewer = self._viewer
        lookup = viewer.lookup
        self._token += 1
        self._searching = None
        self._jump_when_found = jump
        if lookup is None or not query:
            self._results, self._current = None, None
            self._highlight()
            self.bar.set_status("")
            return
        if self._results is not None and self._results.query == query:
            self._jump_when_found = False
            if jump and self._current is not None:  # Enter again: on to the next, as in less
                self.step(True)
                viewer.focus_content()
            elif jump:
                self.jump_from_here()
            else:
                self._show_status()
            return
        self.bar.set_status(SEARCHING)  # not the last query's count
        token, self._searching = self._token, query
        texts = dict(self._texts) if self._texts_for is lookup else {}
        built = {tab: viewer.built_tab(tab) for tab in SEARCHED_TABS}

        def find() -> None:
            built_here: dict[str, TabContent] = {}
            for tab in SEARCHED_TABS:
                if tab in texts:
                    continue
                content = built[tab]
                if content is None:
                    content = built_here[tab] = BUILDERS[tab](lookup)
                # An empty tab shows only a note ("No reasoning…"): nothing to find there.
                texts[tab] = SearchableText(DisplayLines([]) if content.is_empty
                                            else content.display())
            results = SearchResults(query, {tab: texts[tab].find(query) for tab in SEARCHED_TABS})
            viewer.app.call_from_thread(self._found, token, lookup, results, texts, built_here)

        viewer.run_worker(find, thread=True, group="content-search", exclusive=True,
                          name="search", description="search the content")

    def _found(self, token: int, lookup: Lookup, results: SearchResults,
               texts: dict[str, SearchableText], built: dict[str, TabContent]) -> None:
        viewer = self._viewer
        if token != self._token or lookup is not viewer.lookup:
            return  # a newer query, or a newer generation
        self._searching = None
        for tab, content in built.items():
            viewer.tab_built(lookup, tab, content)
        self._texts, self._texts_for = texts, lookup
        self._results, self._current = results, None
        self._highlight()
        viewer.refresh_bindings()  # n and N apply now (or no longer)
        if self._jump_when_found:
            self._jump_when_found = False
            self.jump_from_here()
        else:
            self._show_status()

    # -- moving between matches ----------------------------------------------------------

    def jump_from_here(self) -> None:
        """Go to the first match at or after the top of the active tab's text (on through
        the next tabs, wrapping round)."""
        results = self._results
        if results is None:
            return
        viewer = self._viewer
        tab = viewer.active_tab
        line, offset = viewer.view(tab).top_place if tab in SEARCHED_TABS else (0, 0)
        number = results.first_from(tab, line, offset)
        if number is None:
            self._show_status()
            return
        self.go_to(number)
        viewer.focus_content()

    def step(self, forward: bool) -> None:
        """`n` / `N`: the next / previous match (the first from here if none is current)."""
        results = self._results
        if results is None or not results.total:
            return
        if self._current is None:
            tab = self._viewer.active_tab
            line, offset = self._viewer.view(tab).top_place if tab in SEARCHED_TABS else (0, 0)
            here = results.first_from(tab, line, offset) or 0
            self.go_to(here if forward else results.step(here, False))
        else:
            self.go_to(results.step(self._current, forward))

    def go_to(self, number: int) -> None:
        """Make match `number` current: show its tab (the completion as raw text) and scroll
        it into view."""
        results = self._results
        assert results is not None
        viewer = self._viewer
        tab, index = results.locate(number)
        self._current = number
        if viewer.active_tab != tab:
            viewer.activate_tab(TAB_IDS.index(tab))
        if tab == "completion" and viewer.completion_rendered:
            viewer.set_markdown(False)  # rendered Markdown has no text to mark
            if not self._said_raw:
                self._said_raw = True
                viewer.notify(RAW_WHILE_SEARCHING, title="Search", markup=False)
        self._highlight()
        viewer.view(tab).show_match(index)
        self._show_status()

    # -- drawing -------------------------------------------------------------------------

    def tab_shown(self, tab: str) -> None:
        """The viewer filled `tab`'s view with its content: mark the matches in it."""
        if tab in SEARCHED_TABS:
            self._highlight_tab(tab)

    def _highlight(self) -> None:
        for tab in SEARCHED_TABS:
            self._highlight_tab(tab)

    def _highlight_tab(self, tab: str) -> None:
        viewer, results = self._viewer, self._results
        view = viewer.view(tab)
        if results is None or not viewer.shows_content(tab):
            view.set_matches(None)
            return
        current = None
        if self._current is not None:
            current_tab, index = results.locate(self._current)
            current = index if current_tab == tab else None
        view.set_matches(results.tabs[tab], current)

    def _show_status(self) -> None:
        titles = {tab: tab_title(self._viewer.lookup, tab) for tab in TAB_IDS}
        results, current = self._results, self._current
        self.bar.set_status(search_status(results, current, titles),
                            search_status(results, current, titles, short=True))
