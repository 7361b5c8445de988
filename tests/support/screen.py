"""Reading back what an app shows: the screen, and the notifications it raised.

- `screen_strips(app)`: the screen as the terminal shows it, one Strip (of Segments) per row.
- `screen_lines(app)` / `screen_text(app)`: the same as plain text, what a user reads (each
  row without its trailing blanks; the text joins the rows with newlines).
- `record_notify(app)` when the app is made, then `notifications(app)`: every
  notification it raised since (on-screen toasts expire after a few seconds; these stay).
"""

from __future__ import annotations

from typing import NamedTuple, TypeVar
from weakref import WeakKeyDictionary

from textual.app import App
from textual.strip import Strip

from explorer.ui import compat


def screen_strips(app: App) -> list[Strip]:
    """The screen as the terminal shows it now (a translucent dialog over what is beneath
    it): one Strip of Segments per row."""
    return compat.screen_strips(app)


def screen_lines(app: App) -> list[str]:
    """The screen as plain text, one line per row, without trailing blanks."""
    return [strip.text.rstrip() for strip in screen_strips(app)]


def screen_text(app: App) -> str:
    """The screen as plain text: `screen_lines` joined with newlines."""
    return "\n".join(screen_lines(app))


class Notified(NamedTuple):
    """One `App.notify` call."""

    message: str
    title: str
    severity: str


AppT = TypeVar("AppT", bound=App)
_RECORDS: WeakKeyDictionary[App, list[Notified]] = WeakKeyDictionary()


def record_notify(app: AppT) -> AppT:
    """Record every notification `app` raises from now on (see `notifications`); returns `app`.

    Wraps the app's public `notify`, which every `Widget.notify` calls too."""
    if app in _RECORDS:
        return app
    shown = _RECORDS[app] = []
    notify = app.notify

    def recording(message: str, *, title: str = "", severity: str = "information",
                  **options) -> None:
        shown.append(Notified(str(message), title, severity))
        notify(message, title=title, severity=severity, **options)

    app.notify = recording  # type: ignore[method-assign]
    return app


def notifications(app: App) -> list[Notified]:
    """Every notification `app` raised since `record_notify(app)`, oldest first."""
    try:
        return list(_RECORDS[app])
    except KeyError:
        raise AssertionError("the app was not made with record_notify(app)") from None
