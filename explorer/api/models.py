"""Pydantic models for the two Generations endpoints and their error body.

Tolerant by design: the live API adds fields and enum values over time and omits fields the spec
calls required (see tests/fixtures). So every field except the generation ID is optional, enums
are plain strings, and unknown fields are kept (`model_extra`) so a raw view can show them.

The fields follow today's API (the official SDK's `GenerationResponse`, `ProviderResponse` and
`GenerationContentData`), a superset of the older spec: `data_region`, `preset_id`,
`workspace_id`, per attempt `routed_service_tier`, the content `error`. Older answers lack them.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from explorer.api.values import is_success


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


def _status_number(value: Any) -> Any:
    # An attempt's status is an HTTP code (an integer today; the older spec typed it a number).
    # Accept what the float field used to accept: floats and numeric text become the int the
    # old `status_code` gave (truncated, as `values.status_code` does), NaN and infinities mean
    # "no status" instead of failing the whole lookup.
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return value  # not a number: rejected as before
    if isinstance(value, float):
        return int(value) if value == value and abs(value) != float("inf") else None
    return value


StatusCode = Annotated[int | None, BeforeValidator(_status_number)]

#: `api_type` values of today's API (the older spec lists the first six only).
KNOWN_API_TYPES = frozenset({"completions", "embeddings", "rerank", "tts", "stt", "video", "decisions", "image"})
#: Provider names today's API lists (`ProviderResponseProviderName`): the older spec's names plus
#: the 33 it lacks (AssemblyAI … Runway). A name outside this set is kept and shown as sent.
KNOWN_PROVIDER_NAMES = frozenset({
    "01.AI", "AI21", "AionLabs", "AkashML", "Alibaba", "Amazon Bedrock", "Amazon Nova", "Ambient", "Anthropic",
    "AnyScale", "Arcee AI", "AssemblyAI", "AtlasCloud", "Atoma", "Avian", "Azure", "Baidu", "BaseTen",
    "Black Forest Labs", "BytePlus", "Cent-ML", "Cerebras", "Chutes", "Cirrascale", "Clarifai",
    "Claude Platform on AWS", "Cloudflare", "Cohere", "CoreWeave", "Cosine", "CrofAI", "Crucible", "Crusoe",
    "Darkbloom", "Databricks", "Decart", "Deepgram", "DeepInfra", "DeepSeek", "DekaLLM", "DigitalOcean",
    "ElevenLabs", "Enfer", "FakeProvider", "Featherless", "Fireworks", "Fish Audio", "Friendli", "GMICloud",
    "Google", "Google AI Studio", "GoPomelo", "Groq", "HeyGen", "HuggingFace", "Hyperbolic", "Hyperbolic 2",
    "Inception", "Inceptron", "Inferact vLLM", "InferenceNet", "Infermatic", "Inflection", "InoCloud", "Io Net",
    "Ionstream", "Kluster", "Krea", "Lambda", "Lepton", "Liquid", "Lynn", "Lynn 2", "Makora", "Mancer",
    "Mancer 2", "Mara", "Meta", "Minimax", "Mistral", "Modal", "ModelRun", "Modular", "Moonshot AI", "Morph",
    "NCompass", "Near AI", "Nebius", "Nex AGI", "NextBit", "Nineteen", "Novita", "Nvidia", "OctoAI", "Ollama",
    "OpenAI", "OpenInference", "Parasail", "ParetoAlpha", "Perceptron", "Perplexity", "Phala", "Poolside",
    "PrimeIntellect", "Quiver", "Recraft", "Recursal", "Recursive", "Reflection", "Reka", "Relace", "Replicate",
    "Respan", "Runway", "Sail Research", "Sakana AI", "SambaNova", "SambaNova 2", "ScaleDown", "Seed",
    "SF Compute", "SiliconFlow", "Sourceful", "Stealth", "StepFun", "StreamLake", "Switchpoint", "Targon",
    "Tencent", "Tenstorrent", "Thinking Machines", "Together", "Together 2", "TypeSafe", "Ubicloud", "Unbiased",
    "Upstage", "Venice", "VoyageAI by MongoDB", "Wafer", "WandB", "xAI", "Xiaomi", "Z.AI",
})  # fmt: skip
#: Where a generation was routed and its data kept (`data_region`).
KNOWN_DATA_REGIONS = frozenset({"global", "europe", "us"})
#: The tier an attempt was routed to (`routed_service_tier`); the billed tier may differ.
KNOWN_ROUTED_SERVICE_TIERS = frozenset({"flex", "priority", "ultrafast"})


class ApiModel(BaseModel):
    """Base for every response model: keep unknown fields, never reject extras."""

    # Built by `_build_validators` below, once every model is defined.
    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Fields the API sent that this model does not know (schema drift)."""
        return dict(self.model_extra or {})


class ProviderAttempt(ApiModel):
    """One provider attempt of a generation (an item of `provider_responses`)."""

    provider_name: str | None = None
    status: StatusCode = None
    latency: float | None = None
    model_permaslug: str | None = None
    is_byok: bool | None = None
    endpoint_id: str | None = None
    id: str | None = None
    routed_service_tier: str | None = None  # flex / priority / ultrafast, or a newer value as sent

    @property
    def status_code(self) -> int | None:
        """The HTTP status (kept for callers written when the spec typed it as a number)."""
        return self.status

    @property
    def provider_name_is_known(self) -> bool:
        """False for a provider name today's API does not list (kept and shown as is)."""
        return self.provider_name is None or self.provider_name in KNOWN_PROVIDER_NAMES

    @property
    def routed_service_tier_is_known(self) -> bool:
        """False for a routed tier other than flex / priority / ultrafast (kept as is)."""
        return self.routed_service_tier is None or self.routed_service_tier in KNOWN_ROUTED_SERVICE_TIERS

    @property
    def succeeded(self) -> bool:
        """True for a 2xx attempt (`values.is_success`)."""
        return is_success(self.status)


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
    service_tier: str | None = None  # the tier the upstream provider reported running it on
    data_region: str | None = None  # global / europe / us; absent from older answers
    preset_id: str | None = None
    workspace_id: str | None = None
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

    @property
    def data_region_is_known(self) -> bool:
        """False for a data_region value other than global / europe / us (kept as is)."""
        return self.data_region is None or self.data_region in KNOWN_DATA_REGIONS


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


def _build_validators(*models: type[ApiModel]) -> None:
    """Build the models' validators now, skipping pydantic's plugin discovery: it reads the
    entry points of every installed package (~10 ms at each start) for plugins these models
    do not use. `PYDANTIC_DISABLE_PLUGINS` (pydantic's own switch) is set only meanwhile."""
    switch = "PYDANTIC_DISABLE_PLUGINS"
    before = os.environ.get(switch)
    os.environ[switch] = "__all__"
    try:
        for model in models:
            model.model_rebuild(force=True)
    finally:
        if before is None:
            del os.environ[switch]
        else:
            os.environ[switch] = before


_build_validators(ProviderAttempt, Generation, GenerationEnvelope, ContentInput, ContentOutput,
                  PreviousAttemptError, ContentError, GenerationContent, ContentEnvelope,
                  ErrorDetail, ErrorBody)
