"""Settings from the environment (`MODELGATES_*`), an optional TOML file, and CLI flags."""

from __future__ import annotations

from pydantic import SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from explorer.api.client import DEFAULT_BASE_URL, RetryPolicy
from explorer.api.errors import ApiError
from explorer.locations import config_file_path

DEMO_API_KEY = "demo-key"
DEMO_BASE_URL = "http://demo.modelgates.invalid/api/v1"


class Settings(BaseSettings):
    """Everything configurable. Environment wins over the TOML file; CLI flags win over both."""

    model_config = SettingsConfigDict(env_prefix="MODELGATES_", extra="ignore")

    api_key: SecretStr | None = None
    base_url: str = DEFAULT_BASE_URL
    timeout: float = 30.0
    connect_timeout: float = 10.0
    retries: int = 3
    retry_budget: float = 30.0
    pending_window: float = 60.0
    batch_concurrency: int = 8

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = config_file_path()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if path.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @property
    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(attempts=max(1, self.retries), budget_seconds=self.retry_budget)


class ConfigError(ApiError):
    """The configuration could not be read; the message says which setting and why."""

    kind = "config"
    title = "Configuration error"
    hint = "Fix the setting in the environment or the config file, then restart."


def load_settings(**overrides: object) -> Settings:
    """Settings with CLI overrides applied (None values are ignored)."""
    values = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        raise ConfigError(
            f"invalid setting {field!r}: {first.get('msg', 'invalid value')} "
            f"(check MODELGATES_{field.upper()} or {config_file_path()})"
        ) from None
    except Exception as exc:  # a broken TOML file
        raise ConfigError(f"cannot read {config_file_path()}: {type(exc).__name__}: {exc}") from None
