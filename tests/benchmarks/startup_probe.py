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
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import (
        ContentSwitcher,
        Footer,
        Input,
        LoadingIndicator,
        OptionList,
        Static,
        Tabs,
    )

    class BareApp(textual.app.App):
        """The explorer's widget types with none of its code."""

        def compose(self):
            with Horizontal():
                with Vertical():
                    yield Input(placeholder="gen-…")
                    with VerticalScroll():
                        yield Static("Metadata")
                with ContentSwitcher(initial="status"):
                    with Vertical(id="status"):
                        yield Static("Look up a generation")
                        yield LoadingIndicator()
                        yield OptionList("a", "b")
                    with Vertical(id="results"):
                        yield Static("Provider attempts")
                        yield Tabs("Messages", "Completion", "Reasoning", "Raw JSON")
                        yield VerticalScroll(Static("content"))
            yield Footer()

        def on_ready(self) -> None:
            _report_ready(self)

    BareApp().run(headless=True)


if __name__ == "__main__":
    {"explorer": run_explorer, "bare": run_bare}[sys.argv[1]]()
