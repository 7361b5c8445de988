"""Pydantic models for the two Generations endpoints and their error body.

Tolerant by design: the live API adds fields and enum values over time and omits fields the spec
calls required (see shared/fixtures). So every field except the generation ID is optional, enums
are plain strings, and unknown fields are kept (`model_extra`) so a raw view can show them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError


def _whole_number(value: Any) -> Any:
    # Token counts are integers in the spec, but a float like 12.0 (or 12.4 from a provider's
    # estimate) must not fail the whole lookup: round it and keep going.
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return round(value)
    return value


Count = Annotated[int | None, BeforeValidator(_whole_number)]


def _non_empty(value: str) -> str:
    # Not `Field(min_length=1)`: measuring the length in pydantic-core refuses text holding a
    # lone surrogate ("\ud800" is valid JSON), which a plain `str` field accepts.
    if not value:
        raise PydanticCustomError("string_too_short", "the ID is empty")
    return value


KNOWN_API_TYPES = frozenset({"completions", "embeddings", "rerank", "tts", "stt", "video"})


class ApiModel(BaseModel):
    """Base for every response model: keep unknown fields, never reject extras."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Fields the API sent that this model does not know (schema drift)."""
        return dict(self.model_extra or {})


class ProviderAttempt(ApiModel):
    """One provider attempt of a generation (an item of `provider_responses`)."""

    provider_name: str | None = None
    status: float | None = None
    latency: float | None = None
    model_permaslug: str | None = None
    is_byok: bool | None = None
    endpoint_id: str | None = None
    id: str | None = None

    @property
    def status_code(self) -> int | None:
        """The HTTP status as an int (the spec types it as a number)."""
        return None if self.status is None else int(self.status)

    @property
    def succeeded(self) -> bool:
        """True for a 2xx attempt."""
        code = self.status_code
        return code is not None and 200 <= code < 300


class Generation(ApiModel):
    """Request and usage metadata of one generation (`GET /generation`'s `data`)."""

    id: Annotated[str, AfterValidator(_non_empty)]  # without an ID: nothing to save, link or retry
    created_at: str | None = None
    model: str | None = None
    provider_name: str | None = None
    api_type: str | None = None
    app_id: Count = None
    origin: str | None = None
    router: str | None = None
    service_tier: str | None = None
    upstream_id: str | None = None
    request_id: str | None = None
    session_id: str | None = None
    external_user: str | None = None
    http_referer: str | None = None
    user_agent: str | None = None
    web_search_engine: str | None = None
    response_cache_source_id: str | None = None

    streamed: bool | None = None
    cancelled: bool | None = None
    is_byok: bool | None = None
    finish_reason: str | None = None
    native_finish_reason: str | None = None

    total_cost: float | None = None
    usage: float | None = None
    cache_discount: float | None = None
    upstream_inference_cost: float | None = None

    tokens_prompt: Count = None
    tokens_completion: Count = None
    native_tokens_prompt: Count = None
    native_tokens_completion: Count = None
    native_tokens_reasoning: Count = None
    native_tokens_cached: Count = None
    native_tokens_completion_images: Count = None
    num_media_prompt: Count = None
    num_media_completion: Count = None
    num_input_audio_prompt: Count = None
    num_search_results: Count = None
    num_fetches: Count = None

    latency: float | None = None
    generation_time: float | None = None
    moderation_latency: float | None = None

    provider_responses: list[ProviderAttempt] | None = None

    @property
    def attempts(self) -> list[ProviderAttempt]:
        """Provider attempts in order; empty when the API sent null."""
        return list(self.provider_responses or [])

    @property
    def api_type_is_known(self) -> bool:
        """False for an api_type value the spec does not list (kept and shown as is)."""
        return self.api_type is None or self.api_type in KNOWN_API_TYPES


class GenerationEnvelope(ApiModel):
    """`GET /generation` response body."""

    data: Generation


class ContentInput(ApiModel):
    """The stored input: a legacy prompt string or a list of messages of any shape."""

    prompt: str | None = None
    messages: list[Any] | None = None


class ContentOutput(ApiModel):
    """The stored output."""

    completion: str | None = None
    reasoning: str | None = None


class PreviousAttemptError(ApiModel):
    """One earlier failure inside a content `error` object."""

    code: int | str | None = None
    message: str | None = None
    provider_name: str | None = None
    raw: Any = None


class ContentError(ApiModel):
    """The error object the live API attaches to the content of a failed generation."""

    message: str | None = None
    provider_name: str | None = None
    status: int | float | None = None
    raw: Any = None
    previous_errors: list[PreviousAttemptError] | None = None


class GenerationContent(ApiModel):
    """Stored prompt/messages, completion and reasoning (`GET /generation/content`'s `data`)."""

    input: ContentInput = Field(default_factory=ContentInput)
    output: ContentOutput = Field(default_factory=ContentOutput)
    error: ContentError | None = None

    @property
    def messages(self) -> list[Any] | None:
        """The messages list, or None for a prompt-style input."""
        return self.input.messages

    @property
    def prompt(self) -> str | None:
        """The legacy prompt, or None for a messages-style input."""
        return self.input.prompt


class ContentEnvelope(ApiModel):
    """`GET /generation/content` response body."""

    data: GenerationContent


class ErrorDetail(ApiModel):
    """The `error` object of an error body."""

    code: int | str | None = None
    message: str | None = None
    metadata: dict[str, Any] | None = None


class ErrorBody(ApiModel):
    """An error response body: `{"error": {...}}` plus optional `user_id`."""

    error: ErrorDetail
    user_id: str | None = None
