"""The export key: ask where to save the generation on screen; the dialog writes it off the loop
(and stays open, with the reason, when it cannot); say where it went. Light to import: the
dialog and the writers load when the key is first pressed."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from pathlib import Path

    from textual.widget import Widget

    from explorer.api.client import Lookup
    from explorer.ui.dialogs.export import ExportRequest, ExportSaved


def ask_and_export(owner: Widget, lookup: Lookup, *, blink: bool) -> None:
    """Open the export dialog for `lookup`; once the file is written, notify from `owner`."""
    from explorer.export.files import default_export_path, write_export
    from explorer.ui.dialogs.export import ExportDialog

    async def write(request: ExportRequest) -> tuple[Path, int]:
        return await asyncio.to_thread(write_export, lookup, request.path,
                                       overwrite=request.overwrite)

    def on_answer(saved: ExportSaved | None) -> None:
        if saved is not None:
            owner.notify(f"Saved {one_line(str(saved.path), 300)} ({saved.size:,} bytes).",
                         title="Exported", markup=False)

    owner.app.push_screen(ExportDialog(default_export_path(lookup.id), write, blink=blink),
                          on_answer)
