"""`BatchTable`: one row per ID of a batch — pending, ok (model, cost) or failed (the error)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from explorer.presentation import formatting as fmt
from explorer.presentation.safe_text import one_line

if TYPE_CHECKING:
    from explorer.api.batch import BatchResult

RESULT_WIDTH = 60


def result_details(result: BatchResult) -> str:
    """`anthropic/claude-3.5-sonnet · $0.0123 · 2 tries`, or the error on one line."""
    if not result.ok:
        return result.error.one_line() if result.error is not None else "failed"
    gen = result.lookup.generation if result.lookup is not None else None
    parts = [] if gen is None else [fmt.text(gen.model), fmt.usd(gen.total_cost)]
    if result.tries > 1:
        parts.append(f"{result.tries} tries (rate limited)")
    if result.lookup is not None and result.lookup.content_error is not None:
        parts.append("no content")
    if result.save_error:
        parts.append(f"not saved: {result.save_error}")
    return " · ".join(parts)


class BatchTable(DataTable):
    """The IDs of a batch in input order; only renders the results it is given."""

    COMPONENT_CLASSES = {"batch-table--ok", "batch-table--failed", "batch-table--pending"}

    DEFAULT_CSS = """
    BatchTable {
        .batch-table--ok { color: $text-success; }
        .batch-table--failed { color: $text-error; }
        .batch-table--pending { color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("enter", "screen.open", "Open", id="batch-open",
                tooltip="Show the highlighted result (a failed ID is looked up again)"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")

    def on_mount(self) -> None:
        self.add_column("#", width=4, key="number")
        self.add_column("Generation ID", width=38, key="id")
        self.add_column("Result", width=8, key="result")
        self.add_column("Details", width=RESULT_WIDTH, key="details")

    def set_ids(self, ids: Sequence[str]) -> None:
        """List `ids`, every one pending."""
        self.clear()
        pending = self._style("pending")
        for number, generation_id in enumerate(ids, start=1):
            self.add_row(Text(str(number), style=pending, justify="right"),
                         Text(one_line(generation_id, 38), no_wrap=True),
                         Text("pending", style=pending), Text(""), key=generation_id)

    def show_result(self, result: BatchResult) -> None:
        """Mark `result.id` ok or failed, with its details."""
        if result.id not in self.rows:
            return
        style = self._style("ok" if result.ok else "failed")
        self.update_cell(result.id, "result", Text("✓ ok" if result.ok else "✗ failed", style=style))
        self.update_cell(result.id, "details",
                         Text(one_line(result_details(result), RESULT_WIDTH), no_wrap=True,
                              style=Style() if result.ok else style))

    def highlighted_id(self) -> str | None:
        """The ID of the highlighted row."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"batch-table--{name}", partial=True)
