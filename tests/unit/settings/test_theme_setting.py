"""The `theme` setting: `MODELGATES_THEME` over `theme` in the config file; checked against the
UI's themes when applied, with an error naming the setting and listing the themes."""

from __future__ import annotations

import pytest

from explorer.settings import ConfigError, ThemeChoice, load_settings


@pytest.fixture
def config(monkeypatch, tmp_path):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("MODELGATES_EXPLORER_CONFIG", str(path))
    return path


def test_no_theme_by_default():
    assert load_settings().theme is None


def test_the_config_file_names_a_theme(config):
    config.write_text('theme = "nord"\n')
    assert load_settings().theme == ThemeChoice("nord", f"theme in {config}")


def test_the_environment_wins_over_the_file(config, monkeypatch):
    config.write_text('theme = "nord"\n')
    monkeypatch.setenv("MODELGATES_THEME", " gruvbox ")
    assert load_settings().theme == ThemeChoice("gruvbox", "MODELGATES_THEME")


@pytest.mark.parametrize("line", ["theme = 3", 'theme = ""', "theme = ['nord']"])
def test_a_theme_that_is_not_a_name_is_a_config_error(config, line):
    config.write_text(line + "\n")
    with pytest.raises(ConfigError, match=r"invalid setting 'theme' \(theme in .*\): expected"):
        load_settings()


def test_an_unknown_theme_names_the_setting_and_lists_the_themes():
    choice = ThemeChoice("nrod", "MODELGATES_THEME")
    with pytest.raises(ConfigError) as caught:
        choice.checked(["nord", "gruvbox"])
    assert caught.value.message == ("invalid setting 'theme' (MODELGATES_THEME): 'nrod' is not a "
                                    "theme; the themes are: gruvbox, nord")
    assert ThemeChoice("nord", "MODELGATES_THEME").checked(["nord", "gruvbox"]) == "nord"
