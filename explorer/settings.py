"""Settings, in one place: the app's name, where its files live, and every configurable value.

Values come from CLI flags, then the environment (`MODELGATES_*`), then an optional TOML file;
each is checked against its accepted range, and a bad one is a `ConfigError` naming the setting,
where it came from and what it accepts. Light to import (no pydantic): the CLI reads settings
before anything heavy loads.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from explorer.api.errors import ApiError

APP_NAME = "modelgates-explorer"
DEFAULT_BASE_URL = "https://modelgates.ai/api/v1"
DEMO_API_KEY = "demo-key"
DEMO_BASE_URL = "http://demo.modelgates.invalid/api/v1"
DEMO_PORT = 8787
"""Where `serve-demo` listens by default (on 127.0.0.1)."""
PROXY_PORT = 8788
"""Where the recording proxy listens by default (on 127.0.0.1)."""

ENV_PREFIX = "MODELGATES_"
CONFIG_ENV = "MODELGATES_EXPLORER_CONFIG"
DATA_DIR_ENV = "MODELGATES_EXPLORER_DATA_DIR"


class ConfigError(ApiError):
    """The configuration could not be read; the message says which setting and why."""

    kind = "config"
    title = "Configuration error"
    hint = "Fix the setting in the environment or the config file, then restart."


class SecretKey:
    """The API key: its repr and str never show it (a log line or a traceback stays clean)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "SecretKey('**********')"

    __str__ = __repr__


# -- file locations ----------------------------------------------------------------------------

def config_file_path() -> Path:
    """`MODELGATES_EXPLORER_CONFIG`, else `config.toml` in the platform's user config dir."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def data_dir() -> Path:
    """`MODELGATES_EXPLORER_DATA_DIR`, else the platform's user data dir (not created here)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME))


def history_path(demo: bool) -> Path:
    """The history database: demo lookups never mix with real ones."""
    return data_dir() / ("demo-history.sqlite3" if demo else "history.sqlite3")


def child_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a process the app starts (a clipboard program, a worker): this one's
    without the API key, or any `MODELGATES_*` variable named like a secret."""
    environ = os.environ if environ is None else environ
    return {name: value for name, value in environ.items() if not _SECRET_NAME.match(name)}


_SECRET_NAME = re.compile(rf"^{ENV_PREFIX}.*(KEY|TOKEN|SECRET|PASSWORD)", re.IGNORECASE)


# -- values ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Range:
    """What a numeric setting accepts."""

    low: float
    high: float
    integer: bool = False

    def describe(self) -> str:
        kind = "a whole number" if self.integer else "a number"
        return f"{kind} from {self.low:g} to {self.high:g}"


RANGES: dict[str, Range] = {
    "timeout": Range(0.1, 3600),
    "connect_timeout": Range(0.1, 3600),
    "retries": Range(1, 20, integer=True),
    "retry_budget": Range(0, 3600),
    "pending_window": Range(0, 3600),
    "batch_concurrency": Range(1, 256, integer=True),
    "max_response_mb": Range(1, 4096),
}


@dataclass(frozen=True)
class ThemeChoice:
    """The `theme` setting: a theme's name and where it was set. The themes are the UI's, so
    the name is checked when the UI applies it (`checked`), not here."""

    name: str
    source: str

    def checked(self, known: Collection[str]) -> str:
        """The name, if it is one of `known`; else a `ConfigError` listing them."""
        if self.name in known:
            return self.name
        raise ConfigError(f"invalid setting 'theme' ({self.source}): {self.name[:40]!r} is not "
                          f"a theme; the themes are: {', '.join(sorted(known))}")


#: The command-line flag of a setting, where it is not `--<name>`.
FLAGS = {"batch_concurrency": "--concurrency"}


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Flags win over the environment, the environment over the file."""

    api_key: SecretKey | None = None
    base_url: str = DEFAULT_BASE_URL
    timeout: float = 30.0
    connect_timeout: float = 10.0
    retries: int = 3
    retry_budget: float = 30.0
    pending_window: float = 60.0
    batch_concurrency: int = 8
    max_response_mb: float = 64.0  # an answer larger than this is refused while it streams
    theme: ThemeChoice | None = None  # else the one last chosen in the palette


def load_settings(**overrides: object) -> Settings:
    """Settings from flags (`overrides`; None means not given), the environment and the file."""
    path = config_file_path()
    file_values = _read_toml(path) if path.is_file() else {}
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        name = spec.name
        env = os.environ.get(ENV_PREFIX + name.upper())
        if overrides.get(name) is not None:
            raw, source = overrides[name], FLAGS.get(name, f"--{name.replace('_', '-')}")
        elif env is not None and (env.strip() or name != "api_key"):
            raw, source = env, ENV_PREFIX + name.upper()
        elif name in file_values:
            raw, source = file_values[name], f"{name} in {path}"
        else:
            continue
        values[name] = _check(name, raw, source)
    return Settings(**values)


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None


def _check(name: str, raw: object, source: str) -> Any:
    if name == "api_key":
        return _check_key(raw, source)
    if name == "theme":
        if not isinstance(raw, str) or not raw.strip():
            raise ConfigError(f"invalid setting 'theme' ({source}): expected a theme's name, "
                              "e.g. \"nord\"")
        return ThemeChoice(raw.strip(), source)
    if name == "base_url":
        if not isinstance(raw, str) or not raw.strip().lower().startswith(("http://", "https://")):
            raise ConfigError(f"invalid setting 'base_url' ({source}): expected an http:// or "
                              f"https:// URL")
        return raw.strip()
    accepted = RANGES[name]
    try:
        number = float(raw.strip() if isinstance(raw, str) else raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if (math.isnan(number) or not accepted.low <= number <= accepted.high
            or (accepted.integer and not number.is_integer()) or isinstance(raw, bool)):
        shown = raw if isinstance(raw, (int, float)) else repr(str(raw)[:40])
        raise ConfigError(f"invalid setting '{name}' ({source}): {shown} is not "
                          f"{accepted.describe()}")
    return int(number) if accepted.integer else number


def _check_key(raw: object, source: str) -> SecretKey | None:
    if not isinstance(raw, str):
        raise ConfigError(f"invalid setting 'api_key' ({source}): expected text")
    key = raw.strip()
    if any(ord(char) < 32 or ord(char) == 127 for char in key):
        # Said without the key itself: it must never reach a screen or a log.
        raise ConfigError(f"invalid setting 'api_key' ({source}): the key contains control "
                          "characters (a line break inside it?)")
    return SecretKey(key) if key else None
