"""One odd answer hurts only its own lookup (issue 11, "One odd answer takes down more than
itself"): numbers out of range, JSON nested 5,000 deep (in the metadata, or in the content
only), 100,000 headers, a 1 MB header line. `show` gives one clear line (never "internal
error"), the app shows a Failed state (never a traceback), a batch records the ID's error and
carries on, and a stored odd answer opens from the history.
"""

from __future__ import annotations

import pytest

from explorer.api.batch import run_batch
from explorer.api.client import NO_RETRY, GenerationsClient
from explorer.api.errors import (
    MalformedHttpError,
    ResponseTooLargeError,
    UnexpectedError,
    UnshowableResponseError,
)
from explorer.store import HistoryStore
from explorer.store.rebuild import load_stored_lookup
from explorer.ui.lookup_state import Failed, Loaded
from explorer.ui.widgets.metadata_panel import MetadataPanel
from tests.e2e.drive import load
from tests.e2e.hostile_servers import behaviours
from tests.e2e.hostile_servers.behaviours import CONTENT, GENERATION, GENERATION_ID, with_deep_field
from tests.e2e.hostile_servers.conftest import PEAK_MB, SENTINEL, one_clear_line, show, tui_app

DEEP = 5_000
DEEP_METADATA = behaviours.answer_json(generation=with_deep_field(GENERATION, "extra", DEEP))
DEEP_CONTENT = behaviours.answer_json(content=with_deep_field(CONTENT, "input", DEEP))


def test_show_prints_attempts_whose_status_is_1e999_or_nan(hostile):
    server = hostile(behaviours.answer_json(generation=behaviours.odd_statuses()))
    for form in ((), ("--json",), ("--markdown",)):
        run = show(server, "--no-history", *form)
        assert run.code == 0 and "Traceback" not in run.output, run.output[-2000:]
        assert GENERATION["model"] in run.stdout
    assert "Fireworks" in run.stdout and "Together" in run.stdout  # the Markdown attempts table


def test_show_says_deep_metadata_is_too_deep(hostile):
    line = one_clear_line(run := show(hostile(DEEP_METADATA)))
    assert run.code == 1
    assert "Response too large: the JSON is nested more than 200 levels deep" in line


def test_show_keeps_the_metadata_when_only_the_content_is_deep(hostile):
    run = show(hostile(DEEP_CONTENT), "--no-history")
    assert run.code == 0 and "Traceback" not in run.output, run.output[-2000:]
    assert GENERATION["model"] in run.stdout
    assert "Content: Response too large: the JSON is nested more than 200 levels deep" in run.stdout


@pytest.mark.parametrize("behaviour", [behaviours.many_headers(100_000), behaviours.long_header(1024 * 1024)],
                         ids=["100000-headers", "1MB-header-line"])
def test_show_names_what_is_wrong_with_the_headers(hostile, behaviour):
    # `show`, the app and batches read answers with the same HTTP/1.1 reader (`api.http1`).
    run = show(hostile(behaviour))
    line = one_clear_line(run)
    assert run.code == 1 and "Malformed HTTP answer" in line
    assert "headers larger than a client accepts (16 KB)" in line
    assert "400" not in line  # the server sent 200: no made-up status
    assert run.peak_mb < PEAK_MB and run.seconds < 10


async def test_a_batch_records_each_odd_answer_and_carries_on(hostile):
    odd = {"gen-deep": DEEP_METADATA, "gen-headers": behaviours.many_headers(100_000),
           "gen-long-header": behaviours.long_header(), "gen-deep-content": DEEP_CONTENT,
           "gen-odd-status": behaviours.answer_json(generation=behaviours.odd_statuses())}
    server = hostile(behaviours.by_id(odd))
    ids = ["gen-good-1", *odd, "gen-good-2"]
    async with GenerationsClient(server.base_url, SENTINEL, retry=NO_RETRY, timeout=10) as client:
        report = await run_batch(client, ids, concurrency=3)
    results = {result.id: result for result in report.results}
    assert set(results) == set(ids)
    assert isinstance(results["gen-deep"].error, ResponseTooLargeError)
    for odd_headers in ("gen-headers", "gen-long-header"):  # worded as `show` words them
        assert isinstance(results[odd_headers].error, MalformedHttpError)
        assert "headers larger than a client accepts (16 KB)" in results[odd_headers].error.message
    assert results["gen-deep-content"].ok
    assert isinstance(results["gen-deep-content"].lookup.content_error, ResponseTooLargeError)
    assert results["gen-odd-status"].ok
    assert results["gen-good-1"].ok and results["gen-good-2"].ok
    assert report.ok == 4 and report.failed == 3


async def test_a_batch_survives_an_exception_nothing_foresaw():
    class Client:
        async def lookup(self, generation_id: str):
            raise RecursionError(f"maximum recursion depth exceeded ({generation_id})")

    report = await run_batch(Client(), ["gen-a", "gen-b"], concurrency=1)
    assert [r.ok for r in report.results] == [False, False]
    error = report.results[0].error
    assert isinstance(error, UnexpectedError) and "RecursionError" in error.message


async def test_the_app_shows_odd_statuses_and_opens_them_again_from_history(hostile, tmp_path):
    server = hostile(behaviours.answer_json(generation=behaviours.odd_statuses()))
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    client = GenerationsClient(server.base_url, SENTINEL, retry=NO_RETRY, timeout=10)
    app = tui_app(client, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await load(pilot, GENERATION_ID)
        assert isinstance(app.main_screen.state, Loaded)
        stored = load_stored_lookup(store, GENERATION_ID)
        assert stored is not None
        await app.main_screen.show_lookup(stored[0], "from history")
        await pilot.pause()
        state = app.main_screen.state
        assert isinstance(state, Loaded) and state.lookup is stored[0]
    store.close()


async def test_the_app_shows_deep_json_as_one_clear_error(hostile):
    client = GenerationsClient(hostile(DEEP_METADATA).base_url, SENTINEL, retry=NO_RETRY, timeout=10)
    app = tui_app(client)
    async with app.run_test(size=(120, 36)) as pilot:
        await load(pilot, GENERATION_ID)
        state = app.main_screen.state
        assert isinstance(state, Failed) and isinstance(state.error, ResponseTooLargeError)


async def test_the_app_keeps_the_metadata_when_only_the_content_is_deep(hostile):
    client = GenerationsClient(hostile(DEEP_CONTENT).base_url, SENTINEL, retry=NO_RETRY, timeout=10)
    app = tui_app(client)
    async with app.run_test(size=(120, 36)) as pilot:
        await load(pilot, GENERATION_ID)
        state = app.main_screen.state
        assert isinstance(state, Loaded)
        assert isinstance(state.lookup.content_error, ResponseTooLargeError)


async def test_a_rendering_failure_becomes_a_failed_state(hostile, monkeypatch):
    def broken_show(self, *args, **kwargs):
        raise OverflowError("cannot convert float infinity to integer")

    monkeypatch.setattr(MetadataPanel, "show", broken_show)
    client = GenerationsClient(hostile(behaviours.answer_json()).base_url, SENTINEL,
                               retry=NO_RETRY, timeout=10)
    app = tui_app(client)
    async with app.run_test(size=(120, 36)) as pilot:
        await load(pilot, GENERATION_ID)
        state = app.main_screen.state
        assert isinstance(state, Failed) and isinstance(state.error, UnshowableResponseError)
        assert "OverflowError" in state.error.message
        assert app.main_screen.main_view == "status"
