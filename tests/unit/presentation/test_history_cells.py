"""The history pane's words and cells (pure): the sort and filter descriptions, the count, and
cells fitted to their columns."""

from __future__ import annotations

from explorer.presentation.history_cells import COLUMNS, count_text, filter_text, sort_text
from explorer.store.queries import COUNT_CAP, HistoryFilter
from explorer.store.schema import HistoryRow

COLUMNS_WIDEST = [column.widest for column in COLUMNS]


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
    from explorer.presentation.history_cells import COLUMNS, fit, header_label

    assert fit("abc", 5) == "abc  " and fit("abc", 5, right=True) == "  abc"
    assert fit("anthropic/claude-sonnet-4.5", 10) == "anthropic…"
    assert fit("$0.00094537", 10, right=True) == "$0.0009453"  # a number loses digits, not sense
    assert fit("模型名", 4) == "模 …"  # cells, not characters: a wide character is never cut
    latency = next(c for c in COLUMNS if c.key == "latency")
    assert header_label(latency, "latency", True, 8) == "Latency↓"  # the arrow stays visible
    assert header_label(latency, "latency", True, 9) == "Latency ↓"
    assert header_label(latency, "time", True, 8) == "Latency"


def _row(**values) -> HistoryRow:
    fields = dict(id="gen-1794175805-rpS9wg1QlRRLiiRejeKx", created_at="2026-11-08T22:10:00Z",
                  model="openai/gpt-5-mini", provider="Google AI Studio", api_type="completions",
                  total_cost=0.279, tokens_prompt=91_250, tokens_completion=127_488,
                  tokens_reasoning=None, latency=6840, generation_time=None, attempts=1,
                  failures=0, status="tool_calls", session_id=None, request_id=None,
                  fetched_at=1_795_000_000.0, has_content=True)
    fields.update(values)
    return HistoryRow(**fields)


def _shown(widths) -> dict[str, int]:
    from explorer.presentation.history_cells import COLUMNS

    return {column.key: width for column, width in zip(COLUMNS, widths) if width}


def test_columns_follow_the_width_and_are_left_out_rather_than_cut():
    from explorer.presentation.history_cells import column_widths, content_widths, row_width

    rows = [_row(), _row(id="gen-2", model="meta-llama/llama-4-scout-17b-16e-instruct", provider="Groq")]
    wanted = content_widths(rows)
    wide = _shown(column_widths(198, wanted, "time"))
    assert list(wide) == ["mark", "time", "fetched", "model", "provider", "cost", "latency", "tokens",
                          "attempts", "status", "id"]
    assert wide["provider"] == len("Google AI Studio") and wide["tokens"] == len("91,250 → 127,488")
    assert wide["id"] == len(rows[0].id) and wide["status"] == len("tool_calls")
    assert row_width(column_widths(198, wanted, "time")) == 198 and wide["model"] > 22  # the rest
    assert _shown(column_widths(260, wanted, "time"))["model"] == len(rows[1].model)  # as it needs
    for available in (78, 118, 138, 198):  # each width: the row fits, no cell is cut
        widths = column_widths(available, wanted, "time")
        assert row_width(widths) <= available
        assert all(width >= min(wanted[i], COLUMNS_WIDEST[i]) for i, width in enumerate(widths)
                   if width and i != 3), available
    narrow = _shown(column_widths(78, wanted, "time"))
    assert list(narrow) == ["mark", "time", "model", "provider", "cost"]
    assert narrow["provider"] == len("Google AI Studio")
    # The sorted column always shows (at its header's width: "Latency ↓", "Fetched ↓").
    assert "latency" in _shown(column_widths(78, wanted, "latency"))
    assert _shown(column_widths(78, wanted, "fetched"))["fetched"] == 16
    # Narrower than the always-shown columns: the model column gives way, to a point.
    assert _shown(column_widths(40, wanted, "time"))["model"] == 40 - 24
    assert _shown(column_widths(30, wanted, "time"))["model"] == 8


def test_content_widths_grow_as_rows_are_added():
    from explorer.presentation.history_cells import COLUMNS, NARROWEST, FailedEntry, content_widths

    first = content_widths([_row(provider="OpenAI")])
    assert first[4] == NARROWEST[4]  # "OpenAI" fits the narrowest provider column
    more = content_widths([_row(provider="Quasar Compute Cloud")], first)
    assert more[4] == len("Quasar Compute Cloud") and more[1] == first[1] == 16
    failed = content_widths([FailedEntry("gen-x", "HTTP 404 not found")])
    assert failed[9] == len("HTTP 404 not found") and len(failed) == len(COLUMNS)
    assert content_widths([_row(model="模型名称")])[3] == NARROWEST[3]  # cells, not characters
    assert content_widths([_row(model="模" * 12)])[3] == 24


def test_detail_line_says_what_an_empty_search_searched():
    from explorer.presentation.history_cells import FILTER_COVERS, detail_text

    assert detail_text(None, HistoryFilter()) == "Nothing listed yet."
    assert detail_text(None, HistoryFilter(session_id="s")) == "Nothing matches."
    assert detail_text(None, HistoryFilter(query="OPS-9999")) == (
        f"Nothing matches: the filter searches {FILTER_COVERS}.")
    assert "every message, the completion and the reasoning in full" in FILTER_COVERS
    assert detail_text(None, HistoryFilter(query=" zq ")) == (
        "Nothing matches: a filter under 3 characters searches IDs, model and provider only.")
    row = _row(session_id="s-1", fetched_at=0.0)
    assert detail_text(row, HistoryFilter()) == f"{row.id} · session s-1 · fetched 1970-01-01 00:00:00"


def test_a_short_query_says_it_searches_the_metadata_only():
    assert filter_text(HistoryFilter(query="ab")) == (
        'matching "ab" (under 3 characters: IDs, model and provider only)')
    assert filter_text(HistoryFilter(query="abc")) == 'matching "abc"'
