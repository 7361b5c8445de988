"""Every test runs isolated from the user's machine: no real key, config file or data dir."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MODELGATES_EXPLORER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("MODELGATES_EXPLORER_CONFIG", str(home / "no-config.toml"))
    for name in ("MODELGATES_API_KEY", "MODELGATES_BASE_URL", "MODELGATES_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    yield home
