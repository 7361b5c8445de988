"""Fault injection for the demo API: magic ``fault-<kind>`` IDs that misbehave on purpose.

Faults are always available, on both endpoints, to any request with an accepted API key:

- ``fault-401`` … ``fault-529``: the spec's error statuses with realistic bodies (429 adds
  ``Retry-After: 1``);
- ``fault-html``: a 502 HTML page from the edge proxy instead of JSON;
- ``fault-truncated``: 200 whose JSON stops half way;
- ``fault-wrong-shape``: 200 with ``{"data": [1, 2, 3]}``;
- ``fault-drift``: 200 with new fields, unknown enum values, and nulls where numbers were;
- ``fault-hang``: answers 200 only after ``hang_seconds`` (default 30);
- ``fault-reset``: starts a 200 and drops the connection mid-body;
- ``fault-hostile``: 200 full of terminal escapes, Rich markup, bidi/zero-width characters,
  wide characters and a single 1 MiB line;
- ``fault-hostile-error``: a 502 whose error message (and metadata) carry the same hostile
  fragments, for the error paths.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from functools import cache
from typing import Any

import httpx
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from explorer.demo.errors import (
    NOT_FOUND_MESSAGE,
    encode_json,
    error_response,
    json_response,
    raw_json_response,
    rate_limited_response,
)
from explorer.demo.synth import synthesize_generation

FAULT_PREFIX = "fault-"

FAULT_IDS: dict[str, str] = {
    "fault-401": "401 Unauthorized: the key is not recognised",
    "fault-402": "402 Payment Required: insufficient credits",
    "fault-403": "403 Forbidden: the generation belongs to another account",
    "fault-404": "404 Not Found: generation not found",
    "fault-429": "429 Too Many Requests, with Retry-After: 1",
    "fault-500": "500 Internal Server Error",
    "fault-502": "502 Bad Gateway: upstream provider error (JSON body)",
    "fault-524": "524 edge network timeout",
    "fault-529": "529 provider overloaded",
    "fault-html": "502 with an HTML error page (text/html) instead of JSON",
    "fault-truncated": "200 with a JSON body cut off in the middle",
    "fault-wrong-shape": "200 with valid JSON of the wrong shape: {\"data\": [1, 2, 3]}",
    "fault-drift": "200 with new fields, unknown enum values and nulls where numbers were",
    "fault-hang": "answers only after hang_seconds (default 30 s): for client timeouts",
    "fault-reset": "starts a 200 response, then drops the connection mid-body",
    "fault-hostile": "200 with terminal escapes, Rich markup, bidi/zero-width chars and a 1 MiB line",
    "fault-hostile-error": "502 whose error message carries Rich markup, terminal escapes and bidi chars",
}

_USER_ID = "user_2zDemoFaultInjection00"
# status -> (message, metadata, user_id): what the live API says for each status
_STATUS_ERRORS: dict[int, tuple[str, dict[str, Any] | None, str | None]] = {
    401: ("User not found.", None, None),
    402: ("Insufficient credits. Add more using https://modelgates.ai/settings/credits",
          {"balance_usd": -0.0132, "required_usd": 0.0}, _USER_ID),
    403: ("Forbidden: this API key cannot read generations created by another account",
          {"reason": "not_owner"}, _USER_ID),
    404: (NOT_FOUND_MESSAGE, None, _USER_ID),
    500: ("Internal Server Error", None, None),
    502: ("Provider returned error", {"provider_name": "Together",
          "raw": "upstream connect error or disconnect/reset before headers. reset reason: connection termination"},
          _USER_ID),
    524: ("Request timed out: the upstream provider did not respond within 100 seconds",
          {"provider_name": "DeepInfra", "timeout_ms": 100000}, _USER_ID),
    529: ("Provider returned error", {"provider_name": "Anthropic",
          "raw": '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'}, _USER_ID),
}  # fmt: skip

_HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>modelgates.ai | 502: Bad gateway</title></head>
<body>
  <h1>Bad gateway <small>Error code 502</small></h1>
  <p>The web server reported a bad gateway error.</p>
  <p>Please try again in a few minutes.</p>
  <footer>Ray ID: <code>8f3a1c9e2b7d4a60</code> &bull; 2026-11-22 10:00:00 UTC</footer>
</body>
</html>
"""

