"""Child process of the start-up benchmark: start an app headless, report its first frame.

`python startup_probe.py explorer` runs `modelgates-explorer --demo` through the real CLI;
`python startup_probe.py bare` runs a bare Textual app composed of the same widget types.
Both print READY when Textual's `Ready` event arrives (the DOM is ready and the first frame
has been displayed) and exit.
"""

from __future__ import annotations

import os
import sys

import textual.app


def _report_ready(app: textual.app.App) -> None:
    os.write(1, b"READY\n")
    # Only the time to the first frame is measured: leave at once, without waiting for the
    # explorer's background start-up work (client, history, demo data) to finish.
    os._exit(0)


def _headless_run(original):
    def run(self, *args, **kwargs):
        kwargs["headless"] = True
        return original(self, *args, **kwargs)
    return run


def run_explorer() -> None:
    textual.app.App.run = _headless_run(textual.app.App.run)
    from explorer.ui import app as explorer_app

    explorer_app.ExplorerApp.on_ready = _report_ready
    from explorer.cli import main

    main(["--demo"])


def run_bare() -> None:
    from textual.containers import Vertical, VerticalScroll
    from textual.widgets import ContentSwitcher, Input, LoadingIndicator, OptionList, Static

    class BareApp(textual.app.App):
        """The explorer's panes as stock Textual widgets, with none of its code: the entry,
        the status view (welcome, loading, examples), the results (attempts, tab titles,
        text; composed but hidden, as the explorer's are until a generation shows), the
        metadata, and a one-line key bar. Each of the explorer's own widgets is one widget
        here too: its Line-API views become a Static in a VerticalScroll."""

        def compose(self):
            yield Input(placeholder="gen-…")
            with ContentSwitcher(initial="status"):
                with Vertical(id="status"):
                    yield Static("Look up a generation")
                    yield LoadingIndicator()
                    yield OptionList("a", "b")
                with Vertical(id="results"):
                    yield VerticalScroll(Static("Provider attempts"))
                    yield Static("Messages  Completion  Reasoning  Raw JSON")
                    yield VerticalScroll(Static("content"))
            yield VerticalScroll(Static("Metadata"))
            yield Static("⏎ Load  esc Leave entry  f1 Help")

        def on_ready(self) -> None:
            _report_ready(self)

    BareApp().run(headless=True)


if __name__ == "__main__":
    {"explorer": run_explorer, "bare": run_bare}[sys.argv[1]]()
