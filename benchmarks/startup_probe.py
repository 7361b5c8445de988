"""Child process of the start-up benchmark: start an app headless, report when it is ready.

- `explorer`: `modelgates-explorer --demo` through the real CLI; prints READY at its first frame.
- `demo-ready`: the same; prints READY when the demo examples list has been painted (what a
  first-time user reads), which comes after the first frame.
- `bare`: a bare Textual app with the widgets of the explorer's first screen, in stock form (an
  Input, tabs with text areas, a table, a footer); prints READY at its first frame.

READY is written when Textual's `Ready` event arrives (the DOM is ready and the first frame has
been displayed), or after the refresh that shows the examples; the process then exits at once.
"""

from __future__ import annotations

import os
import sys

import textual.app


def _report_ready(app: textual.app.App | None = None) -> None:
    os.write(1, b"READY\n")
    # Only the time to that frame is measured: leave at once, without waiting for the
    # explorer's background start-up work (client, history, demo data) to finish.
    os._exit(0)


def _headless_run(original):
    def run(self, *args, **kwargs):
        kwargs["headless"] = True
        return original(self, *args, **kwargs)
    return run


def run_explorer(until_examples: bool) -> None:
    textual.app.App.run = _headless_run(textual.app.App.run)
    from explorer.ui import terminal

    terminal.keyboard_from_terminal = lambda: False  # headless: no keyboard to take over
    if until_examples:
        from explorer.ui.widgets.status_view import StatusView

        set_examples = StatusView.set_examples

        def painted_examples(self, examples):
            set_examples(self, examples)
            if examples:
                self.call_after_refresh(_report_ready)

        StatusView.set_examples = painted_examples
    else:
        from explorer.ui import app as explorer_app

        explorer_app.ExplorerApp.on_ready = _report_ready
    from explorer.cli import main

    main(["--demo"])


def run_bare() -> None:
    from textual.widgets import DataTable, Footer, Input, TabbedContent, TextArea

    class BareApp(textual.app.App):
        """The explorer's first screen as stock Textual widgets, with none of its code: the
        entry, tabs of text (messages, completion, reasoning, raw JSON), the attempts table and
        the key bar."""

        BINDINGS = [("f1", "help", "Help"), ("ctrl+q", "quit", "Quit")]

        def compose(self):
            yield Input(placeholder="gen-…")
            with TabbedContent("Messages", "Completion", "Reasoning", "Raw JSON"):
                for _ in range(4):
                    yield TextArea("", read_only=True)
            table = DataTable()
            table.add_columns("Provider", "Status", "Latency")
            yield table
            yield Footer()

        def on_ready(self) -> None:
            _report_ready(self)

    BareApp().run(headless=True)


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "bare":
        run_bare()
    else:
        run_explorer(until_examples=kind == "demo-ready")
