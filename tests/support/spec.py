"""The spec's validators: Draft 2020-12 validators for the (older) spec's component schemas,
read from `tests/fixtures/` (the `spec` fixture, for the demo API's tests)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from explorer.api.models import KNOWN_API_TYPES, KNOWN_PROVIDER_NAMES
from tests.support.fixtures import SPEC_PATH

SPEC_URI = "urn:modelgates:generations-spec"

#: HTTP status -> the spec's error schema; 400 is not in the spec, so it is checked against the
#: shared error envelope (all the spec's error schemas are the same shape).
ERROR_SCHEMAS = {
    400: "UnauthorizedResponse",
    401: "UnauthorizedResponse",
    402: "PaymentRequiredResponse",
    403: "ForbiddenResponse",
    404: "NotFoundResponse",
    429: "TooManyRequestsResponse",
    500: "InternalServerResponse",
    502: "BadGatewayResponse",
    524: "EdgeNetworkTimeoutResponse",
    529: "ProviderOverloadedResponse",
}


def _without_enums(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _without_enums(value) for key, value in node.items() if key != "enum"}
    if isinstance(node, list):
        return [_without_enums(item) for item in node]
    return node


class SpecValidators:
    """Draft 2020-12 validators for the spec's component schemas, $refs resolved in place."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self._registry = Registry().with_resource(SPEC_URI, resource)

    def validator(self, schema_name: str) -> Draft202012Validator:
        return Draft202012Validator({"$ref": f"{SPEC_URI}#/components/schemas/{schema_name}"}, registry=self._registry)

    def errors(self, schema_name: str, instance: Any) -> list:
        return list(self.validator(schema_name).iter_errors(instance))

    def validate(self, schema_name: str, instance: Any) -> None:
        self.validator(schema_name).validate(instance)

    def validate_error(self, status: int, body: Any) -> None:
        self.validate(ERROR_SCHEMAS[status], body)
        assert body["error"]["code"] == status
        assert body["error"]["message"]

    def with_todays_enums(self) -> SpecValidators:
        """The same spec with today's `api_type` values and provider names added to its enums.

        The spec is the older baseline: today's API adds fields (allowed, the spec does not forbid
        additional properties) and enum values (not allowed by the spec's enums, hence this copy).
        """
        spec = copy.deepcopy(self.spec)
        schemas = spec["components"]["schemas"]
        for name, today in (("GenerationResponseDataApiType", KNOWN_API_TYPES),
                            ("ProviderResponseProviderName", KNOWN_PROVIDER_NAMES)):
            schemas[name]["enum"] += sorted(set(today) - set(schemas[name]["enum"]))
        return SpecValidators(spec)

    def relaxed(self) -> SpecValidators:
        """The same spec with every ``enum`` constraint removed (a copy; the file is untouched)."""
        return SpecValidators(_without_enums(copy.deepcopy(self.spec)))


@pytest.fixture(scope="session")
def spec() -> SpecValidators:
    return SpecValidators(yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8")))
