"""The history pane's words and cells (pure): the sort and filter descriptions, the count, and
cells fitted to their columns."""

from __future__ import annotations

from explorer.presentation.history_cells import count_text, filter_text, sort_text
from explorer.store.queries import COUNT_CAP, HistoryFilter


def test_sorting_again_reverses_and_a_new_sort_starts_descending():
    by_cost = HistoryFilter().sorted_by("cost")
    assert (by_cost.sort, by_cost.descending) == ("cost", True)
    assert by_cost.sorted_by("cost").descending is False
    assert by_cost.sorted_by("cost").sorted_by("latency").descending is True
    assert sort_text(by_cost) == "sorted by cost ↓"


def test_describe_and_narrowed():
    assert filter_text(HistoryFilter()) == "all generations" and not HistoryFilter().narrowed
    scoped = HistoryFilter(query=" claude ", session_id="s-1")
    assert filter_text(scoped) == 'matching "claude" · session s-1' and scoped.narrowed


def test_count_text():
    assert count_text(1, 1) == "1 generation"
    assert count_text(19, 19) == "19 generations"
    assert count_text(250, 200) == "200 of 250 generations shown"
    assert count_text(COUNT_CAP + 1, 200) == f"200 of {COUNT_CAP:,}+ generations shown"


def test_history_cells_fit_their_columns():
    from explorer.presentation.history_cells import COLUMNS, column_widths, fit, header_label

    assert fit("abc", 5) == "abc  " and fit("abc", 5, right=True) == "  abc"
    assert fit("anthropic/claude-sonnet-4.5", 10) == "anthropic…"
    assert fit("$0.00094537", 10, right=True) == "$0.0009453"  # a number loses digits, not sense
    assert fit("模型名", 4) == "模 …"  # cells, not characters: a wide character is never cut
    natural = column_widths(120)
    assert sum(natural) + 2 * len(COLUMNS) == 120 and natural[2] == 22  # the model column
    assert column_widths(118)[2] == 20 and column_widths(10)[2] == 12  # gives up to a minimum
    latency = next(c for c in COLUMNS if c.key == "latency")
    assert header_label(latency, "latency", True, 8) == "Latency↓"  # the arrow stays visible
    assert header_label(latency, "time", True, 8) == "Latency"