#: The hostile fragments, by name, so tests and UI code can check each one is neutralised.
HOSTILE_SNIPPETS: dict[str, str] = {
    "rich_markup": "[bold red]x[/]",
    "rich_link": "[link=https://evil.example]click[/link]",
    "ansi_csi": "\x1b[31mred\x1b[0m",
    "osc52_clipboard": "\x1b]52;c;aGVsbG8=\x07",
    "osc0_title": "\x1b]0;pwned\x07",
    "bel": "ding\x07",
    "nul": "nul\x00byte",
    "carriage_return": "visible\rHIDDEN",
    "bidi_override": "invoice_\u202efdp.exe",
    "zero_width": "pay\u200bpal",
    "emoji": "🔥👩\u200d💻",
    "cjk_wide": "全角文字テスト",
}
HOSTILE_TEXT = " ".join(HOSTILE_SNIPPETS.values())
#: The message of ``fault-hostile-error``: an upstream error quoting hostile text back.
HOSTILE_ERROR_MESSAGE = "Provider returned error: " + HOSTILE_TEXT
HOSTILE_LINE_CHARS = 1024 * 1024
# The fixed creation time of fault payloads: 2026-11-22T10:00:00Z.
_FAULT_CREATED = 1795341600


def is_fault_id(gen_id: str) -> bool:
    """True if ``gen_id`` is one of :data:`FAULT_IDS`."""
    return gen_id in FAULT_IDS


def _base_payload(fault_id: str, endpoint: str) -> dict[str, Any]:
    generation, content = synthesize_generation(fault_id, _FAULT_CREATED)
    return {"data": generation if endpoint == "generation" else content}


