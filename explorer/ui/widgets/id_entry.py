"""`IdEntry`: the input where a generation ID (or a URL containing `id=`) is pasted or typed."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from explorer.api.errors import InvalidIdError
from explorer.api.ids import normalize_id, split_ids


class IdEntry(Input):
    """The generation ID input.

    Pasted text is cleaned at once (whitespace, quotes, a URL's `id=`) so the user sees the ID
    that will be looked up. Enter cleans the text the same way, selects it (the next ID typed
    replaces it) and posts `IdSubmitted`; the main screen looks it up or shows why it cannot be
    an ID.

    Keys, pastes and Enter are handled here in the order they arrive, so a burst (IDs pasted or
    typed, each with its Enter, faster than the lookups answer) submits each ID exactly as it
    was entered.
    """

    BINDINGS = [
        Binding(
            "enter",
            "submit",
            "Load",
            id="load",
            tooltip="Look up the generation ID in the entry",
        ),
        Binding(
            "escape",
            "screen.focus_results",
            "Leave entry",
            id="leave-entry",
            tooltip="Go to the results, where the letter keys work",
        ),
    ]

    class IdSubmitted(Message):
        """The user pressed Enter: look up `text` (the main screen cleans it, or refuses it)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(
            value,
            placeholder="Paste a generation ID or a URL with id=…",
            id=id,
            select_on_focus=False,
        )

    async def action_submit(self) -> None:
        """Ask the main screen to look up what the entry holds."""
        self.submit()

    def submit(self) -> None:
        """Clean what the entry holds, select it and post `IdSubmitted` with it."""
        text = self.value
        if len(split_ids(text)) == 1:
            try:
                text = normalize_id(text)
            except InvalidIdError:  # the main screen says why; the text stays, to be corrected
                self.post_message(self.IdSubmitted(text))
                return
            self.show_id(text)
        self.select_all()
        self.post_message(self.IdSubmitted(text))

    def on_key(self, event: events.Key) -> None:
        # Enter submits here, in turn with the keys and pastes before it. The binding would run
        # it later, once the key has gone up to the app: after pastes and keys that came behind
        # it had changed the text.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.submit()

    def show_id(self, generation_id: str) -> None:
        """Put `generation_id` in the entry, cursor at the end."""
        if self.value != generation_id:
            self.value = generation_id
        self.cursor_position = len(self.value)

    def on_paste(self, event: events.Paste) -> None:
        # A pasted ID replaces the entry's text, cleaned. Other text falls through to
        # Input's own paste handler (Textual calls it next, unless `prevent_default`). Several
        # IDs (one a line, say) stay together on one line: Enter then starts a batch.
        if len(ids := split_ids(event.text)) > 1:
            event.stop()
            event.prevent_default()
            self.show_id(" ".join(ids))
            return
        try:
            generation_id = normalize_id(event.text)
        except InvalidIdError:
            return
        event.stop()
        event.prevent_default()
        self.show_id(generation_id)
