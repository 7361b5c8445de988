"""The main screen's keys, and when each applies (listed in its BINDINGS, help and palette)."""

from __future__ import annotations

from textual.binding import Binding

TABS = Binding.Group("Tabs", compact=True)
COPY = Binding.Group("Copy")
VIEWS = Binding.Group("Views")
# Hidden from the key bar while the ID entry has focus: plain keys type there, and focusing
# the entry is moot. (The views' keys and q are the app's: see APP_LETTER_ACTIONS.)
LETTER_ACTIONS = {"retry", "show_tab", "toggle_markdown", "copy_tab", "copy_id", "copy_metadata",
                  "copy_curl", "export", "focus_entry"}
NEEDS_LOOKUP = {"show_tab", "toggle_markdown", "copy_tab", "copy_metadata", "export"}
NEEDS_ID = {"retry", "copy_id", "copy_curl"}

MAIN_KEYS = [
    Binding("r", "retry", "Retry", id="retry",
            tooltip="Look the current ID up again (during a countdown: try now)"),
    Binding("1", "show_tab(0)", "Messages tab", id="tab-messages", group=TABS,
            tooltip="Show the messages (or the legacy prompt)"),
    Binding("2", "show_tab(1)", "Completion tab", id="tab-completion", group=TABS,
            tooltip="Show the completion"),
    Binding("3", "show_tab(2)", "Reasoning tab", id="tab-reasoning", group=TABS,
            tooltip="Show the reasoning"),
    Binding("4", "show_tab(3)", "Raw JSON tab", id="tab-raw", group=TABS,
            tooltip="Show both API answers as JSON"),
    Binding("m", "toggle_markdown", "Markdown", id="toggle-markdown",
            tooltip="Switch the completion between rendered Markdown and raw text"),
    Binding("c", "copy_tab", "Copy tab text", id="copy-tab", group=COPY,
            tooltip="Copy the text of the current tab"),
    Binding("y", "copy_id", "Copy generation ID", id="copy-id", group=COPY,
            tooltip="Copy the generation ID"),
    Binding("j", "copy_metadata", "Copy metadata JSON", id="copy-metadata", group=COPY,
            tooltip="Copy the metadata exactly as the API sent it, pretty-printed"),
    Binding("u", "copy_curl", "Copy curl command", id="copy-curl", group=COPY,
            tooltip="Copy a curl command for this lookup (reads $MODELGATES_API_KEY)"),
    # The views are the app's; their keys show here, the only screen they open from.
    Binding("h", "app.history", "History", id="history", group=VIEWS,
            tooltip="Past generations from the local history: filter, sort, compare, re-open"),
    Binding("s", "app.provider_stats", "Provider stats", id="provider-stats", group=VIEWS,
            tooltip="Which provider is failing us: attempts, success rate, latency, failures"),
    Binding("b", "app.batch_view", "Batch", id="batch-view", group=VIEWS,
            tooltip="The batch view (paste several IDs in the entry to start a batch)"),
    Binding("l", "app.live_view", "Live", id="live-view", group=VIEWS,
            tooltip="Generations captured as they happen (a recording proxy, a followed log)"),
    Binding("e", "export", "Export", id="export",
            tooltip="Save the generation on screen as Markdown or JSON"),
    # A priority key: it moves focus before the keys typed right behind it are handed out.
    Binding("ctrl+l", "focus_entry", "Entry", id="focus-entry", priority=True,
            tooltip="Focus the ID entry to type or paste another ID"),
    Binding("escape", "focus_entry", "Entry", id="focus-entry-escape", show=False,
            tooltip="Focus the ID entry to type or paste another ID"),
    # Help and quit are the app's actions; their keys are here, where the key bar lists them
    # before the app's ^q (one key per action is shown: q, or ^q while the entry types q).
    Binding("question_mark,f1", "app.help", "Help", id="help", tooltip="List every key"),
    Binding("q", "app.quit", "Quit", id="quit", tooltip="Quit the explorer"),
]
"""The main screen's keys, in the key bar's order."""

APP_KEYS = [
    # Textual's own ^q, with an ID, a tooltip and a place in the key bar. A priority key: it
    # quits from every screen and dialog, and while the ID entry has focus.
    Binding("ctrl+q", "app.quit", "Quit", id="quit-anywhere", priority=True,
            tooltip="Quit from anywhere, even while typing in the ID entry"),
]
"""The app's own keys (after the main screen's in the key bar)."""

APP_LETTER_ACTIONS = {"history", "provider_stats", "batch_view", "live_view"}
"""The app's actions with a letter key: hidden while the ID entry has focus (letters type).
(Not quit: its ^q must work there, and its q is typed in the entry, never sent to the app.)"""
