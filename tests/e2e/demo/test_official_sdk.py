"""The official `openrouter` SDK, pointed at `serve-demo` over loopback, accepts the demo API.

`get_generation` and `list_generation_content` parse every successful demo answer (metadata and
content); every fault status comes back as the SDK's own error class, the deliberately broken
bodies as its `ResponseValidationError`. The one allowed exception is the real fixture body
(`cancelled-stream`), kept verbatim: an older live answer without today's required fields.

Bounded in time: no retries, a 10 s timeout per call, and `fault-hang` holds a request for
1 s against a 0.3 s client timeout.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from openrouter import OpenRouter, errors
from openrouter.components import GenerationContentResponse, GenerationResponse
from openrouter.utils import RetryConfig

from explorer.demo.app import REVOKED_KEY
from explorer.demo.data import (
    DEMO_CASES,
    RATE_LIMITED_ID,
    UNKNOWN_ID_EXAMPLE,
    demo_ids,
    fresh_pending_id,
    get_demo_record,
)
from explorer.demo.faults import FAULT_IDS
from explorer.demo.server import start_demo_server
from tests.e2e.servers import BackgroundServer

NO_RETRIES = RetryConfig("none", None, False)
TIMEOUT_MS = 10_000
HANG_SECONDS = 1.0
HANG_TIMEOUT_MS = 300
REAL_BODY_ID = DEMO_CASES["cancelled-stream"]
#: What the real body lacks of what the SDK requires: today's fields and those older answers omit.
REAL_BODY_MISSING = {"data_region", "preset_id", "workspace_id", "service_tier", "web_search_engine",
                     "http_referer", "user_agent", "num_fetches"}

GENERATION, CONTENT = "get_generation", "list_generation_content"
_BROKEN = errors.ResponseValidationError
#: fault ID -> (outcome of get_generation, outcome of list_generation_content): an SDK error
#: class, an httpx transport error, or the response model when the SDK parses the body.
EXPECTED: dict[str, tuple[type, type]] = {
    "fault-401": (errors.UnauthorizedResponseError, errors.UnauthorizedResponseError),
    # the SDK's content operation declares no 402: its default error class, status kept
    "fault-402": (errors.PaymentRequiredResponseError, errors.OpenRouterDefaultError),
    "fault-403": (errors.ForbiddenResponseError, errors.ForbiddenResponseError),
    "fault-404": (errors.NotFoundResponseError, errors.NotFoundResponseError),
    "fault-429": (errors.TooManyRequestsResponseError, errors.TooManyRequestsResponseError),
    "fault-500": (errors.InternalServerResponseError, errors.InternalServerResponseError),
    "fault-502": (errors.BadGatewayResponseError, errors.BadGatewayResponseError),
    "fault-524": (errors.EdgeNetworkTimeoutResponseError, errors.EdgeNetworkTimeoutResponseError),
    "fault-529": (errors.ProviderOverloadedResponseError, errors.ProviderOverloadedResponseError),
    "fault-hostile-error": (errors.BadGatewayResponseError, errors.BadGatewayResponseError),
    "fault-html": (errors.OpenRouterDefaultError, errors.OpenRouterDefaultError),  # a 502 that is not JSON
    "fault-truncated": (_BROKEN, _BROKEN),
    "fault-wrong-shape": (_BROKEN, _BROKEN),
    # null costs break the SDK's required floats; the drifted content only adds fields, which it ignores
    "fault-drift": (_BROKEN, GenerationContentResponse),
    "fault-hostile": (GenerationResponse, GenerationContentResponse),  # hostile text, valid shape
    "fault-hang": (httpx.TimeoutException, httpx.TimeoutException),
    "fault-reset": (httpx.TransportError, httpx.TransportError),
}
FAULT_STATUS = {"fault-hostile-error": 502, "fault-html": 502}


@pytest.fixture(scope="module")
def demo_server() -> Iterator[BackgroundServer]:
    """A demo API of its own, so the rate-limited-once ID starts fresh."""
    with BackgroundServer(lambda: start_demo_server(hang_seconds=HANG_SECONDS), "sdk-demo-api") as server:
        yield server


@pytest.fixture(scope="module")
def sdk(demo_server) -> Iterator[OpenRouter]:
    with OpenRouter(api_key="demo-key", server_url=demo_server.base_url, timeout_ms=TIMEOUT_MS,
                    retry_config=NO_RETRIES) as client:
        yield client


def _call(sdk: OpenRouter, operation: str, gen_id: str, **options):
    return getattr(sdk.generations, operation)(id=gen_id, **options)


def test_every_successful_demo_answer_parses(sdk):
    parsed: list[str] = []
    failed: list[tuple[str, str, str]] = []
    expected = 0
    for gen_id in demo_ids():
        record = get_demo_record(gen_id)
        calls = [(GENERATION, GenerationResponse)] + ([(CONTENT, GenerationContentResponse)] if record.content else [])
        for operation, model in calls:
            if gen_id == RATE_LIMITED_ID:  # the first request per endpoint is a 429
                with pytest.raises(errors.TooManyRequestsResponseError):
                    _call(sdk, operation, gen_id)
            if gen_id == REAL_BODY_ID and operation == GENERATION:
                continue  # the allowed exception, asserted in its own test
            expected += 1
            try:
                answer = _call(sdk, operation, gen_id)
            except errors.OpenRouterError as error:
                failed.append((gen_id, operation, f"{type(error).__name__}: {error}"[:300]))
                continue
            assert isinstance(answer, model)
            parsed.append(f"{operation}:{gen_id}")
    assert not failed, failed
    assert len(parsed) == expected == 2 * len(demo_ids()) - 2  # 100 %: all but the real body and one 403


def test_todays_fields_come_through_the_sdk(sdk):
    image = _call(sdk, GENERATION, DEMO_CASES["image-generation"]).data
    assert (image.api_type, image.data_region, image.num_media_completion) == ("image", "global", 2)
    assert image.tokens_completion < 10 and image.native_tokens_completion_images > 1000
    tiers = _call(sdk, GENERATION, DEMO_CASES["large-content"]).data
    assert tiers.service_tier == "flex" and tiers.provider_responses[0].routed_service_tier == "flex"
    chat = _call(sdk, GENERATION, DEMO_CASES["tool-chat-image"]).data
    assert chat.data_region == "europe" and chat.preset_id and chat.workspace_id
    failed = _call(sdk, CONTENT, DEMO_CASES["all-providers-failed"]).data
    assert failed.error.status == 502 and failed.error.provider_name == "Together"
    assert [e.code for e in failed.error.previous_errors] == [429, 503]
    assert _call(sdk, CONTENT, DEMO_CASES["fallback-chain"]).data.error is None


def test_the_real_body_is_the_one_answer_the_sdk_rejects(sdk):
    with pytest.raises(errors.ResponseValidationError) as caught:
        _call(sdk, GENERATION, REAL_BODY_ID)
    cause = caught.value.__cause__
    missing = {str(e["loc"][-1]) for e in cause.errors() if e["type"] == "missing"}
    assert missing == REAL_BODY_MISSING and len(cause.errors()) == len(missing)  # nothing else is wrong
    assert isinstance(_call(sdk, CONTENT, REAL_BODY_ID), GenerationContentResponse)


def test_every_fault_id_has_an_expected_outcome():
    assert set(EXPECTED) == set(FAULT_IDS)


@pytest.mark.parametrize("operation", [GENERATION, CONTENT])
@pytest.mark.parametrize("fault_id", sorted(FAULT_IDS))
def test_fault_ids_map_to_the_sdks_errors(sdk, fault_id, operation):
    outcome = EXPECTED[fault_id][operation == CONTENT]
    options = {"timeout_ms": HANG_TIMEOUT_MS} if fault_id == "fault-hang" else {}
    if not issubclass(outcome, BaseException):
        assert isinstance(_call(sdk, operation, fault_id, **options), outcome)
        return
    with pytest.raises(outcome) as caught:
        _call(sdk, operation, fault_id, **options)
    if issubclass(outcome, errors.OpenRouterError) and outcome is not _BROKEN:
        status = FAULT_STATUS.get(fault_id) or int(fault_id.removeprefix("fault-"))
        assert caught.value.status_code == status
    if outcome is _BROKEN:
        assert caught.value.status_code == 200  # a 200 whose body is broken on purpose


def test_plain_errors_map_to_the_sdks_errors(sdk, demo_server):
    with pytest.raises(errors.NotFoundResponseError):
        _call(sdk, GENERATION, UNKNOWN_ID_EXAMPLE)
    with pytest.raises(errors.NotFoundResponseError):  # pending: not ready yet
        _call(sdk, CONTENT, fresh_pending_id(time.time()))
    with pytest.raises(errors.ForbiddenResponseError):
        _call(sdk, CONTENT, DEMO_CASES["content-not-stored"])
    with OpenRouter(api_key=REVOKED_KEY, server_url=demo_server.base_url, timeout_ms=TIMEOUT_MS,
                    retry_config=NO_RETRIES) as revoked:
        with pytest.raises(errors.UnauthorizedResponseError):
            revoked.generations.get_generation(id=DEMO_CASES["fallback-chain"])
