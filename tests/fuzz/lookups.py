"""Building a `Lookup` from fuzzed bodies the way the client does."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st
from pydantic import ValidationError

from explorer.api.client import Lookup
from explorer.api.errors import ForbiddenError, InvalidResponseError
from explorer.api.models import ContentEnvelope, GenerationEnvelope
from explorer.api.responses import parse_body
from tests.fuzz.strategies import REAL_CONTENT, REAL_GENERATION, near_valid
from tests.support.responses import json_response

FETCHED_AT = 1_795_953_600.0


def repaired(body: Any) -> dict[str, Any]:
    """`body` with every field the metadata model refuses set to null (the ID to a placeholder),
    so rendering sees as much of the fuzzed data as can parse: unknown fields stay arbitrary."""
    body = copy.deepcopy(body) if isinstance(body, dict) and isinstance(body.get("data"), dict) else \
        {"data": copy.deepcopy(REAL_GENERATION)}
    for _ in range(20):
        try:
            GenerationEnvelope.model_validate(body)
            return body
        except ValidationError as error:
            for problem in error.errors(include_url=False):
                loc = problem["loc"]
                if loc[:2] == ("data", "id"):
                    body["data"]["id"] = "gen-1771967973-fuzzed"
                    continue
                parent = body
                for key in loc[:-1]:
                    parent = parent[key]
                parent[loc[-1]] = {} if isinstance(loc[-1], int) else None  # a list item: an empty attempt
    raise AssertionError(f"could not repair {body!r}")


def lookup_from(generation: Any, content: Any, content_forbidden: bool = False) -> Lookup:
    """The lookup a client would build from these bodies (the metadata repaired first)."""
    meta, raw = parse_body(json_response(repaired(generation)), GenerationEnvelope, redact=str)
    lookup = Lookup(generation=meta.data, raw_generation=raw["data"], fetched_at=FETCHED_AT)
    if content_forbidden:
        lookup.content_error = ForbiddenError("Content not stored", status=403)
        return lookup
    try:
        body, raw_content = parse_body(json_response(content), ContentEnvelope, redact=str)
    except InvalidResponseError as error:
        lookup.content_error = error
    else:
        lookup.content, lookup.raw_content = body.data, raw_content.get("data")
    return lookup


@st.composite
def lookups(draw) -> Lookup:
    """Lookups of near-valid bodies; 1 in 6 has its content refused (403)."""
    return lookup_from(draw(near_valid(REAL_GENERATION)), draw(near_valid(REAL_CONTENT)),
                       draw(st.integers(0, 5)) == 0)
