"""Every main-screen view at the two sizes the issue names, 80×24 and 200×50 (the views of
their own — history, batch, statistics, compare, live — have theirs beside their tests): the
start screen, the help, a generation's attempt in detail, the content search, an error.

Update after an intended change with `pytest tests/functional/main --snapshot-update`, then look
at the SVGs.
"""

from __future__ import annotations

import pytest

from explorer.demo.data import DEMO_CASES
from explorer.services import demo_examples
from explorer.ui.dialogs.attempt_detail import AttemptDetailDialog
from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall
from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.widgets.status_view import StatusView
from tests.support.app import FALLBACK_ID, TOOLS_ID, demo_client
from tests.support.pilot import settle, wait_until

SIZES = pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])


@SIZES
def test_start(snap_compare, make_app, size):
    app = make_app(examples=demo_examples(), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@SIZES
def test_help(snap_compare, make_app, size):
    app = make_app(ids=[FALLBACK_ID])
    assert snap_compare(app, terminal_size=size, run_before=settle, press=["question_mark"])


@SIZES
def test_attempt_detail(snap_compare, make_app, size):
    app = make_app(ids=[DEMO_CASES["all-providers-failed"]])  # errors reported per attempt

    async def open_failed_attempt(pilot) -> None:
        await settle(pilot)
        pilot.app.query_one(AttemptsWaterfall).focus()
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AttemptDetailDialog))

    assert snap_compare(app, terminal_size=size, run_before=open_failed_attempt)


@SIZES
def test_content_search(snap_compare, make_app, size):
    app = make_app(ids=[TOOLS_ID])

    async def search(pilot) -> None:
        await settle(pilot)
        pilot.app.query_one(ContentViewer).view("messages").focus()
        await pilot.press("slash", *"the", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=search)


@SIZES
def test_unauthorized(snap_compare, make_app, clock, size):
    app = make_app(demo_client(clock, api_key="demo-revoked-key"), ids=[FALLBACK_ID])

    async def failed(pilot) -> None:
        await settle(pilot)
        assert pilot.app.query_one(StatusView).has_class("-error")

    assert snap_compare(app, terminal_size=size, run_before=failed)
