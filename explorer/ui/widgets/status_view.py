"""`StatusView`: what the main area shows when there is no generation to show.

Four states: welcome (with example IDs to pick in demo mode), loading, an error with its hint,
and a pending generation counting down to its next try.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from explorer.api.errors import ApiError
from explorer.presentation.safe_text import one_line
from explorer.ui.styles import MUTED


def _sentence(text: str) -> str:
    """`text` as one line starting with a capital and ending with a full stop."""
    line = one_line(text, limit=300)
    line = line[:1].upper() + line[1:]
    return line if line.endswith((".", "!", "?", "…")) else line + "."


def _key(key: str) -> tuple[str, str]:
    return (f" {key} ", "bold reverse $accent")


class StatusView(Vertical, can_focus=True):
    """Welcome, loading, error and pending states of the main area; only renders."""

    DEFAULT_CSS = """
    StatusView {
        padding: 1 2;
        #status-title { text-style: bold; margin-bottom: 1; }
        #status-detail, #status-hint { margin-top: 1; }
        #status-hint { color: $text-muted; }
        Static { height: auto; }
        LoadingIndicator { height: 3; display: none; }
        OptionList {
            height: 1fr;
            min-height: 4;
            margin-top: 1;
            display: none;
            border: none;
            padding: 0;
            background: transparent;
        }
        &.-loading LoadingIndicator { display: block; }
        &.-welcome OptionList.-has-examples { display: block; }
        &.-error #status-title { color: $text-error; }
        &.-pending #status-title { color: $text-warning; }
    }
    """

    class ExamplePicked(Message):
        """The user picked one of the example IDs on the welcome screen."""

        def __init__(self, generation_id: str) -> None:
            super().__init__()
            self.generation_id = generation_id

    def __init__(self, examples: Sequence[tuple[str, str]] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._examples = list(examples)

    def compose(self) -> ComposeResult:
        yield Static(id="status-title")
        yield Static(id="status-message")
        yield LoadingIndicator()
        yield Static(id="status-detail")
        yield Static(id="status-hint")
        options = self._options()
        yield OptionList(*options, classes="-has-examples" if options else "")

    def _options(self) -> list[Option]:
        return [
            Option(Content.assemble((one_line(title), "bold"), "\n", (one_line(gid), MUTED)), id=gid)
            for gid, title in self._examples
        ]

    def set_examples(self, examples: Sequence[tuple[str, str]]) -> None:
        """Offer these (ID, title) examples (they load after the first frame, off the loop)."""
        self._examples = list(examples)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.set_class(bool(self._examples), "-has-examples")
        if self.has_class("-welcome"):
            self.show_welcome()

    def _set(self, state: str, title: Content | str, message: Content | str = "",
             detail: Content | str = "", hint: Content | str = "") -> None:
        for name in ("welcome", "loading", "error", "pending"):
            self.set_class(name == state, f"-{name}")
        for widget_id, value in (("title", title), ("message", message),
                                 ("detail", detail), ("hint", hint)):
            static = self.query_one(f"#status-{widget_id}", Static)
            static.update(Content(value) if isinstance(value, str) else value)
            static.display = bool(value)

    def show_welcome(self) -> None:
        """The start screen: how to look up a generation."""
        message = Content.assemble(
            "Paste a generation ID (or a URL containing ", ("id=", "bold"), ") in the entry and press ",
            _key("enter"), ".",
        )
        detail = Content.assemble(
            "Press ", _key("?"), " for every key, ", _key("ctrl+p"), " for the command palette.",
        )
        hint = "Or pick one of the demo generations below." if self._examples else ""
        self._set("welcome", "Look up a generation", message, detail, hint)

    def show_loading(self, generation_id: str, elapsed_seconds: int = 0) -> None:
        """A lookup of `generation_id` is in flight, for `elapsed_seconds`; how to cancel it."""
        self._set("loading", "Loading…", Content.styled(one_line(generation_id), MUTED),
                  Content.assemble(("Waiting ", "bold"), (f"{elapsed_seconds} s", "bold"),
                                   (" for the answer", MUTED)),
                  Content.assemble("Press ", _key("esc"), " to cancel."))

    def show_error(self, error: ApiError, generation_id: str | None) -> None:
        """`error` in place of the results, with its hint and the retry key."""
        detail = Content.assemble("Press ", _key("r"), " to retry.") if generation_id else ""
        message = Content(_sentence(error.message))
        if generation_id:
            message = Content.assemble(message, "\n", (one_line(generation_id), MUTED))
        self._set("error", one_line(error.title), message, detail, one_line(error.hint, limit=500))

    def show_pending(self, error: ApiError, generation_id: str, seconds_left: int,
                     attempt: int, max_attempts: int,
                     finished_seconds_ago: int | None = None) -> None:
        """A generation too young to have stats: say so (how long ago it finished, counted each
        second), and count down to the next try."""
        said = error.message if finished_seconds_ago is None else (
            f"generation finished {finished_seconds_ago} s ago; its stats are not ready yet")
        message = Content.assemble(
            _sentence(said), "\n", (one_line(generation_id), MUTED),
        )
        detail = Content.assemble(
            ("Retrying in ", "bold"), (f"{seconds_left} s", "bold $text-warning"),
            (f"  (try {attempt + 1} of {max_attempts})", MUTED),
        )
        self._set("pending", "Stats not ready yet", message, detail,
                  Content.assemble("It loads by itself when ready. Press ", _key("r"),
                                   " to try now, ", _key("esc"), " to cancel."))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.ExamplePicked(event.option.id))
