"""The export key: ask where to save the generation on screen, write it off the loop, say how it
went. Light to import: the dialog and the writers load when the key is first pressed."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from textual.widget import Widget

    from explorer.api.client import Lookup
    from explorer.ui.dialogs.export import ExportRequest


def ask_and_export(owner: Widget, lookup: Lookup, *, blink: bool) -> None:
    """Open the export dialog for `lookup`; once it is answered, write the file in a worker of
    `owner` and notify the result."""
    from explorer.export.files import default_export_path
    from explorer.ui.dialogs.export import ExportDialog

    def on_answer(request: ExportRequest | None) -> None:
        if request is not None:
            owner.run_worker(export(owner, lookup, request), group="export", exit_on_error=False)

    owner.app.push_screen(ExportDialog(default_export_path(lookup.id), blink=blink), on_answer)


async def export(owner: Widget, lookup: Lookup, request: ExportRequest) -> None:
    """Write `lookup` as `request` says (in a thread) and notify from `owner` how it went."""
    from explorer.export.files import write_export

    try:
        path, size = await asyncio.to_thread(write_export, lookup, request.path,
                                             overwrite=request.overwrite)
    except FileExistsError:
        owner.notify(f"Not exported: {one_line(request.path, 200)} exists (it was not "
                     "overwritten).", title="Export", severity="error", markup=False)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        owner.notify(f"Not exported to {one_line(request.path, 200)}: {one_line(reason, 200)}",
                     title="Export", severity="error", markup=False)
    else:
        owner.notify(f"Saved {one_line(str(path), 200)} ({size:,} bytes).", title="Exported",
                     markup=False)
