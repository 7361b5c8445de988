"""What the live view shows of each captured generation, and of all of them: cells and totals.

Pure: a `CaptureRow` (the history's `captures` table joined with the generation's summary) and
the time now in, text out. Network text (IDs, models, providers, reasons) is made one safe line.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from explorer.presentation import formatting as fmt
from explorer.presentation.safe_text import one_line
from explorer.store.captures import FAILED, LOADED, PENDING, CaptureRow, CaptureTotals


@dataclass(frozen=True)
class CaptureColumn:
    """A column of the live view: its title, its width at the narrowest, the most it grows to
    when there is room, and whether its text is right-aligned."""

    title: str
    width: int
    widest: int
    right: bool = False


COLUMNS = (
    CaptureColumn("Time", 8, 8),
    CaptureColumn("Generation ID", 18, 40),
    CaptureColumn("Model", 12, 40),
    CaptureColumn("Provider", 9, 20),
    CaptureColumn("Cost", 10, 10, right=True),
    CaptureColumn("Latency", 8, 8, right=True),
    CaptureColumn("Attempts", 9, 9, right=True),
    CaptureColumn("State", 14, 400),
)
GROWTH = ((7, 20), (1, 40), (7, 40), (2, 40), (3, 20), (7, 400))
"""Who gets the room there is, in turn, and up to how many cells: the state first (a pending
countdown whole), the ID (whole, to be copied), the state again (a reason's first words), the
model, the provider, then the state takes what is left."""
DROP_ORDER = (6, 5, 0)
"""Which columns give way, first to last, when even the narrowest widths do not fit:
attempts, latency, time (what the opened generation shows anyway)."""
CELL_PADDING = 1
"""Cells of space each side of a cell."""


def column_widths(available: int) -> tuple[int, ...]:
    """Each column's width (padding excluded; 0: not shown) in a row `available` cells wide:
    the narrowest widths, less the columns that give way when those do not fit, then the
    room left given in turn (`GROWTH`)."""
    widths = [column.width for column in COLUMNS]

    def spare() -> int:
        shown = [width for width in widths if width]
        return available - sum(shown) - 2 * CELL_PADDING * len(shown)

    for index in DROP_ORDER:
        if spare() >= 0:
            break
        widths[index] = 0
    for index, widest in GROWTH:
        room = spare()
        if room <= 0:
            break
        widths[index] += max(0, min(room, widest - widths[index]))
    return tuple(widths)


def state_text(row: CaptureRow, now: float, pending_window: float) -> str:
    """`pending · 52 s left` (the lookup waits for the stats, up to the pending window),
    `loaded`, or `failed: <reason>`."""
    if row.state == PENDING:
        left = pending_window - (now - row.captured_at)
        return f"pending · {left:.0f} s left" if left >= 0.5 else "pending · overdue"
    if row.state == FAILED:
        return f"failed: {one_line(row.reason or 'no reason given', 300)}"
    if row.state == LOADED:
        return "loaded"
    return one_line(row.state, 40)  # a state this version does not know: shown as it is


def attempts_text(row: CaptureRow) -> str:
    """`3 (2 ✗)`: attempts, with how many failed; a dash before the lookup ended."""
    if row.attempts is None:
        return fmt.DASH
    failed = row.failures or 0
    return f"{row.attempts} ({failed} ✗)" if failed else str(row.attempts)


def row_cells(row: CaptureRow, now: float, pending_window: float) -> tuple[str, ...]:
    """The cells of one capture, in `COLUMNS` order."""
    return (
        time.strftime("%H:%M:%S", time.localtime(row.captured_at)),
        one_line(row.id, 120),
        one_line(fmt.text(row.model), 200),
        one_line(fmt.text(row.provider), 100),
        fmt.usd(row.total_cost) if row.total_cost is not None else fmt.DASH,
        fmt.millis(row.latency) if row.latency is not None else fmt.DASH,
        attempts_text(row),
        state_text(row, now, pending_window),
    )


def totals_text(totals: CaptureTotals) -> str:
    """`12 captured · 9 loaded · 1 pending · 2 failed · $0.0123 · slowest 4.2 s` (the cost:
    the sum over the loaded ones)."""
    if not totals.count:
        return "Nothing captured yet"
    slowest = fmt.millis(totals.slowest_latency) if totals.slowest_latency is not None else fmt.DASH
    return (f"{totals.count:,} captured · {totals.loaded:,} loaded · {totals.pending:,} pending · "
            f"{totals.failed:,} failed · {fmt.usd(totals.total_cost)} · slowest {slowest}")
