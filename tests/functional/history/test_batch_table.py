"""The batch view at wire speed: its table draws only the rows on screen, and results arriving
faster than frames repaint the view at a bounded rate, not once per result."""

from __future__ import annotations

import json
import time

import httpx
from textual.app import App, ComposeResult

from explorer.api.client import NO_RETRY, GenerationsClient
from explorer.demo.data import DEMO_CASES, get_demo_record
from explorer.settings import DEMO_API_KEY, DEMO_BASE_URL
from explorer.ui.screens.batch import PROGRESS_INTERVAL, BatchScreen
from explorer.ui.widgets.batch_table import BatchTable
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_text
from tests.support.sizes import APP_SIZE

RECORD = get_demo_record(DEMO_CASES["fallback-chain"])


def instant_api() -> httpx.MockTransport:
    """Answers every ID at once with the fallback-chain generation (the ID swapped in)."""
    content = json.dumps({"data": RECORD.content}).encode()

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/content"):
            return httpx.Response(200, content=content)
        generation = dict(RECORD.generation, id=request.url.params["id"])
        return httpx.Response(200, json={"data": generation})

    return httpx.MockTransport(answer)


async def test_results_faster_than_frames_repaint_the_view_at_a_bounded_rate(
        make_app, empty_store, monkeypatch):
    redraws = []
    original = BatchTable.redraw
    monkeypatch.setattr(BatchTable, "redraw", lambda self: (redraws.append(1), original(self)))
    ids = [f"gen-1795012327-batch{n:015d}" for n in range(400)]
    client = GenerationsClient(DEMO_BASE_URL, DEMO_API_KEY, transport=instant_api(), retry=NO_RETRY)
    app = make_app(client, ids=ids, store=empty_store, batch_concurrency=32)
    started = time.monotonic()
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        elapsed = time.monotonic() - started
        assert "400 / 400 done · 400 ok · 0 failed" in screen_text(app)
        assert empty_store.count(cap=None) == 400
    # One repaint per interval at most (and the last one): never one per result.
    assert len(redraws) <= elapsed / PROGRESS_INTERVAL + 2, (len(redraws), elapsed)
    assert len(redraws) < 100


class CountingTable(BatchTable):
    """Counts the rows it draws."""

    drawn: list[int] = []

    def render_row(self, row, width, style, top):
        self.drawn.append(row)
        return super().render_row(row, width, style, top)


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield CountingTable()


async def test_a_hundred_thousand_ids_draw_only_the_rows_on_screen():
    CountingTable.drawn = []
    app = TableApp()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(CountingTable)
        table.set_ids([f"gen-1795012327-batch{n:015d}" for n in range(100_000)])
        table.focus()
        await pilot.pause()
        assert 0 < len(CountingTable.drawn) <= 30
        assert max(CountingTable.drawn) < 30
        await pilot.press("end")
        await pilot.pause()
        assert table.highlighted_id() == "gen-1795012327-batch000000000099999"
        assert "100000" in screen_text(app) and "pending" in screen_text(app)
        assert len(CountingTable.drawn) <= 60  # the first screen, then the last one
