"""`ThemeMemory`: which theme the app starts in, and the palette's choice kept for next time.

The order: `MODELGATES_THEME`, then `theme` in the config file (both the `theme` setting),
then the theme last chosen in the palette (kept in `ui-state.json` in the data dir), then
Textual's default. The state file holds UI state only: never a key, a URL or an ID.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection
from pathlib import Path

from explorer.settings import ConfigError, ThemeChoice

STATE_FILE_NAME = "ui-state.json"


def builtin_theme_names() -> list[str]:
    """The themes every Textual app has (the names a `theme` setting may use here)."""
    from textual.theme import BUILTIN_THEMES

    return list(BUILTIN_THEMES)


def theme_setting_problem(choice: ThemeChoice | None) -> str | None:
    """What is wrong with the `theme` setting (one line), if it names no built-in theme."""
    try:
        if choice is not None:
            choice.checked(builtin_theme_names())
    except ConfigError as error:
        return str(error)
    return None


class ThemeMemory:
    """The configured theme (`configured`, from the settings) and the palette's last choice,
    kept in the JSON file at `state_path`."""

    def __init__(self, state_path: Path, configured: ThemeChoice | None = None) -> None:
        self.state_path = state_path
        self.configured = configured
        self._kept: str | None = None  # the theme the file holds, or the app started in

    @classmethod
    def for_user(cls) -> ThemeMemory:
        """The user's: the settings' theme and `ui-state.json` in the data dir. A bad setting
        other than the theme is not this object's to report: the theme setting is then
        ignored and the error is said where the settings are used."""
        from explorer.settings import data_dir, load_settings

        try:
            configured = load_settings().theme
        except ConfigError:
            configured = None
        return cls(data_dir() / STATE_FILE_NAME, configured)

    def starting_theme(self, known: Collection[str]) -> str | None:
        """The theme to start in (None: the default): the configured one (a `ConfigError`
        naming the setting and listing `known` if it is not one of them), else the one kept,
        if it still exists."""
        if self.configured is not None:
            self._kept = self.configured.checked(known)
            return self._kept
        kept = self._read().get("theme")
        self._kept = kept if isinstance(kept, str) and kept in known else None
        return self._kept

    def remember(self, theme: str) -> str | None:
        """Keep `theme` for the next start (nothing is written if it is the one kept already);
        returns why it could not be kept, if so."""
        if theme == self._kept:
            return None
        state = self._read()
        state["theme"] = theme
        try:
            self.state_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            partial = self.state_path.with_name(f".{self.state_path.name}.{os.getpid()}")
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(state, file, indent=2)
            os.replace(partial, self.state_path)  # whole or not at all
        except OSError as error:
            return f"The theme is not kept for the next start: {error.strerror or error}"
        self._kept = theme
        return None

    def _read(self) -> dict:
        """The state file's object; empty if it is missing, unreadable or not an object."""
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}
