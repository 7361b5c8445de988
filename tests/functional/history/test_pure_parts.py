"""The plain (Textual-free) parts behind the views: the history filter and pages, the batch
results of a session, and rebuilding a lookup from the history."""

from __future__ import annotations

import subprocess
import sys

from explorer.api.errors import NotFoundError
from explorer.api.batch import BatchResult
from explorer.demo.data import DEMO_CASES, get_demo_record
from explorer.store.rebuild import ContentNotInHistory, load_stored_lookup, lookup_from_stored
from explorer.presentation.history_cells import count_text, fetched_note, filter_text, sort_text
from explorer.store.queries import COUNT_CAP, HistoryFilter, read_page
from explorer.store.schema import StoredGeneration
from explorer.ui.session_results import SessionResults


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


def test_read_page_pages_and_counts(store):
    first = read_page(store, HistoryFilter(), 0, limit=10)
    assert len(first.rows) == 10 and first.total == 21 and first.has_more
    rest = read_page(store, HistoryFilter(), 10, limit=20)
    assert len(rest.rows) == 11 and rest.total is None and not rest.has_more
    assert not {r.id for r in first.rows} & {r.id for r in rest.rows}
    assert read_page(None, HistoryFilter()).rows == []


def test_session_results_remember_failures_until_a_success():
    results = SessionResults()
    results.record(BatchResult(id="gen-a", ok=False, error=NotFoundError("no such generation")))
    results.record(BatchResult(id="gen-b", ok=True))
    assert results.mark("gen-a") == "✗" and results.mark("gen-b") == "✓" and results.mark("x") == ""
    ((failed_id, error),) = results.failures_matching("A")  # the ID, case-insensitive
    assert failed_id == "gen-a" and "no such generation" in error
    assert results.failures_matching("zzz") == []
    results.record(BatchResult(id="gen-a", ok=True))
    assert results.mark("gen-a") == "✓" and results.failed == {}


def test_lookup_from_stored_matches_the_raw_json():
    record = get_demo_record(DEMO_CASES["tool-chat-image"])
    lookup = lookup_from_stored(StoredGeneration(record.generation, record.content, 1_795_000_000.0))
    assert lookup.id == record.id and lookup.raw_generation == record.generation
    assert lookup.raw_content == record.content and lookup.content is not None
    assert lookup.fetched_at == 1_795_000_000.0 and lookup.content_error is None
    bare = lookup_from_stored(StoredGeneration(record.generation, None, 1.0))
    assert bare.content is None and isinstance(bare.content_error, ContentNotInHistory)


def test_load_stored_lookup_notes_when_it_was_fetched(store):
    lookup, fetched_at = load_stored_lookup(store, DEMO_CASES["fallback-chain"])
    note = fetched_note(fetched_at)
    assert lookup.id == DEMO_CASES["fallback-chain"]
    assert note.startswith("from history · fetched 20")
    assert load_stored_lookup(store, "gen-missing") is None
    assert load_stored_lookup(None, "gen-missing") is None


def test_the_view_modules_import_nothing_heavy_at_start_up():
    code = (
        "import sys\n"
        "import explorer.ui.app, explorer.ui.screens.history, explorer.ui.screens.batch\n"
        "import explorer.ui.screens.compare, explorer.ui.screens.provider_stats\n"
        "import explorer.ui.dialogs.export, explorer.store.rebuild, explorer.export.files\n"
        "heavy = ('pydantic', 'httpx', 'aiohttp', 'starlette', 'explorer.demo', 'explorer.store.history',\n"
        "         'explorer.api.batch', 'rich.markdown')\n"
        "print(sorted(name for name in heavy if name in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


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


def test_the_scrollbar_is_drawn_like_textuals():
    from rich.color import Color

    from explorer.ui.lines.row_list import scrollbar

    back, bar = Color.parse("#222222"), Color.parse("#888888")
    track = scrollbar(10, 10, 10, 0, 2, back, bar)  # everything fits: a bare track
    assert len(track) == 10 and all(s.text == "  " and s.style.bgcolor == back for s in track)
    top = scrollbar(10, 100, 10, 0, 2, back, bar)
    bottom = scrollbar(10, 100, 10, 90, 2, back, bar)
    assert len(top) == len(bottom) == 10
    assert top[0].style.reverse and not top[-1].style.reverse  # the thumb at the top…
    assert bottom[-1].style.reverse and not bottom[0].style.reverse  # …and at the bottom
