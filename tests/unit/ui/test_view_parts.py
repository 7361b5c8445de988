"""The plain parts behind the views, without an app: the batch results of a session, the
row list's scrollbar, and what the view modules import at start-up."""

from __future__ import annotations

import subprocess
import sys

from explorer.api.batch import BatchResult
from explorer.api.errors import NotFoundError
from explorer.ui.session_results import SessionResults


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
