"""The theme: chosen in the palette, it is the one the next start opens in (kept in
`ui-state.json` in the data dir, with nothing else); `MODELGATES_THEME`, then `theme` in the
config file, win over that choice; an unknown configured theme is a clear error."""

from __future__ import annotations

import json
import stat

import pytest

from explorer.cli import main
from explorer.settings import ThemeChoice
from explorer.ui.theme_memory import STATE_FILE_NAME, ThemeMemory
from tests.support.pilot import settle
from tests.support.screen import notifications
from tests.support.sizes import APP_SIZE


@pytest.fixture
def data_dir(isolated_environment):
    return isolated_environment / "data"


async def started_theme(make_app, memory: ThemeMemory, *, choose: str | None = None) -> str:
    """The theme an app with `memory` starts in (after choosing `choose`, as the palette
    does, when given)."""
    app = make_app(theme_memory=memory)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        started = app.theme
        if choose is not None:
            app.theme = choose
            await pilot.pause()
    return started


async def test_the_theme_chosen_in_the_palette_is_the_next_starts(make_app, data_dir):
    assert await started_theme(make_app, ThemeMemory.for_user(), choose="nord") == "textual-dark"
    state = data_dir / STATE_FILE_NAME
    assert json.loads(state.read_text()) == {"theme": "nord"}  # the theme, nothing else
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert await started_theme(make_app, ThemeMemory.for_user()) == "nord"


async def test_starting_writes_nothing(make_app, data_dir):
    await started_theme(make_app, ThemeMemory.for_user())
    assert not (data_dir / STATE_FILE_NAME).exists()


async def test_the_config_file_wins_over_the_palettes_choice_and_the_environment_over_both(
        make_app, data_dir, isolated_environment, monkeypatch):
    await started_theme(make_app, ThemeMemory.for_user(), choose="nord")
    config = isolated_environment / "no-config.toml"  # where the tests' config is looked for
    config.write_text('theme = "gruvbox"\n')
    assert await started_theme(make_app, ThemeMemory.for_user()) == "gruvbox"
    monkeypatch.setenv("MODELGATES_THEME", "dracula")
    assert await started_theme(make_app, ThemeMemory.for_user()) == "dracula"


async def test_a_kept_theme_that_no_longer_exists_or_a_broken_file_is_ignored(make_app, data_dir):
    data_dir.mkdir(parents=True)
    state = data_dir / STATE_FILE_NAME
    for text in ('{"theme": "no-such-theme"}', "{not json", '["nord"]'):
        state.write_text(text)
        assert await started_theme(make_app, ThemeMemory.for_user()) == "textual-dark"


async def test_an_unknown_configured_theme_is_said_with_the_valid_names(make_app, data_dir):
    memory = ThemeMemory(data_dir / STATE_FILE_NAME, ThemeChoice("nrod", "MODELGATES_THEME"))
    app = make_app(theme_memory=memory)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
    [said] = [n for n in notifications(app) if n.severity == "error"]
    assert said.title == "Configuration error"
    assert said.message.startswith("invalid setting 'theme' (MODELGATES_THEME): 'nrod' is not a "
                                   "theme; the themes are: ")
    assert "nord" in said.message and "gruvbox" in said.message


def test_the_command_line_refuses_an_unknown_theme_before_the_screen_changes(
        monkeypatch, capsys):
    monkeypatch.setenv("MODELGATES_THEME", "nrod")
    assert main(["--demo"]) == 2
    err = capsys.readouterr().err
    assert "invalid setting 'theme' (MODELGATES_THEME): 'nrod' is not a theme" in err
    assert "nord" in err and err.count("\n") == 1
