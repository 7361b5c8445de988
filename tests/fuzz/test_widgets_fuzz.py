"""The real widgets render fuzzed generations in a running app: no exception, every tab, and
nothing but text reaches the terminal. One app serves every example (starting an app per
example would cost more than the rendering being tested)."""

from __future__ import annotations

import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical

from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall
from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.widgets.metadata_panel import MetadataPanel
from tests.e2e.terminal import assert_terminal_safe
from tests.fuzz.lookups import lookups
from tests.support.clock import FakeClock
from tests.support.pilot import settle
from tests.support.sizes import APP_SIZE


class WidgetsHost(App[None]):
    """The explorer's three rendering widgets, side by side as in the app."""

    CSS = "MetadataPanel { width: 48; } #right { width: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield MetadataPanel(id="metadata")
            with Vertical(id="right"):
                yield AttemptsWaterfall(id="attempts")
                yield ContentViewer(id="content")


@pytest_asyncio.fixture
async def host():
    app = WidgetsHost()
    async with app.run_test(size=APP_SIZE) as pilot:
        yield app, pilot


@settings(derandomize=True, deadline=None, max_examples=20,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(lookup=lookups(), tabs=st.lists(st.integers(0, 3), min_size=1, max_size=2, unique=True),
       toggle_markdown=st.booleans())
async def test_widgets_render_any_parsed_generation(host, lookup, tabs, toggle_markdown):
    """Each example shows one or two tabs (a tab switch costs a repaint): over the examples
    every tab is shown many times."""
    app, pilot = host
    # (A dead app's exception is raised when the `host` fixture closes.)
    assert app.is_running, "the app died on an earlier example"
    app.query_one(MetadataPanel).show(lookup.generation, FakeClock().datetime())
    app.query_one(AttemptsWaterfall).show(lookup.generation.provider_responses)
    viewer = app.query_one(ContentViewer)
    viewer.show(lookup)
    if toggle_markdown:
        viewer.toggle_markdown()  # the completion as raw text (or back to Markdown)
    for tab in tabs:
        viewer.activate_tab(tab)
        await settle(pilot)
        assert app.is_running, f"the app died on tab {tab + 1}"
        assert_terminal_safe(app, f"tab {tab + 1}")
