"""Parsing never fails in an unforeseen way: any body gives a model or InvalidResponseError, any
error answer gives a typed ApiError, for both endpoints (pure parser and the real client)."""

from __future__ import annotations

import asyncio
import json

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.api.client import NO_RETRY, GenerationsClient, Lookup
from explorer.api.errors import ApiError, InvalidResponseError
from explorer.api.models import ContentEnvelope, GenerationEnvelope
from explorer.api.responses import error_from_response, parse_body
from tests.fuzz.strategies import (
    REAL_CONTENT,
    REAL_GENERATION,
    content_bodies,
    generation_bodies,
    json_values,
    near_valid,
    normal,
)
from tests.support.responses import json_response

FUZZ = settings(derandomize=True, deadline=None, max_examples=300,
                suppress_health_check=[HealthCheck.too_slow])


def parse(response: httpx.Response, envelope) -> None:
    try:
        model, raw = parse_body(response, envelope, redact=lambda text: text)
    except InvalidResponseError as error:
        assert error.message and "\n" not in error.message
        return
    assert isinstance(model, envelope) and isinstance(raw, dict)


@FUZZ
@given(body=generation_bodies)
def test_generation_bodies_parse_or_are_invalid(body):
    parse(json_response(body), GenerationEnvelope)


@FUZZ
@given(body=content_bodies)
def test_content_bodies_parse_or_are_invalid(body):
    parse(json_response(body), ContentEnvelope)


@settings(derandomize=True, deadline=None, max_examples=150)
@given(content=st.binary(max_size=200), content_type=st.sampled_from(
    ["application/json", "text/html", "text/plain", ""]))
def test_any_bytes_parse_or_are_invalid(content, content_type):
    response = httpx.Response(200, content=content, headers={"content-type": content_type})
    parse(response, GenerationEnvelope)
    parse(response, ContentEnvelope)


@settings(derandomize=True, deadline=None, max_examples=200)
@given(status=st.integers(300, 599), body=st.one_of(json_values, st.fixed_dictionaries(
    {"error": st.fixed_dictionaries({"code": json_values, "message": json_values, "metadata": json_values})})),
    retry_after=st.one_of(st.none(), st.text(max_size=30)))
def test_error_answers_give_typed_errors(status, body, retry_after):
    response = json_response(body, status)
    if retry_after is not None:
        try:
            response.headers["retry-after"] = retry_after
        except (UnicodeEncodeError, ValueError):  # not a legal header value
            pass
    error = error_from_response(response, generation_id="gen-1771967973-x", redact=lambda t: t,
                                now=1_771_967_980.0, pending_window=60.0)
    assert isinstance(error, ApiError) and error.title and "\n" not in str(error)


@settings(derandomize=True, deadline=None, max_examples=60)
@given(generation=generation_bodies, content=content_bodies, content_status=st.sampled_from([200, 200, 403, 502]))
def test_the_client_returns_a_lookup_or_an_api_error(generation, content, content_status):
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/content"):
            return json_response(content, content_status)
        return json_response(generation)

    async def lookup() -> Lookup:
        async with GenerationsClient("http://gateway.test/api/v1", "k", retry=NO_RETRY,
                                     transport=httpx.MockTransport(answer)) as client:
            return await client.lookup("gen-1771967973-fuzz")

    try:
        result = asyncio.run(lookup())
    except ApiError:
        return
    assert normal(result.raw_generation) == normal(generation["data"])
    assert (result.content is None) == (result.content_error is not None)


@settings(derandomize=True, deadline=None, max_examples=100)
@given(surrogate=st.characters(categories=("Cs",)), where=st.sampled_from(["model", "provider_name", "id"]))
def test_lone_surrogates_parse(surrogate, where):
    # Valid JSON ("\udc80" escapes), but the decoded strings cannot be encoded as UTF-8.
    generation = {**REAL_GENERATION, where: "x" + surrogate + "y"}
    response = httpx.Response(200, content=json.dumps({"data": generation}).encode())
    model, _ = parse_body(response, GenerationEnvelope, redact=lambda t: t)
    assert getattr(model.data, where) == "x" + surrogate + "y"
    content = {**REAL_CONTENT, "output": {"completion": surrogate, "reasoning": None}}
    parse(httpx.Response(200, content=json.dumps({"data": content}).encode()), ContentEnvelope)


def test_the_real_fixture_parses():
    model, _ = parse_body(json_response({"data": REAL_GENERATION}), GenerationEnvelope, redact=str)
    assert model.data.id == REAL_GENERATION["id"]
    assert near_valid  # the strategy module loaded the fixture from shared/


def test_an_empty_id_is_an_invalid_response():
    # Nothing can be saved, linked or retried without one: say so instead of failing later.
    try:
        parse_body(json_response({"data": {**REAL_GENERATION, "id": ""}}), GenerationEnvelope, redact=str)
    except InvalidResponseError as error:
        assert error.message == "field 'data.id' is empty"
    else:
        raise AssertionError("an empty ID was accepted")
