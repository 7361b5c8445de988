"""Every body the demo API sends validates against the OpenAPI spec (drift record: by design not).

The spec is older than the live API: today's fields are additions it allows (it does not forbid
additional properties); today's new enum values (api_type image, 33 provider names) are checked
against the spec widened by them, and they are the only thing the strict spec rejects.
"""

from __future__ import annotations

import pytest

from explorer.api.models import KNOWN_API_TYPES, KNOWN_PROVIDER_NAMES
from explorer.demo.app import create_demo_app
from explorer.demo.data import DEMO_CASES, RATE_LIMITED_ID, UNKNOWN_ID_EXAMPLE, demo_ids, get_demo_record
from explorer.demo.faults import FAULT_IDS
from explorer.demo.synth import GENERATION_FIELDS, TODAYS_GENERATION_FIELDS

DRIFT_ID = DEMO_CASES["schema-drift"]
REAL_BODY_ID = DEMO_CASES["cancelled-stream"]
STATUS_FAULTS = sorted(f for f in FAULT_IDS if f.removeprefix("fault-").isdigit())


def _is_enum_error(error) -> bool:
    # api_type sits in a oneOf (enum | null): its failure is reported by the oneOf
    return error.validator == "enum" or (
        error.validator == "oneOf" and any(sub.validator == "enum" for sub in error.context))


@pytest.fixture
def app():
    return create_demo_app()


async def test_every_demo_generation_validates(app, client_for, spec):
    today = spec.with_todays_enums()
    async with client_for(app) as client:
        for gen_id in demo_ids():
            if gen_id == RATE_LIMITED_ID:
                await client.get("/generation", params={"id": gen_id})  # use up the one 429
            response = await client.get("/generation", params={"id": gen_id})
            assert response.status_code == 200, gen_id
            assert response.headers["content-type"] == "application/json"
            if gen_id == REAL_BODY_ID:  # the real body, verbatim: it lacks keys the spec requires
                errors = spec.errors("GenerationResponse", response.json())
                assert errors and all(e.validator == "required" for e in errors), gen_id
            elif gen_id != DRIFT_ID:
                today.validate("GenerationResponse", response.json())
                for error in spec.errors("GenerationResponse", response.json()):
                    assert _is_enum_error(error), (gen_id, error.message)
                    assert error.instance in KNOWN_API_TYPES | KNOWN_PROVIDER_NAMES, (gen_id, error.instance)


async def test_every_demo_content_validates(app, client_for, spec):
    async with client_for(app) as client:
        for gen_id in demo_ids():
            if gen_id == RATE_LIMITED_ID:
                await client.get("/generation/content", params={"id": gen_id})
            response = await client.get("/generation/content", params={"id": gen_id})
            if get_demo_record(gen_id).content is None:
                assert response.status_code == 403
                spec.validate_error(403, response.json())
                assert response.json()["error"]["message"].startswith("Content not stored")
            else:
                assert response.status_code == 200, gen_id
                spec.validate("GenerationContentResponse", response.json())


async def test_drift_record_fails_only_on_enums(app, client_for, spec):
    async with client_for(app) as client:
        body = (await client.get("/generation", params={"id": DRIFT_ID})).json()
    errors = spec.errors("GenerationResponse", body)
    assert errors, "the drift record should violate the spec's enums"
    for error in errors:
        assert _is_enum_error(error), error.message
    paths = {tuple(e.absolute_path) for e in errors}
    assert ("data", "api_type") in paths
    assert any(p[:2] == ("data", "provider_responses") and p[-1] == "provider_name" for p in paths)
    spec.relaxed().validate("GenerationResponse", body)


def test_generation_fields_cover_the_specs_required_keys(spec):
    schema = spec.spec["components"]["schemas"]["GenerationResponseData"]
    assert set(schema["required"]) <= set(GENERATION_FIELDS)
    assert set(GENERATION_FIELDS) - set(schema["properties"]) == TODAYS_GENERATION_FIELDS  # today's additions
    assert schema.get("additionalProperties", True) is not False  # so the spec accepts them


def test_the_widened_spec_knows_todays_enum_values_only_as_additions(spec):
    today = spec.with_todays_enums().spec["components"]["schemas"]
    older = spec.spec["components"]["schemas"]
    added = set(today["ProviderResponseProviderName"]["enum"]) - set(older["ProviderResponseProviderName"]["enum"])
    assert len(added) == 33 and "DigitalOcean" in added
    assert set(today["GenerationResponseDataApiType"]["enum"]) - set(older["GenerationResponseDataApiType"]["enum"]) \
        == {"decisions", "image"}


async def test_spec_enum_copy_leaves_the_original_strict(spec):
    assert "enum" in spec.spec["components"]["schemas"]["ProviderResponseProviderName"]
    assert "enum" not in spec.relaxed().spec["components"]["schemas"]["ProviderResponseProviderName"]


@pytest.mark.parametrize("endpoint", ["/generation", "/generation/content"])
async def test_plain_error_bodies_validate(app, client_for, spec, endpoint):
    async with client_for(app, key=None) as anonymous:
        missing_key = await anonymous.get(endpoint, params={"id": demo_ids()[0]})
    async with client_for(app, key="demo-revoked-key") as revoked:
        revoked_key = await revoked.get(endpoint, params={"id": demo_ids()[0]})
    async with client_for(app) as client:
        no_id = await client.get(endpoint)
        empty_id = await client.get(endpoint, params={"id": ""})
        unknown = await client.get(endpoint, params={"id": UNKNOWN_ID_EXAMPLE})
        limited = await client.get(endpoint, params={"id": RATE_LIMITED_ID})
    for response, status in [(missing_key, 401), (revoked_key, 401), (no_id, 400), (empty_id, 400),
                             (unknown, 404), (limited, 429)]:
        assert response.status_code == status
        assert response.headers["content-type"] == "application/json"
        spec.validate_error(status, response.json())
    assert "Invalid API key" in revoked_key.json()["error"]["message"]
    assert unknown.json()["error"]["message"] == "Generation not found"


@pytest.mark.parametrize("fault_id", STATUS_FAULTS)
@pytest.mark.parametrize("endpoint", ["/generation", "/generation/content"])
async def test_status_fault_bodies_validate(app, client_for, spec, fault_id, endpoint):
    status = int(fault_id.removeprefix("fault-"))
    async with client_for(app) as client:
        response = await client.get(endpoint, params={"id": fault_id})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    spec.validate_error(status, response.json())
    if status == 429:
        assert response.headers["retry-after"] == "1"
