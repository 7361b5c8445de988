"""Tolerant parsing: real fixtures, unknown fields and enum values, nulls, any content shape."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from explorer.api.models import ContentEnvelope, ErrorBody, GenerationEnvelope
from tests.support.fixtures import fixture_body


def test_real_cancelled_stream_fixture_parses_despite_missing_required_fields():
    gen = GenerationEnvelope.model_validate(fixture_body("real-generation-cancelled-stream.json")).data
    assert gen.id == "gen-1771967973-0hZ8J5kY7qLMOKbPx0u3"
    assert gen.cancelled is True and gen.finish_reason is None
    assert gen.request_id is None and gen.session_id is None  # absent in the live body
    assert gen.latency == 1016 and gen.generation_time == 2940
    assert gen.attempts[0].provider_name == "DeepInfra" and gen.attempts[0].succeeded


def test_real_404_error_body_without_metadata_parses():
    body = ErrorBody.model_validate(fixture_body("real-error-404.json"))
    assert body.error.code == 404 and body.error.metadata is None
    assert body.user_id.startswith("user_")


def test_unknown_fields_and_enum_values_are_kept():
    raw = {"id": "gen-1", "api_type": "responses", "carbon_grams": 0.2, "routing": {"a": 1},
           "provider_responses": [{"status": 200, "provider_name": "Quasar Compute", "shard": 7}]}
    gen = GenerationEnvelope.model_validate({"data": raw}).data
    assert gen.api_type == "responses" and not gen.api_type_is_known
    assert gen.extra_fields == {"carbon_grams": 0.2, "routing": {"a": 1}}
    assert gen.attempts[0].provider_name == "Quasar Compute"
    assert gen.attempts[0].extra_fields == {"shard": 7}
    assert gen.model_dump()["carbon_grams"] == 0.2  # a raw view sees them too


def test_nulls_everywhere_and_null_provider_responses():
    raw = {"id": "gen-1", "total_cost": None, "latency": None, "tokens_prompt": None,
           "provider_responses": None, "model": None}
    gen = GenerationEnvelope.model_validate({"data": raw}).data
    assert gen.attempts == [] and gen.total_cost is None and gen.model is None


def test_float_token_counts_are_accepted():
    gen = GenerationEnvelope.model_validate({"data": {"id": "g", "tokens_prompt": 12.0,
                                                      "native_tokens_reasoning": 7.6}}).data
    assert gen.tokens_prompt == 12 and gen.native_tokens_reasoning == 8


def test_attempt_status_null_and_float():
    gen = GenerationEnvelope.model_validate({"data": {"id": "g", "provider_responses": [
        {"status": None}, {"status": 502.0}, {"status": 200}]}}).data
    assert [a.status_code for a in gen.attempts] == [None, 502, 200]
    assert [a.succeeded for a in gen.attempts] == [False, False, True]


@pytest.mark.parametrize("input_", [
    {"prompt": "Once upon a time"},
    {"messages": []},
    {"messages": ["a bare string", 42, None, {"role": "user", "content": [{"type": "weird"}]}]},
    {"messages": [{"role": "assistant", "content": None, "tool_calls": [{"id": "t"}]}]},
])
def test_content_input_of_any_shape(input_):
    content = ContentEnvelope.model_validate(
        {"data": {"input": input_, "output": {"completion": None, "reasoning": None}}}).data
    assert (content.prompt is not None) or (content.messages is not None)


def test_content_error_object_with_previous_errors():
    content = ContentEnvelope.model_validate({"data": {
        "input": {"messages": []}, "output": {"completion": None, "reasoning": None},
        "error": {"message": "All providers failed", "provider_name": "Groq", "status": 502,
                  "raw": {"x": 1}, "previous_errors": [
                      {"code": 429, "message": "rate limited", "provider_name": "Together", "raw": "…"}]},
    }}).data
    assert content.error.status == 502
    assert content.error.previous_errors[0].provider_name == "Together"


def test_missing_output_and_input_default_to_empty():
    content = ContentEnvelope.model_validate({"data": {}}).data
    assert content.output.completion is None and content.messages is None


def test_todays_documented_example_parses_with_typed_new_fields():
    gen = GenerationEnvelope.model_validate(fixture_body("docs-example-generation.json")).data
    assert (gen.data_region, gen.preset_id) == ("global", "a9e8d400-592a-494f-908c-375efa66cafd")
    assert gen.workspace_id == "550e8400-e29b-41d4-a716-446655440000"
    assert (gen.service_tier, gen.router, gen.web_search_engine) == ("priority", "openrouter/auto", "exa")
    assert gen.request_id == "req-1727282430-aBcDeFgHiJkLmNoPqRsT" and gen.session_id is None
    assert gen.data_region_is_known and gen.api_type_is_known
    assert gen.extra_fields == {}  # every field of today's answer is a typed field
    content = ContentEnvelope.model_validate(fixture_body("docs-example-content.json")).data
    assert content.error is None and content.output.completion.startswith("The meaning of life")


def test_older_answers_without_the_new_fields_leave_them_none():
    gen = GenerationEnvelope.model_validate(fixture_body("real-generation-cancelled-stream.json")).data
    assert (gen.data_region, gen.preset_id, gen.workspace_id, gen.service_tier) == (None, None, None, None)
    assert gen.attempts[0].routed_service_tier is None and gen.data_region_is_known


@pytest.mark.parametrize("api_type", ["decisions", "image"])
def test_new_api_types_are_known(api_type):
    assert GenerationEnvelope.model_validate({"data": {"id": "g", "api_type": api_type}}).data.api_type_is_known


def test_provider_names_and_tiers_of_todays_api_are_known_and_others_kept():
    gen = GenerationEnvelope.model_validate({"data": {"id": "g", "data_region": "mars", "provider_responses": [
        {"status": 200, "provider_name": "Thinking Machines", "routed_service_tier": "flex"},
        {"status": 200, "provider_name": "Runway", "routed_service_tier": "ultrafast"},
        {"status": 200, "provider_name": "Quasar Compute", "routed_service_tier": "batch"},
    ]}}).data
    assert [a.provider_name_is_known for a in gen.attempts] == [True, True, False]
    assert [a.routed_service_tier for a in gen.attempts] == ["flex", "ultrafast", "batch"]
    assert [a.routed_service_tier_is_known for a in gen.attempts] == [True, True, False]
    assert gen.data_region == "mars" and not gen.data_region_is_known


def test_known_provider_names_add_the_33_the_older_spec_lacks():
    from explorer.api.models import KNOWN_PROVIDER_NAMES

    assert len(KNOWN_PROVIDER_NAMES) == 144
    assert {"AssemblyAI", "Claude Platform on AWS", "VoyageAI by MongoDB", "Runway"} <= KNOWN_PROVIDER_NAMES
    assert {"DeepInfra", "Together", "Google AI Studio"} <= KNOWN_PROVIDER_NAMES  # the spec's own


@pytest.mark.parametrize(("raw", "expected"), [
    (200, 200), (502.0, 502), (429.4, 429), (299.9, 299), ("503", 503), (" 404 ", 404), ("2e2", 200),
    (float("nan"), None), (float("inf"), None), (None, None),
])
def test_attempt_status_is_an_integer_from_tolerant_input(raw, expected):
    attempt = GenerationEnvelope.model_validate({"data": {"id": "g", "provider_responses": [
        {"status": raw}]}}).data.attempts[0]
    assert attempt.status == expected and attempt.status_code == expected
    assert attempt.status is None or type(attempt.status) is int


def test_attempt_status_that_is_not_a_number_is_rejected_as_before():
    with pytest.raises(ValidationError):
        GenerationEnvelope.model_validate({"data": {"id": "g", "provider_responses": [{"status": "bad"}]}})
