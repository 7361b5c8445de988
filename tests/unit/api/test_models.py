"""Tolerant parsing: real fixtures, unknown fields and enum values, nulls, any content shape."""

from __future__ import annotations

import pytest

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
