"""Where the app's files live (light: importable before the first frame)."""

from __future__ import annotations

import os
from pathlib import Path

from explorer import APP_NAME


def config_file_path() -> Path:
    """`MODELGATES_EXPLORER_CONFIG`, else `config.toml` in the platform's user config dir."""
    override = os.environ.get("MODELGATES_EXPLORER_CONFIG")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
