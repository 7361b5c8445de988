"""Snapshots of the content viewer at a fixed size (animations off, nothing time-dependent)."""

from __future__ import annotations

from tests.functional.content.host import ViewerApp
from tests.support.lookups import chat_lookup, forbidden_lookup, hostile_lookup
from tests.support.pilot import settle
from tests.support.sizes import VIEWER_SIZE


class TestContentViewerSnapshots:
    def test_chat_messages_with_image_and_tool_calls(self, snap_compare):
        assert snap_compare(ViewerApp(chat_lookup(), tab=0), terminal_size=VIEWER_SIZE,
                            run_before=settle)

    def test_completion_rendered_markdown(self, snap_compare):
        assert snap_compare(ViewerApp(chat_lookup(), tab=1), terminal_size=VIEWER_SIZE,
                            run_before=settle)

    def test_reasoning(self, snap_compare):
        assert snap_compare(ViewerApp(chat_lookup(), tab=2), terminal_size=VIEWER_SIZE,
                            run_before=settle)

    def test_raw_json(self, snap_compare):
        assert snap_compare(ViewerApp(chat_lookup(), tab=3), terminal_size=VIEWER_SIZE,
                            run_before=settle)

    def test_hostile_messages_shown_literally(self, snap_compare):
        assert snap_compare(ViewerApp(hostile_lookup(), tab=0), terminal_size=VIEWER_SIZE,
                            run_before=settle)

    def test_hostile_completion_raw_text(self, snap_compare):
        assert snap_compare(ViewerApp(hostile_lookup(), tab=1, markdown=False),
                            terminal_size=VIEWER_SIZE, run_before=settle)

    def test_content_not_stored(self, snap_compare):
        assert snap_compare(ViewerApp(forbidden_lookup(), tab=1), terminal_size=VIEWER_SIZE,
                            run_before=settle)
