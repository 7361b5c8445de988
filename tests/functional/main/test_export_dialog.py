"""The export dialog as a user meets it (issue #12): errors name the whole path, files are
private (0600) like the history, and the footer shows the dialog's keys, not the main
screen's. (Failures keeping the dialog open: tests/functional/history/test_export.py.)"""

from __future__ import annotations

import os
import stat

import pytest
from textual.widgets import Input

import explorer.export.files as export_files
from explorer.ui.dialogs.export import ExportDialog
from tests.support.app import FALLBACK_ID
from tests.support.pilot import settle
from tests.support.screen import notifications, screen_lines
from tests.support.sizes import APP_SIZE


@pytest.fixture
def umask_022():
    """The usual umask, under which a plain `open()` makes a file readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


async def open_dialog(pilot) -> ExportDialog:
    await settle(pilot)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportDialog)
    return pilot.app.screen


def warning_of(dialog: ExportDialog) -> str:
    return str(dialog.query_one("#export-warning").render())


async def test_an_export_is_readable_by_its_owner_only(make_app, tmp_path, umask_022):
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one(Input).value = str(tmp_path / "private.json")
        await pilot.press("enter")
        await settle(pilot)
        mode = stat.S_IMODE((tmp_path / "private.json").stat().st_mode)
        assert mode == 0o600, oct(mode)


async def test_the_default_path_is_named_in_full_when_it_exists(make_app, tmp_path,
                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        dialog = await open_dialog(pilot)
        default = dialog.query_one(Input).value
        assert default == f"./{FALLBACK_ID}.md"  # short in the entry
        (tmp_path / f"{FALLBACK_ID}.md").write_text("keep", encoding="utf-8")
        await pilot.press("enter")
        await pilot.pause()
        assert f"{tmp_path / FALLBACK_ID}.md exists" in warning_of(dialog)  # whole in the warning


async def test_a_failure_at_the_default_path_names_the_whole_path(make_app, tmp_path,
                                                                monkeypatch):
    monkeypatch.chdir(tmp_path)

    def refuse(target, data, *, overwrite=False):  # what an unwritable directory answers
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(export_files, "write_private_file", refuse)
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        dialog = await open_dialog(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog  # still open, the default path still there
        assert dialog.query_one(Input).value == f"./{FALLBACK_ID}.md"
        warning = warning_of(dialog)
        assert f"Not exported to {tmp_path / FALLBACK_ID}.md: Permission denied" in warning
        assert "./" not in warning
        assert not [n for n in notifications(app) if n.title == "Exported"]


async def test_the_footer_shows_the_dialogs_keys(make_app):
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert "Retry" in screen_lines(app)[-1]  # the main screen's keys, before
        await open_dialog(pilot)
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert "Save" in footer and "Markdown / JSON" in footer and "Cancel" in footer
        for main_key in ("Retry", "History", "Copy", "Export"):
            assert main_key not in footer
        await pilot.press("escape")
        await pilot.pause()
        assert "Retry" in screen_lines(app)[-1]


async def test_success_names_the_whole_path(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await open_dialog(pilot)
        await pilot.press("enter")
        await settle(pilot)
        [saved] = [n for n in notifications(app) if n.title == "Exported"]
        assert saved.message.startswith(f"Saved {tmp_path / FALLBACK_ID}.md (")
        assert (tmp_path / f"{FALLBACK_ID}.md").is_file()
