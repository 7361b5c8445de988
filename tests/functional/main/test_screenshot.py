"""The palette's Screenshot (issue #12): saved in Downloads, else in the current directory
(and the notification says where and why); a real failure says why."""

from __future__ import annotations

import stat

import pytest

from tests.support.pilot import wait_until
from tests.support.screen import notifications
from tests.support.sizes import APP_SIZE


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home without a Downloads folder, and the current directory elsewhere."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DOWNLOAD_DIR"):
        monkeypatch.delenv(name, raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return home


def run_screenshot_command(app) -> None:
    [command] = [c for c in app.get_system_commands(app.screen) if c.title == "Screenshot"]
    command.callback()


def said(app) -> list:
    return [n for n in notifications(app) if n.title == "Screenshot"]


async def test_without_downloads_it_saves_in_the_current_directory_and_says_so(make_app, home,
                                                                              tmp_path):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        run_screenshot_command(app)
        await wait_until(pilot, lambda: said(app))
        [svg] = (tmp_path / "work").glob("*.svg")
        assert svg.read_text(encoding="utf-8").startswith("<svg")
        assert stat.S_IMODE(svg.stat().st_mode) == 0o600
        [notice] = said(app)
        assert notice.severity == "information"
        assert notice.message == f"Saved {svg} ({home / 'Downloads'} does not exist)."


async def test_with_downloads_it_saves_there(make_app, home):
    (home / "Downloads").mkdir()
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        run_screenshot_command(app)
        run_screenshot_command(app)  # twice in the same second: two files
        await wait_until(pilot, lambda: len(said(app)) == 2)
        files = sorted((home / "Downloads").glob("*.svg"))
        assert len(files) == 2
        assert [n.message for n in said(app)] == [f"Saved {path}." for path in files]


async def test_a_real_failure_says_why(make_app, home, monkeypatch):
    import explorer.ui.screenshot as screenshot

    def unwritable(target, data, *, overwrite=False):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(screenshot, "write_private_file", unwritable)
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        run_screenshot_command(app)
        await wait_until(pilot, lambda: said(app))
        [notice] = said(app)
        assert notice.severity == "error"
        assert notice.message.startswith(f"Not saved to {home.parent / 'work'}/ModelGates")
        assert notice.message.endswith(": Permission denied.")
