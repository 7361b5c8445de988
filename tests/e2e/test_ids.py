"""Hostile generation IDs reach the server intact (checked by a recording server on 127.0.0.1),
or are refused with a clear message before anything is sent."""

from __future__ import annotations

import json
import re
import shlex
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from explorer.api.ids import MAX_ID_LENGTH
from explorer.ui.clipboard import curl_command
from explorer.demo.synth import synthesize_generation
from explorer.ui.widgets.status_view import StatusView
from tests.e2e.drive import history_store, load, main_view, make_client, run_cli
from tests.e2e.servers import serve
from tests.e2e.terminal import flat, widget_text
from tests.support.app import make_app
from tests.support.sizes import APP_SIZE

ODD_IDS = [
    "gen-1771967973-a&b=c&id=other",
    "gen-1771967973/../../admin/x",
    "gen-1771967973#fragment",
    "gen-1771967973-100%25%zz%",
    "gen 1771967973 with inner spaces",
    "gén-1771967973-日本語-🔥-Ωmega",
    "gen-1771967973+plus?question=1",
    "gen-1771967973;semi,comma'quote\"dq`bt$(whoami)\\back",
    "gen-1771967973-quote'dq\"bt`$(whoami)\\back",
]
# The entry reads whitespace, commas and semicolons as separators between IDs (a list: a batch of
# the IDs in it): IDs holding them go intact through `show`, not through the entry.
ENTRY_ODD_IDS = [gen_id for gen_id in ODD_IDS if not re.search(r"[\s,;]", gen_id)]
TOO_LONG = "gen-" + "x" * 9_996  # 10,000 characters
WITH_ESCAPE = "gen-1771967973-\x1b[31mred"


class RecordingApi:
    """Records the decoded `id` query parameter of every request; answers 404, or (with `found`)
    a generation carrying the ID it was asked for."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str | None]] = []
        self.found = False
        self._lock = threading.Lock()
        self.app = Starlette(routes=[Route("/api/v1/generation", self._answer),
                                     Route("/api/v1/generation/content", self._answer)])

    async def _answer(self, request: Request) -> JSONResponse:
        gen_id = request.query_params.get("id")
        content = request.url.path.endswith("/content")
        with self._lock:
            self.received.append(("content" if content else "generation", gen_id))
        if not self.found or gen_id is None:
            return JSONResponse({"error": {"code": 404, "message": "Generation not found"}}, 404)
        generation, body = synthesize_generation(gen_id, 1_771_967_973)
        return JSONResponse({"data": body if content else {**generation, "id": gen_id}})

    def ids(self) -> list[str | None]:
        with self._lock:
            return [gen_id for _, gen_id in self.received]

    def clear(self) -> None:
        with self._lock:
            self.received.clear()


@pytest.fixture(scope="module")
def recorder():
    api = RecordingApi()
    with serve(api.app) as server:
        api.base_url = server.base_url
        yield api


async def test_app_sends_odd_ids_intact_and_refuses_unusable_ones(recorder):
    recorder.found = False  # 404s: cheap to render, and the ID is shown with the error
    app = make_app(make_client(recorder.base_url))
    async with app.run_test(size=APP_SIZE) as pilot:
        status = app.query_one(StatusView)
        for gen_id in ENTRY_ODD_IDS:
            recorder.clear()
            await load(pilot, gen_id)
            # The metadata request always arrives; the content request runs beside it and is
            # cancelled by the 404, so it may or may not have reached the server.
            assert ("generation", gen_id) in recorder.received, (gen_id, recorder.received)
            assert set(recorder.ids()) == {gen_id}, (gen_id, recorder.received)
            shown = flat(widget_text(app, status))
            assert "Not found (404)" in shown and flat(gen_id) in shown, shown

        for bad, reason in ((TOO_LONG, "the ID is 10,000 characters long"),
                            (WITH_ESCAPE, "control character (U+001B)")):
            recorder.clear()
            await load(pilot, bad)
            shown = flat(widget_text(app, status))
            assert main_view(app) == "status" and "Invalid generation ID" in shown, shown
            assert reason in shown.replace("The ID", "the ID"), shown
            assert recorder.ids() == []  # refused before sending anything
        assert app.is_running


@pytest.mark.parametrize("gen_id", ODD_IDS)
def test_show_sends_odd_ids_intact(recorder, cli_env, capsys, gen_id):
    recorder.found = True
    recorder.clear()
    code, out, err = run_cli(capsys, "show", gen_id, "--json", "--base-url", recorder.base_url)
    assert code == 0, err
    assert sorted(recorder.ids()) == [gen_id, gen_id]
    assert json.loads(out)["id"] == gen_id
    assert history_store().get(gen_id) is not None  # saved under exactly that ID


@pytest.mark.parametrize(("bad", "reason"), [(TOO_LONG, "10,000 characters long"),
                                             (WITH_ESCAPE, "control character (U+001B)")])
def test_show_refuses_unusable_ids_before_sending(recorder, cli_env, capsys, bad, reason):
    recorder.clear()
    code, out, err = run_cli(capsys, "show", bad, "--base-url", recorder.base_url)
    assert code == 2 and out == ""
    assert "Invalid generation ID" in err and reason in err and err.count("\n") == 1
    assert "\x1b" not in err
    assert recorder.ids() == []
    assert len(bad) > MAX_ID_LENGTH or "\x1b" in bad


@pytest.mark.parametrize("gen_id", ODD_IDS)
def test_curl_command_quotes_the_id_for_the_shell_and_the_url(gen_id):
    command = curl_command("http://127.0.0.1:8787/api/v1", gen_id)
    argv = shlex.split(command)  # what a POSIX shell passes to curl
    assert argv[:4] == ["curl", "-s", "-H", "Authorization: Bearer $MODELGATES_API_KEY"]
    assert len(argv) == 5 and "$" not in argv[4] and "`" not in argv[4]
    assert parse_qs(urlsplit(argv[4]).query) == {"id": [gen_id]}
