"""Saying that the history did not keep a lookup: once for a standing reason (a disabled or
read-only history), every time for a failure of this save (a lock, a full disk)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from explorer.services import Services


def notify_history_warning(node: DOMNode, services: Services, warning: str | None) -> None:
    """Say `warning`: a disabled or read-only history once, a lookup not saved every time."""
    if (said := services.history_warning_to_say(warning)) is not None:
        node.notify(one_line(said, limit=300), title="History", severity="warning", markup=False)
