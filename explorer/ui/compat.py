"""Every use of Textual's private API, in one place.

The explorer uses Textual's public API everywhere else. Each entry below says which private
name it touches and why the public API does not serve; `tests/unit/ui/test_compat.py` has a test
per entry that fails when a Textual upgrade changes what the entry relies on.
"""

from __future__ import annotations

from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget


class QuietFocusScreen(Screen):
    """A screen that does not repaint itself when focus moves.

    Private: redefines `Screen.focused` (a reactive with `repaint=True` in Textual). Focus moves
    on every lookup, and a whole-screen repaint costs more than the lookup; the widgets that look
    different with focus repaint themselves.
    """

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
