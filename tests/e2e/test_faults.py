"""Server faults over real TCP: every error status, broken bodies, a hang, a reset, a refused
connection. Each gives a specific message in the app and from `show`, the app stays usable, and
nothing reaches the history."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import pytest_asyncio

from explorer.store import HistoryStore
from explorer.ui.widgets.lookup_pane import FailedLookupNotice
from explorer.ui.widgets.metadata_panel import MetadataPanel
from explorer.ui.widgets.status_view import StatusView
from tests.e2e.drive import (
    GOOD_ID,
    GOOD_MODEL,
    SHORT_TIMEOUT,
    TIMEOUT,
    history_store,
    load,
    main_view,
    make_client,
    run_cli,
)
from tests.e2e.terminal import flat, shows, widget_text
from tests.support.app import make_app
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_text
from tests.support.sizes import APP_SIZE


@dataclass(frozen=True)
class Fault:
    id: str
    title: str
    message: str  # a fragment of the specific message (as the status view shows it)
    hint: str  # a fragment of what to do about it
    timeout: float = TIMEOUT

    def __str__(self) -> str:
        return self.id


FAULTS = [
    Fault("fault-401", "Unauthorized (401)", "User not found.", "Check MODELGATES_API_KEY"),
    Fault("fault-402", "Payment required (402)", "Insufficient credits", "out of credits"),
    Fault("fault-403", "Forbidden (403)", "cannot read generations created by another account",
          "only the account that made the generation can read it"),
    Fault("fault-404", "Not found (404)", "Generation not found", "Check the ID"),
    Fault("fault-429", "Rate limited (429)", "Rate limit exceeded: 20 requests per minute",
          "asks to wait 1 s before retrying"),
    Fault("fault-500", "Server error (500)", "Internal Server Error", "retrying usually helps"),
    Fault("fault-502", "Bad gateway (502)", "Provider returned error", "upstream provider or proxy failed"),
    Fault("fault-524", "Edge timeout (524)", "did not respond within 100 seconds", "at the edge network"),
    Fault("fault-529", "Provider overloaded (529)", "Provider returned error", "temporarily overloaded"),
    Fault("fault-html", "Bad gateway (502)", "with an HTML page instead of JSON", "proxy failed"),
    Fault("fault-truncated", "Invalid response", "the JSON body is truncated", "check the base URL"),
    Fault("fault-wrong-shape", "Invalid response", "field 'data' should be an object", "check the base URL"),
    Fault("fault-hang", "Timed out", "127.0.0.1", "raise MODELGATES_TIMEOUT", timeout=SHORT_TIMEOUT),
    Fault("fault-reset", "Network error", "was reset or closed mid-response", "Check the base URL"),
]


def sentence(fragment: str) -> str:
    """The status view starts messages with a capital letter."""
    return fragment[:1].upper() + fragment[1:]


async def assert_fails_then_recovers(app, pilot, store: HistoryStore, fault: Fault) -> None:
    fault_id = fault.id
    before = store.count()  # 0, or 1 (the good ID) when the session is shared
    shown_before = app.main_screen.lookup
    await load(pilot, fault_id)
    if shown_before is None:  # the error in place of the results
        assert main_view(app) == "status"
        status = flat(widget_text(app, app.query_one(StatusView)))
    else:  # a generation on screen stays, under the error (the session is shared)
        assert main_view(app) == "results" and app.main_screen.lookup is shown_before
        status = flat(widget_text(app, app.query_one(FailedLookupNotice)))
    assert fault.title in status and fault.hint in status, status
    assert sentence(fault.message) in status or fault.message in status, status
    assert "Traceback" not in screen_text(app)
    assert store.get(fault_id) is None and store.count() == before
    # The same session goes on: a good ID loads and is saved.
    await load(pilot, GOOD_ID)
    await wait_until(pilot, lambda: store.count() == 1)
    assert main_view(app) == "results" and app.main_screen.lookup is not None and app.main_screen.lookup.id == GOOD_ID
    metadata = widget_text(app, app.query_one(MetadataPanel))
    assert shows(metadata, GOOD_MODEL), metadata
    assert store.get(GOOD_ID) is not None and store.get(fault_id) is None
    assert app.is_running


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def shared_app(demo_api, tmp_path_factory):
    """One app session for the whole fault matrix: a lookup renders in ~1 s of CPU, so a new
    app per fault would cost more than the faults themselves; sharing one also proves the
    session survives every fault in a row."""
    store = HistoryStore.open(tmp_path_factory.mktemp("faults") / "history.sqlite3")
    app = make_app(make_client(demo_api.base_url), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        yield app, pilot, store


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("fault", [f for f in FAULTS if f.timeout == TIMEOUT], ids=str)
async def test_app_shows_the_fault_and_stays_usable(shared_app, fault):
    app, pilot, store = shared_app
    await assert_fails_then_recovers(app, pilot, store, fault)


async def test_app_times_out_on_a_hanging_server_and_stays_usable(demo_api, tmp_path):
    (fault,) = [f for f in FAULTS if f.id == "fault-hang"]
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    app = make_app(make_client(demo_api.base_url, timeout=fault.timeout), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await assert_fails_then_recovers(app, pilot, store, fault)


async def test_app_connection_refused_then_server_comes_back(refusing_port, tmp_path):
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    app = make_app(make_client(refusing_port.base_url), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await load(pilot, GOOD_ID)
        status = flat(widget_text(app, app.query_one(StatusView)))
        assert "Network error" in status and "Connection to 127.0.0.1 refused" in status, status
        assert store.count() == 0
        refusing_port.listen()
        await pilot.press("r")  # retry: the same ID, now served
        await settle(pilot)
        assert main_view(app) == "results" and app.main_screen.lookup is not None and app.main_screen.lookup.id == GOOD_ID
        await wait_until(pilot, lambda: store.count() == 1)


async def test_app_loads_schema_drift_and_shows_dashes(demo_api, tmp_path):
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    app = make_app(make_client(demo_api.base_url), store=store)
    async with app.run_test(size=APP_SIZE) as pilot:
        await load(pilot, "fault-drift")
        assert main_view(app) == "results"
        generation = app.main_screen.lookup.generation
        assert generation.total_cost is None and generation.latency is None
        assert {"carbon_grams", "schema_version", "cost_breakdown"} <= set(generation.extra_fields)
        metadata = widget_text(app, app.query_one(MetadataPanel))
        assert "—" in metadata and shows(metadata, "realtime") and shows(metadata, "content_filter_v2")
        await wait_until(pilot, lambda: store.count() == 1)  # a good answer: saved


# -- the CLI ---------------------------------------------------------------------------------


def assert_one_line_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 1, (code, out, err)
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and "internal error:" not in err
    for fragment in fragments:
        assert fragment in err, err


@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_show_prints_one_line_and_exit_1(demo_api, cli_env, capsys, fault):
    cli_env.setenv("MODELGATES_TIMEOUT", str(fault.timeout))
    code, out, err = run_cli(capsys, "show", fault.id, "--base-url", demo_api.base_url)
    assert_one_line_error(code, out, err, fault.title, fault.message, fault.hint)
    store = history_store()
    assert store.count() == 0 and store.get(fault.id) is None


def test_show_connection_refused(refusing_port, cli_env, capsys):
    code, out, err = run_cli(capsys, "show", GOOD_ID, "--base-url", refusing_port.base_url)
    assert_one_line_error(code, out, err, "Network error", "connection to 127.0.0.1 refused",
                          "Check the base URL and your connection")
    assert history_store().count() == 0


def test_show_schema_drift_loads(demo_api, cli_env, capsys):
    code, out, err = run_cli(capsys, "show", "fault-drift", "--base-url", demo_api.base_url)
    assert code == 0 and err == "", err
    assert "content_filter_v2" in out and "carbon_grams" in out and "—" in out
    assert history_store().get("fault-drift") is not None
