"""The live view's cells: widths that fit any window, the state with its countdown, totals."""

from __future__ import annotations

import pytest

from explorer.presentation.capture_cells import (
    CELL_PADDING,
    COLUMNS,
    attempts_text,
    column_widths,
    row_cells,
    state_text,
    totals_text,
)
from explorer.store.captures import CaptureRow, CaptureTotals

NOW = 1_795_953_600.0


def row(**fields) -> CaptureRow:
    base = dict(id="gen-1795953590-abc", captured_at=NOW - 10, source="proxy", state="pending",
                reason=None, updated_at=NOW - 10)
    return CaptureRow(**{**base, **fields})


@pytest.mark.parametrize("available", [60, 78, 80, 100, 120, 160, 200, 400])
def test_the_shown_columns_fit_the_row(available):
    widths = column_widths(available)
    used = sum(width + 2 * CELL_PADDING for width in widths if width)
    assert used <= max(available, 78)
    assert widths[1] and widths[-1]  # the ID and the state always show


def test_narrow_rows_drop_attempts_latency_and_time_first():
    narrow = column_widths(80)
    assert [COLUMNS[i].title for i, width in enumerate(narrow) if not width] == ["Time", "Latency", "Attempts"]
    assert all(column_widths(200))


def test_room_goes_to_the_state_and_the_whole_id_first():
    assert column_widths(80)[-1] >= len("pending · 60 s left")
    assert column_widths(200)[1] >= len("gen-1795953590-livePendingXXXXXXXXX")


def test_state_text_counts_down_the_pending_window():
    assert state_text(row(), NOW, 60) == "pending · 50 s left"
    assert state_text(row(), NOW + 55, 60) == "pending · overdue"
    assert state_text(row(state="failed", reason="401\nUnauthorized"), NOW, 60) == "failed: 401 Unauthorized"
    assert state_text(row(state="loaded"), NOW, 60) == "loaded"
    assert state_text(row(state="archived"), NOW, 60) == "archived"  # a state from a newer version


def test_cells_of_a_loaded_capture_and_unknowns_as_dashes():
    cells = row_cells(row(state="loaded", model="openai/gpt-4o", provider="OpenAI", total_cost=0.00012,
                          latency=345.0, attempts=3, failures=2), NOW, 60)
    assert cells[2:] == ("openai/gpt-4o", "OpenAI", "$0.00012", "345 ms", "3 (2 ✗)", "loaded")
    assert row_cells(row(), NOW, 60)[2:7] == ("—",) * 5
    assert attempts_text(row(attempts=1, failures=0)) == "1"


def test_network_text_is_one_safe_line():
    cells = row_cells(row(id="gen-1-\x1b[31mred", model="a\nb"), NOW, 60)
    assert "\x1b" not in cells[1] and "\n" not in cells[2]


def test_totals():
    assert totals_text(CaptureTotals()) == "Nothing captured yet"
    assert totals_text(CaptureTotals(4, 1, 2, 1, 0.0066, 59490.0)) == (
        "4 captured · 2 loaded · 1 pending · 1 failed · $0.0066 · slowest 59.49 s")
