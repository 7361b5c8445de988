"""The command palette's Screenshot: an SVG of the screen, saved where it can be, said where.

Textual's own command saves to the downloads folder only, and when that folder does not exist
it says "Failed to save screenshot" and no more. This one falls back to the current directory
(and says so), writes the file readable by its owner only (a screenshot shows what the history
holds), and on a real failure says why.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from explorer.export.files import absolute_path, write_private_file
from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from textual.app import App

SCREENSHOT_TITLE = "Screenshot"


def screenshot_directory() -> tuple[Path, str]:
    """Where a screenshot goes: the downloads folder, or the current directory when there is
    none; and, for the second, a note saying why."""
    from platformdirs import user_downloads_path

    downloads = user_downloads_path()
    if downloads.is_dir():
        return downloads, ""
    return absolute_path(os.curdir), f" ({downloads} does not exist)"


def screenshot_name(title: str, now: datetime) -> str:
    """`ModelGates_Explorer_2026-12-01_12-00-00.svg`: the app's title and the time."""
    stem = "".join(char if char.isalnum() else "_" for char in title).strip("_") or "screenshot"
    return f"{stem}_{now:%Y-%m-%d_%H-%M-%S}.svg"


def save_screenshot(app: App) -> Path | None:
    """Save an SVG of `app`'s screen and notify where it went (or why it did not); returns
    the file (None: not saved)."""
    directory, note = screenshot_directory()
    data = app.export_screenshot().encode("utf-8")
    name = screenshot_name(app.title, datetime.now())
    target = directory / name
    try:
        for number in range(2, 100):  # two in the same second: a second name
            try:
                write_private_file(target, data)
                break
            except FileExistsError:
                target = directory / name.replace(".svg", f"_{number}.svg")
        else:
            raise FileExistsError(17, "too many screenshots with this name")
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        app.notify(f"Not saved to {one_line(str(target), 300)}: {one_line(reason, 200)}.",
                   title=SCREENSHOT_TITLE, severity="error", markup=False)
        return None
    app.notify(f"Saved {one_line(str(target), 300)}{one_line(note, 300)}.",
               title=SCREENSHOT_TITLE, markup=False)
    return target


def with_reliable_screenshot(app: App,
                             commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """`commands` (Textual's system commands) with its Screenshot replaced by this module's."""
    for command in commands:
        if command.title == SCREENSHOT_TITLE:
            # After the next refresh: the palette that ran the command is gone by then.
            yield SystemCommand(SCREENSHOT_TITLE,
                                "Save an SVG of the screen (in Downloads, else the current folder)",
                                lambda: app.call_after_refresh(save_screenshot, app))
        else:
            yield command