@cache
def hostile_long_line() -> str:
    """A single line of exactly 1 MiB characters mixing markup, escapes and wide characters."""
    unit = "[b]宽[/b]\x1b[7m" + "lorem ipsum dolor " * 2
    line = unit * (HOSTILE_LINE_CHARS // len(unit) + 1)
    return line[:HOSTILE_LINE_CHARS]


def hostile_payload(fault_id: str, endpoint: str) -> dict[str, Any]:
    """A well-formed body whose strings try to break terminals and markup renderers."""
    payload = _base_payload(fault_id, endpoint)
    data = payload["data"]
    if endpoint == "generation":
        data.update(model="openai/gpt-4o" + HOSTILE_TEXT, provider_name=HOSTILE_TEXT, origin=HOSTILE_TEXT,
                    user_agent=HOSTILE_TEXT, external_user=HOSTILE_SNIPPETS["bidi_override"],
                    finish_reason=HOSTILE_SNIPPETS["rich_markup"])
        template = data["provider_responses"][0]
        data["provider_responses"] = [
            {**template, "provider_name": snippet, "status": 502, "id": snippet}
            for snippet in HOSTILE_SNIPPETS.values()
        ] + [{**template, "provider_name": HOSTILE_TEXT}]
    else:
        data["input"] = {"messages": [{"role": "system", "content": HOSTILE_TEXT}] + [
            {"role": "user", "content": f"{name}: {snippet}"} for name, snippet in HOSTILE_SNIPPETS.items()
        ] + [{"role": HOSTILE_SNIPPETS["ansi_csi"], "content": [{"type": "text", "text": HOSTILE_TEXT}]}]}
        data["output"] = {
            "completion": HOSTILE_TEXT + "\n" + hostile_long_line() + "\n" + HOSTILE_TEXT,
            "reasoning": "\n".join(HOSTILE_SNIPPETS.values()),
        }
    return payload


def drift_payload(fault_id: str, endpoint: str) -> dict[str, Any]:
    """A body from a future API version: extra fields, unknown enum values, nulls for numbers."""
    payload = _base_payload(fault_id, endpoint)
    data = payload["data"]
    if endpoint == "generation":
        for key in ("total_cost", "usage", "latency", "generation_time", "tokens_prompt", "tokens_completion",
                    "native_tokens_prompt", "native_tokens_completion"):
            data[key] = None
        attempt = copy.deepcopy(data["provider_responses"][0])
        data["provider_responses"] = [
            {**attempt, "provider_name": "Nimbus Edge", "status": 503, "latency": None, "region": "mars-north-1"},
            {**attempt, "status": 200, "queue_ms": 12},
        ]
        data.update(api_type="realtime", finish_reason="content_filter_v2", service_tier="flex-plus",
                    cost_breakdown={"prompt": "0.00001", "completion": "0.00002", "currency": "USD"},
                    num_fetches_v2={"web": 1}, carbon_grams=0.12, schema_version=3)
    else:
        data["input"]["messages"].insert(0, {"role": "developer", "content": [
            {"type": "input_video", "input_video": {"url": "https://cdn.example/clip.mp4"}}]})
        data["output"].update(images=[{"type": "image_url", "image_url": {"url": "https://cdn.example/out.png"}}],
                              reasoning_details=[{"type": "reasoning.encrypted", "data": "gAAAAABn0q"}])
    return payload


class ConnectionDropped(httpx.RemoteProtocolError):
    """Raised by the app to drop the connection mid-body (``fault-reset``).

    Over TCP, uvicorn answers an exception after the response started by closing the socket,
    so the client sees ``httpx.RemoteProtocolError`` ("peer closed connection without sending
    complete message body"). In process, through ``httpx.ASGITransport``, the exception itself
    reaches the client: the same error type either way.
    """


class AbortedResponse(Response):
    """Sends headers promising ``len(body)`` bytes and half the body, then drops the connection."""

    def __init__(self, body: bytes) -> None:
        super().__init__(content=body, media_type="application/json")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self.body[: len(self.body) // 2], "more_body": True})
        raise ConnectionDropped("peer closed connection without sending complete message body (demo fault-reset)")


class _ResetNoiseFilter(logging.Filter):
    """Drop uvicorn's "Exception in ASGI application" record for the deliberate ``fault-reset``."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], ConnectionDropped))


def quiet_reset_logging() -> None:
    """Install (once) the filter that keeps ``fault-reset`` from logging a traceback per request."""
    log = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _ResetNoiseFilter) for f in log.filters):
        log.addFilter(_ResetNoiseFilter())


async def fault_response(fault_id: str, endpoint: str, *, now: float, hang_seconds: float) -> Response:
    """The response for ``fault_id`` on ``endpoint`` (``"generation"`` or ``"content"``)."""
    kind = fault_id.removeprefix(FAULT_PREFIX)
    if kind.isdigit():
        status = int(kind)
        if status == 429:
            return rate_limited_response(now, "Rate limit exceeded: 20 requests per minute. Retry after 1 second.")
        message, metadata, user_id = _STATUS_ERRORS[status]
        return error_response(status, message, metadata, user_id=user_id)
    if kind == "html":
        return Response(_HTML_PAGE, status_code=502, media_type="text/html; charset=utf-8")
    if kind == "truncated":
        body = encode_json(_base_payload(fault_id, endpoint))
        return raw_json_response(body[: len(body) // 2])
    if kind == "wrong-shape":
        return json_response({"data": [1, 2, 3]})
    if kind == "drift":
        return json_response(drift_payload(fault_id, endpoint))
    if kind == "hostile":
        return json_response(hostile_payload(fault_id, endpoint))
    if kind == "hostile-error":
        return error_response(502, HOSTILE_ERROR_MESSAGE, {"provider_name": HOSTILE_TEXT, "raw": HOSTILE_TEXT},
                              user_id=_USER_ID)
    if kind == "hang":
        await asyncio.sleep(hang_seconds)
        return json_response(_base_payload(fault_id, endpoint))
    if kind == "reset":
        return AbortedResponse(encode_json(_base_payload(fault_id, endpoint)))
    raise KeyError(fault_id)
