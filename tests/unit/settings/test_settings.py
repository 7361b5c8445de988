"""Settings: environment, TOML file, CLI overrides, a missing key, a bad value."""

from __future__ import annotations

import pytest

from explorer.api.errors import MissingKeyError
from explorer.settings import ConfigError, load_settings
from explorer.services import build_client


def test_defaults():
    settings = load_settings()
    assert settings.base_url == "https://modelgates.ai/api/v1"
    assert settings.api_key is None
    assert settings.retries == 3 and settings.retry_budget == 30


def test_environment(monkeypatch):
    monkeypatch.setenv("MODELGATES_API_KEY", "sk-env-secret")
    monkeypatch.setenv("MODELGATES_BASE_URL", "http://127.0.0.1:9/api/v1")
    monkeypatch.setenv("MODELGATES_TIMEOUT", "5")
    settings = load_settings()
    assert settings.api_key.get_secret_value() == "sk-env-secret"
    assert "sk-env-secret" not in repr(settings) and "sk-env-secret" not in str(settings)
    assert settings.base_url == "http://127.0.0.1:9/api/v1" and settings.timeout == 5


def test_toml_file_and_cli_override(monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('base_url = "http://from-file/api/v1"\nbatch_concurrency = 3\n')
    monkeypatch.setenv("MODELGATES_EXPLORER_CONFIG", str(config))
    assert load_settings().base_url == "http://from-file/api/v1"
    assert load_settings().batch_concurrency == 3
    monkeypatch.setenv("MODELGATES_BASE_URL", "http://from-env/api/v1")
    assert load_settings().base_url == "http://from-env/api/v1"
    assert load_settings(base_url="http://from-flag/api/v1").base_url == "http://from-flag/api/v1"


def test_bad_value_names_the_setting(monkeypatch):
    monkeypatch.setenv("MODELGATES_TIMEOUT", "soon")
    with pytest.raises(ConfigError, match="'timeout'"):
        load_settings()


def test_broken_toml_is_a_config_error(monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("base_url = [unclosed\n")
    monkeypatch.setenv("MODELGATES_EXPLORER_CONFIG", str(config))
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings()


def test_missing_key_outside_demo_says_how_to_set_it():
    with pytest.raises(MissingKeyError) as caught:
        build_client(load_settings())
    assert "MODELGATES_API_KEY" in caught.value.hint and "--demo" in caught.value.hint


async def test_client_retries_as_configured():
    client = build_client(load_settings(retries=5, retry_budget=12), demo=True)
    async with client:
        assert (client.retry.attempts, client.retry.budget_seconds) == (5, 12)
