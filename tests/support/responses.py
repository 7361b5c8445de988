"""The one JSON response builder, and its kin: answers as the client receives them
(`httpx.Response`). The in-process transports (`httpx.MockTransport`) return them as they are;
the test servers (`tests.support.scripted_server`, `tests/e2e/batch/lookup_server.py`) send
them over ASGI through `served`."""

from __future__ import annotations

import json
from typing import Any

import httpx
from starlette.responses import Response

# The request a built response answers (httpx reads a response's `request` in places).
REQUEST = httpx.Request("GET", "http://gateway.test/api/v1/generation?id=gen-1")


def json_response(body: Any, status: int = 200,
                  headers: dict[str, str] | None = None) -> httpx.Response:
    """An answer carrying `body` as JSON (NaN/Infinity as Python's json writes them)."""
    return raw_response(json.dumps(body), status, headers=headers)


def raw_response(body: bytes | str, status: int = 200, media_type: str = "application/json",
                 headers: dict[str, str] | None = None) -> httpx.Response:
    """An answer carrying `body` verbatim, as `media_type`."""
    content = body.encode() if isinstance(body, str) else body
    return httpx.Response(status, content=content,
                          headers={"content-type": media_type, **(headers or {})}, request=REQUEST)


def error_body(status: int, message: str) -> dict[str, Any]:
    """The API's error envelope."""
    return {"error": {"code": status, "message": message, "metadata": None}}


def served(response: httpx.Response | Response) -> Response:
    """`response` as an ASGI (Starlette) response, to send from a test server."""
    if isinstance(response, Response):
        return response
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return Response(response.content, response.status_code, headers=headers)
