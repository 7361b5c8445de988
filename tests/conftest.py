"""Every test runs isolated from the user's machine: no real key, config file or data dir, and
local times in UTC whatever the host's time zone."""

from __future__ import annotations

import os
import time

import pytest


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MODELGATES_EXPLORER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("MODELGATES_EXPLORER_CONFIG", str(home / "no-config.toml"))
    for name in ("MODELGATES_API_KEY", "MODELGATES_BASE_URL", "MODELGATES_TIMEOUT",
                 "MODELGATES_THEME"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture(autouse=True)
def utc_local_time():
    """Local times on screen and in exports do not depend on the host's time zone."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()
