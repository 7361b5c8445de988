"""A completion renders as Markdown only when it reads as Markdown: a bash script shows as
written (its `# comments`, its lines, its `\\` continuations), and `m` still flips it; `m` on
another tab says where it applies instead of changing the Completion tab unseen."""

from __future__ import annotations

from explorer.ui.widgets.content_viewer import ContentViewer
from tests.functional.content.host import ViewerApp
from tests.support.app import TOOLS_ID
from tests.support.lookups import chat_lookup, make_lookup
from tests.support.pilot import settle
from tests.support.screen import notifications, screen_lines, screen_text
from tests.support.sizes import APP_SIZE, VIEWER_SIZE

SCRIPT = """\
# Back up the database every night
BACKUP_DIR=/var/backups/db
mkdir -p "$BACKUP_DIR"
pg_dump --format=custom \\
    --file="$BACKUP_DIR/db.dump" \\
    mydb
"""


async def test_a_bash_script_shows_as_written_and_m_renders_it():
    app = ViewerApp(make_lookup({}, {"output": {"completion": SCRIPT}}), tab=1)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        for line in SCRIPT.splitlines():  # every line, whole and in order
            assert any(shown.strip() == line.strip() for shown in lines), line
        assert "raw text · m: rendered Markdown" in screen_text(app)
        assert not app.viewer.markdown_mode
        app.viewer.toggle_markdown()
        await settle(pilot)
        assert app.viewer.markdown_mode
        assert "# Back up the database" not in screen_text(app)  # now a rendered heading
        assert "rendered Markdown · m: raw text" in screen_text(app)


async def test_a_markdown_answer_renders_and_the_choice_ends_with_the_lookup():
    app = ViewerApp(chat_lookup(), tab=1)
    async with app.run_test(size=VIEWER_SIZE) as pilot:
        await settle(pilot)
        assert app.viewer.markdown_mode and "# Weather" not in screen_text(app)
        app.viewer.toggle_markdown()
        await settle(pilot)
        assert "# Weather" in screen_text(app)
        app.viewer.show(make_lookup({}, {"output": {"completion": SCRIPT}}))
        await settle(pilot)
        assert "# Back up the database every night" in screen_text(app)  # as it looks: raw
        app.viewer.show(chat_lookup())
        await settle(pilot)
        assert "# Weather" not in screen_text(app)  # as it looks: Markdown again


async def test_m_on_the_messages_tab_says_where_it_applies(make_app):
    app = make_app(ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        viewer = app.query_one(ContentViewer)
        viewer.focus_content()
        before = viewer.markdown_mode
        await pilot.press("m")
        assert viewer.markdown_mode is before
        assert notifications(app)[-1].message == (
            "Markdown applies to the Completion tab: press 2, then m.")
        await pilot.press("2")
        await settle(pilot)
        shown_as = viewer.markdown_mode
        await pilot.press("m")
        assert viewer.markdown_mode is not shown_as
