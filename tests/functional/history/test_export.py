"""Export (e): a path prompt with a default name, the format by extension or ctrl+t, a second
enter before overwriting, errors as notifications, and never the API key in the file."""

from __future__ import annotations

import json
import os

from textual.widgets import Input

from explorer.ui.dialogs.export import ExportDialog
from tests.support.app import FALLBACK_ID, TOOLS_ID, demo_client
from tests.support.pilot import settle
from tests.support.screen import notifications, screen_text
from tests.support.sizes import APP_SIZE

SECRET = "sk-mg-v1-EXPORT-SECRET-0123456789abcdef"


def messages(app) -> list[str]:
    return [n.message for n in notifications(app)]


async def export_to(pilot, path: str) -> ExportDialog:
    await pilot.press("e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    dialog.query_one(Input).value = path
    await pilot.press("enter")
    await settle(pilot)
    return dialog


async def test_e_writes_markdown_with_the_content(make_app, tmp_path, clock):
    app = make_app(demo_client(clock, api_key=SECRET), ids=[TOOLS_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one(Input).value == f"./{TOOLS_ID}.md"
        await pilot.press("escape")
        target = tmp_path / "report.md"
        await export_to(pilot, str(target))
        assert not isinstance(app.screen, ExportDialog)
        text = target.read_text(encoding="utf-8")
        assert text.startswith(f"# Generation {TOOLS_ID}")
        assert "## Provider attempts" in text and "Messages" in text
        assert SECRET not in text
        assert any("Saved" in m and "report.md" in m for m in messages(app))


async def test_ctrl_t_switches_to_json(make_app, tmp_path):
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        entry = app.screen.query_one(Input)
        entry.value = str(tmp_path / "out.md")
        await pilot.press("ctrl+t")
        assert entry.value == str(tmp_path / "out.json")
        assert "JSON" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
        assert data["id"] == FALLBACK_ID and data["generation"]["id"] == FALLBACK_ID


async def test_an_existing_file_is_only_overwritten_after_a_second_enter(make_app, tmp_path):
    target = tmp_path / "exists.md"
    target.write_text("keep me", encoding="utf-8")
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        dialog = await export_to(pilot, str(target))
        assert app.screen is dialog  # still asking
        warning = str(dialog.query_one("#export-warning").render())
        assert "exists. Press enter again to overwrite it" in warning
        assert target.read_text(encoding="utf-8") == "keep me"
        await pilot.press("escape")
        assert target.read_text(encoding="utf-8") == "keep me"  # cancelled: untouched
        await export_to(pilot, str(target))
        await pilot.press("enter")  # confirmed
        await settle(pilot)
        assert target.read_text(encoding="utf-8").startswith(f"# Generation {FALLBACK_ID}")


async def test_an_unwritable_path_is_said_in_the_dialog_which_stays_open(make_app, tmp_path):
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        missing = tmp_path / "no" / "such" / "dir" / "x.md"
        dialog = await export_to(pilot, str(missing))
        assert app.screen is dialog  # still open, with the path typed
        assert dialog.query_one(Input).value == str(missing)
        warning = str(dialog.query_one("#export-warning").render())
        assert f"Not exported to {missing}" in warning and "No such file" in warning
        assert not any(m.startswith("Saved") for m in messages(app))
        if os.geteuid() != 0:  # root may write anywhere
            locked = tmp_path / "locked"
            locked.mkdir()
            locked.chmod(0o500)
            dialog.query_one(Input).value = str(locked / "x.md")
            await pilot.press("enter")
            await settle(pilot)
            assert "Permission denied" in str(dialog.query_one("#export-warning").render())
            locked.chmod(0o700)
        # Corrected in place, the same dialog saves.
        dialog.query_one(Input).value = str(tmp_path / "x.md")
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "x.md").is_file() and app.screen is app.main_screen
        assert app.is_running


async def test_e_without_a_generation_says_so(make_app):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.press("escape")
        app.main_screen.action_export()  # the key is disabled without a generation; the palette runs it
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        assert any("Nothing to export" in m for m in messages(app))


async def test_enter_typed_twice_closes_the_dialog_once(make_app, tmp_path):
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "twice.md")
        await pilot.press("enter", "enter", "escape", "escape")  # typed ahead, before a frame
        await settle(pilot)
        assert (tmp_path / "twice.md").is_file()
        assert app.is_running and not isinstance(app.screen, ExportDialog)
