"""Where the history database lives."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from explorer.settings import data_dir, history_path


def test_env_override(monkeypatch, tmp_path):
    monkeypatch.setenv("MODELGATES_EXPLORER_DATA_DIR", str(tmp_path / "d"))
    assert data_dir() == tmp_path / "d"
    assert history_path(False) == tmp_path / "d" / "history.sqlite3"
    assert history_path(True) == tmp_path / "d" / "demo-history.sqlite3"


def test_platform_default(monkeypatch):
    monkeypatch.delenv("MODELGATES_EXPLORER_DATA_DIR", raising=False)
    expected = Path(platformdirs.user_data_dir("modelgates-explorer"))
    assert data_dir() == expected
    assert history_path(False).parent == expected


def test_data_dir_is_not_created(monkeypatch, tmp_path):
    monkeypatch.setenv("MODELGATES_EXPLORER_DATA_DIR", str(tmp_path / "later"))
    data_dir()
    assert not (tmp_path / "later").exists()
