"""Error bodies and JSON responses shaped like the ModelGates API's.

Every error is ``{"error": {"code": int, "message": str, "metadata": obj|null}}``, optionally
with a top-level ``user_id``, matching the spec's ``*Response`` error schemas.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

NOT_FOUND_MESSAGE = "Generation not found"


def encode_json(payload: Any) -> bytes:
    """Compact UTF-8 JSON, as the live API sends it (non-ASCII kept, control characters escaped)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(payload: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON response with ``content-type: application/json``."""
    return raw_json_response(encode_json(payload), status, headers)


def raw_json_response(body: bytes, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A response whose body is already-encoded (possibly deliberately broken) JSON."""
    return Response(content=body, status_code=status, headers=dict(headers or {}), media_type="application/json")


def error_body(
    code: int, message: str, metadata: dict[str, Any] | None = None, *, user_id: str | None = None
) -> dict[str, Any]:
    """The spec's error envelope."""
    body: dict[str, Any] = {"error": {"code": code, "message": message, "metadata": metadata}}
    if user_id is not None:
        body["user_id"] = user_id
    return body


def error_response(
    code: int,
    message: str,
    metadata: dict[str, Any] | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    user_id: str | None = None,
) -> Response:
    """An error response whose HTTP status equals ``code``."""
    return json_response(error_body(code, message, metadata, user_id=user_id), code, headers)


def rate_limit_headers(now: float, retry_after: int = 1) -> dict[str, str]:
    """``Retry-After`` plus the ``X-RateLimit-*`` headers the live API sends with a 429."""
    return {
        "Retry-After": str(retry_after),
        "X-RateLimit-Limit": "20",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(int((now + retry_after) * 1000)),
    }


def rate_limited_response(now: float, message: str) -> Response:
    """A 429 with ``Retry-After: 1``; the rate-limit headers are echoed in ``metadata.headers``."""
    headers = rate_limit_headers(now)
    metadata = {"headers": {k: v for k, v in headers.items() if k.startswith("X-")}}
    return error_response(429, message, metadata, headers=headers)
