"""`AnswerFocus`: where focus goes when the answer to a lookup started with Enter shows.

To the answer (the letter keys then work on it), unless something was typed or pasted in the
entry since that Enter: then the keys typed meanwhile stay text in the entry (a `q` typed as
part of the next ID never quits).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.ui.main_screen import MainScreen


class AnswerFocus:
    """The main screen's focus rule for answers to a lookup the entry's Enter started."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen
        self._at_enter: str | None = None  # the entry's text at the Enter of the lookup in flight

    def entered(self, text: str) -> None:
        """A lookup started from the entry, which held `text` at Enter."""
        self._at_enter = text

    def forget(self) -> None:
        """The lookup Enter started is replaced or dropped: so is its focus rule."""
        self._at_enter = None

    def leave_entry_if_untouched(self, focus_answer: Callable[[], object]) -> None:
        """The answer shows: `focus_answer()` unless something was typed or pasted in the entry
        since Enter. Checked once, behind the input already received: in the app's queue, then
        in the entry's."""
        from explorer.ui.widgets.id_entry import IdEntry

        at_enter, self._at_enter = self._at_enter, None
        if at_enter is None:
            return
        screen = self._screen
        entry, token = screen.query_one(IdEntry), screen.lookup_token

        def leave_if_untouched() -> None:
            if token == screen.lookup_token and screen.focused is entry and entry.value == at_enter:
                focus_answer()

        screen.app.call_later(entry.call_later, leave_if_untouched)
