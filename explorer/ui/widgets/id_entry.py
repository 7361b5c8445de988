"""`IdEntry`: the input where generation IDs (or URLs containing `id=`) are pasted or typed."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from explorer.api.errors import InvalidIdError
from explorer.api.ids import ParsedIds, normalize_id, parse_ids, quoted_pieces, split_ids
from explorer.presentation.safe_text import one_line


class IdEntry(Input):
    """The generation ID input.

    Pasted text is cleaned at once (whitespace, quotes, a URL's `id=`) so the user sees the ID
    that will be looked up; a pasted list (whitespace, commas or newlines between) shows on one
    line. Enter reads the text with `parse_ids`: one ID, or several (a batch), shows cleaned,
    selected (the next ID typed replaces it) and goes in `IdSubmitted`; what is not an ID is
    named in a notification. The main screen looks the ID up (or shows why it cannot be one)
    or starts the batch.

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
        """Read what the entry holds, name what is not an ID, show the IDs cleaned and
        selected, and post `IdSubmitted` with them (nothing when none is there)."""
        text = self.value
        parsed = parse_ids(text)
        if parsed.unrecognised:
            self._say_unrecognised(parsed)
            if not parsed.ids:
                return  # nothing to look up: the text stays, to be corrected
        if len(parsed.ids) == 1:
            try:
                self.show_id(normalize_id(parsed.ids[0]))
            except InvalidIdError:  # the main screen says why; the text stays, to be corrected
                self.post_message(self.IdSubmitted(text))
                return
        elif parsed.ids:
            self.show_id(" ".join(parsed.ids))
        self.select_all()
        self.post_message(self.IdSubmitted(self.value))

    def _say_unrecognised(self, parsed: ParsedIds) -> None:
        pieces = quoted_pieces(parsed.unrecognised, quote=lambda piece: f"'{one_line(piece)}'")
        if parsed.ids:
            message, title = f"Left out, not IDs: {pieces}", "Not looked up"
        else:
            message, title = (f"Not a generation ID (gen-…) or a URL with id=…: {pieces}",
                              "Nothing to look up")
        self.notify(message, title=title, severity="warning", markup=False)

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
        # Pasted text replaces the entry's, cleaned: a list (one ID a line, say) on one line, a
        # URL as its ID, what is not an ID as written (Enter names it). Text that cannot be an
        # ID falls through to Input's own paste handler (Textual calls it next, unless
        # `prevent_default`).
        pieces = split_ids(event.text)
        if len(pieces) == 1:
            try:
                pieces = [normalize_id(pieces[0])]
            except InvalidIdError:
                return
        event.stop()
        event.prevent_default()
        self.show_id(" ".join(pieces))
