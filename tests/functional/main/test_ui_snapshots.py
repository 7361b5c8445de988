"""Snapshot tests (pytest-textual-snapshot): fixed size, no animation or blink, a fake clock.

Update after an intended change with `pytest tests/functional/main --snapshot-update`, then look
at the SVGs.
"""

from __future__ import annotations

from explorer.demo.data import DEMO_CASES
from explorer.services import demo_examples
from explorer.ui.widgets.status_view import StatusView
from tests.support.app import FALLBACK_ID, REASONING_ID, STORM_ID, TOOLS_ID, demo_client
from tests.support.clock import frozen_sleep
from tests.support.pilot import settle, wait_until
from tests.support.sizes import APP_SIZE

SMALL, WIDE, TINY = (80, 24), (200, 50), (60, 20)  # the window sizes the layout adapts to


class TestStart:
    """The start screen, in demo mode (with the example list)."""

    def test_empty_start(self, snap_compare, make_app):
        app = make_app(examples=demo_examples(), demo=True)
        assert snap_compare(app, terminal_size=APP_SIZE)

    def test_help_screen(self, snap_compare, make_app):
        app = make_app(ids=[FALLBACK_ID])
        assert snap_compare(app, terminal_size=APP_SIZE, run_before=settle, press=["question_mark"])


class TestGeneration:
    """A loaded generation: metadata, the attempts waterfall, and each content tab."""

    def test_fallback_chain(self, snap_compare, make_app):
        app = make_app(ids=[FALLBACK_ID])
        assert snap_compare(app, terminal_size=APP_SIZE, run_before=settle)

    def test_fallback_chain_at_80x24(self, snap_compare, make_app):
        app = make_app(ids=[FALLBACK_ID])
        assert snap_compare(app, terminal_size=(80, 24), run_before=settle)

    def test_provider_storm(self, snap_compare, make_app):
        app = make_app(ids=[STORM_ID])
        assert snap_compare(app, terminal_size=APP_SIZE, run_before=settle)

    def test_messages_with_image_and_tool_calls(self, snap_compare, make_app):
        app = make_app(ids=[TOOLS_ID])
        assert snap_compare(app, terminal_size=APP_SIZE, run_before=settle)

    def test_reasoning_tab(self, snap_compare, make_app):
        app = make_app(ids=[REASONING_ID])
        assert snap_compare(app, terminal_size=APP_SIZE, run_before=settle, press=["3"])

    def test_raw_json_tab(self, snap_compare, make_app):
        app = make_app(ids=[FALLBACK_ID])
        assert snap_compare(app, terminal_size=APP_SIZE, run_before=settle, press=["4"])


class TestTodaysFields:
    """Fields of today's API: region and service tier in the panel, the routed tier per
    attempt, and the failure a content answer records with its earlier attempts' errors."""

    def test_region_and_routed_tier(self, snap_compare, make_app):
        app = make_app(ids=[DEMO_CASES["large-content"]])  # us region, flex tier, flex attempt
        assert snap_compare(app, terminal_size=APP_SIZE, run_before=settle)

    def test_content_error_with_previous_errors(self, snap_compare, make_app):
        app = make_app(ids=[DEMO_CASES["all-providers-failed"]])
        assert snap_compare(app, terminal_size=APP_SIZE, run_before=settle, press=["2"])


class TestStates:
    """Errors and the pending countdown, in place of the results."""

    def test_unauthorized_error(self, snap_compare, make_app, clock):
        app = make_app(demo_client(clock, api_key="demo-revoked-key"), ids=[FALLBACK_ID])
        assert snap_compare(app, terminal_size=APP_SIZE, run_before=settle)

    def test_pending_countdown_frozen(self, snap_compare, make_app, clock):
        pending_id = f"gen-{int(clock.now)}-FreshFromTheGateway"
        app = make_app(ids=[pending_id], sleep=frozen_sleep)

        async def until_pending(pilot) -> None:
            await wait_until(pilot, lambda: pilot.app.query_one(StatusView).has_class("-pending"))

        assert snap_compare(app, terminal_size=APP_SIZE, run_before=until_pending)


class TestResponsive:
    """The main screen at a small, a wide and a tiny window: the metadata panel's width, the
    attempts pane's height and columns follow the window."""

    def test_storm_at_80x24(self, snap_compare, make_app):
        app = make_app(ids=[STORM_ID])
        assert snap_compare(app, terminal_size=SMALL, run_before=settle)

    def test_storm_at_200x50(self, snap_compare, make_app):
        app = make_app(ids=[STORM_ID])  # every attempt shows, the model column in full
        assert snap_compare(app, terminal_size=WIDE, run_before=settle)

    def test_fallback_chain_at_200x50(self, snap_compare, make_app):
        app = make_app(ids=[FALLBACK_ID])  # a few attempts: the usual pane height
        assert snap_compare(app, terminal_size=WIDE, run_before=settle)

    def test_fallback_chain_at_60x20(self, snap_compare, make_app):
        app = make_app(ids=[FALLBACK_ID])  # the panel gives way, its labels above the values
        assert snap_compare(app, terminal_size=TINY, run_before=settle)
