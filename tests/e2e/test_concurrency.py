"""Rapid submissions and quitting mid-request, against real servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from explorer.demo.synth import synthesize_generation
from explorer.store import HistoryStore
from explorer.ui.widgets.id_entry import IdEntry
from explorer.ui.widgets.metadata_panel import MetadataPanel
from explorer.ui.widgets.status_view import StatusView
from tests.e2e.drive import make_client
from tests.e2e.servers import serve
from tests.e2e.terminal import shows, widget_text
from tests.support.app import make_app
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_text
from tests.support.sizes import APP_SIZE

IDS = [f"gen-1771967973-rapid{index:02d}" for index in range(20)]
LAST = IDS[-1]


def model_of(gen_id: str) -> str:
    return "rapid/model-" + gen_id[-2:]


class GatedApi:
    """Answers the last ID at once and holds every other request until `release()`.

    `in_flight` counts handlers still running; `idle` is set whenever it drops to zero.
    """

    def __init__(self) -> None:
        self.gate: asyncio.Event | None = None  # created on the server's loop
        self.in_flight = 0
        self.received: list[str] = []
        self.idle = threading.Event()
        self.app = Starlette(routes=[Route("/api/v1/generation", self._answer),
                                     Route("/api/v1/generation/content", self._answer)])

    async def _answer(self, request: Request) -> JSONResponse:
        if self.gate is None:
            self.gate = asyncio.Event()
        gen_id = request.query_params["id"]
        self.received.append(gen_id)
        self.in_flight += 1
        self.idle.clear()
        try:
            if gen_id != LAST:
                await self.gate.wait()
            generation, content = synthesize_generation(gen_id, 1_771_967_973)
            if request.url.path.endswith("/content"):
                return JSONResponse({"data": content})
            return JSONResponse({"data": {**generation, "id": gen_id, "model": model_of(gen_id)}})
        finally:
            self.in_flight -= 1
            if self.in_flight == 0:
                self.idle.set()


async def test_twenty_rapid_submissions_show_only_the_last(tmp_path):
    api = GatedApi()
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    with serve(api.app) as server:
        app = make_app(make_client(server.base_url), store=store)
        async with app.run_test(size=APP_SIZE) as pilot:
            entry = app.query_one(IdEntry)
            for gen_id in IDS:  # what typing and Enter do, 20 times, without waiting
                entry.value = gen_id
                await entry.action_submit()
            await wait_until(pilot, lambda: app.main_screen.lookup is not None)
            assert app.main_screen.lookup.id == LAST

            # Now let every earlier request answer, and let the app take anything that comes.
            server.call_soon(lambda: api.gate.set())
            assert await asyncio.to_thread(api.idle.wait, 10), "the server never finished"
            await settle(pilot)

            assert app.main_screen.lookup.id == LAST
            metadata = widget_text(app, app.query_one(MetadataPanel))
            assert shows(metadata, model_of(LAST)), metadata
            text = screen_text(app)
            assert not [gen_id for gen_id in IDS[:-1] if model_of(gen_id) in text or gen_id in text]
            assert LAST in api.received  # and earlier ones were sent, then abandoned
            # No lookup is left running, and only the last generation reached the history.
            assert [w for w in app.workers if not w.is_finished] == []
            await wait_until(pilot, lambda: store.count() == 1)
            assert store.get(LAST) is not None
        left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
        assert left == [], left


@pytest.mark.parametrize("how", ["q", "exit"])
async def test_quitting_during_a_request_exits_within_a_second(demo_api, how):
    app = make_app(make_client(demo_api.base_url))
    async with app.run_test(size=APP_SIZE) as pilot:
        entry = app.query_one(IdEntry)
        entry.value = "fault-hang"  # the server holds it for HANG_SECONDS
        await entry.action_submit()
        status = app.query_one(StatusView)
        await wait_until(pilot, lambda: status.has_class("-loading"))
        assert [w for w in app.workers if w.group == "lookup" and not w.is_finished]
        started = time.monotonic()
        if how == "q":
            # In flight, letters type in the entry: leave it first (tab: escape would cancel).
            await pilot.press("tab", "q")
        else:
            app.exit()
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, f"quitting took {elapsed:.2f} s"
    assert app.return_code == 0
    assert [w for w in app.workers if not w.is_finished] == []
    left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    assert left == [], left
