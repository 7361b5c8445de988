"""The demo ModelGates API: a Starlette app serving the demo data set like the real endpoints.

Base URL ``http://host:port/api/v1``; routes ``GET /generation?id=…``,
``GET /generation/content?id=…`` and ``POST /chat/completions`` (the demo as a gateway: see
:mod:`explorer.demo.gateway`). See :mod:`explorer.demo.data` for the IDs and the special
behaviours (pending flow, rate limited once) and :mod:`explorer.demo.faults` for ``fault-*``.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from functools import cache

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from explorer.demo import faults
from explorer.demo.data import (
    PENDING_HORIZON_SECONDS,
    RATE_LIMITED_ID,
    UNKNOWN_ID_EXAMPLE,
    demo_ids,
    fresh_pending_id,
    get_demo_record,
    pending_created_at,
)
from explorer.demo.errors import (
    NOT_FOUND_MESSAGE,
    encode_json,
    error_response,
    json_response,
    raw_json_response,
    rate_limited_response,
)
from explorer.demo.gateway import DemoGateway
from explorer.demo.synth import synthesize_generation

API_PREFIX = "/api/v1"
REVOKED_KEY = "demo-revoked-key"
GENERATION, CONTENT = "generation", "content"


@cache
def _encoded_record(gen_id: str, endpoint: str) -> bytes:
    # The large record is ~1 MB of JSON: encode each body once per process, not per request.
    record = get_demo_record(gen_id)
    assert record is not None
    return encode_json({"data": record.generation if endpoint == GENERATION else record.content})


class _DemoApi:
    """Request handling shared by both endpoints; holds the per-app state (rate-limit memory)."""

    def __init__(
        self, *, pending_seconds: float, latency_ms: float, clock: Callable[[], float], require_key: bool,
        hang_seconds: float,
    ) -> None:
        self.pending_seconds = pending_seconds
        self.latency_ms = latency_ms
        self.clock = clock
        self.require_key = require_key
        self.hang_seconds = hang_seconds
        self.rate_limited_endpoints: set[str] = set()
        self.gateway = DemoGateway(clock=clock)

    async def complete(self, request: Request) -> Response:
        """``POST /chat/completions``: the gateway's made-up completion (same key rules)."""
        if self.latency_ms > 0:
            await asyncio.sleep(self.latency_ms / 1000)
        if (denied := self._auth_error(request)) is not None:
            return denied
        return await self.gateway.complete(request)

    def _auth_error(self, request: Request) -> Response | None:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        key = key.strip() if scheme.lower() == "bearer" else ""
        if key == REVOKED_KEY:
            return error_response(401, "Invalid API key", {"reason": "key_revoked"})
        if not key and self.require_key:
            return error_response(401, "No auth credentials found")
        return None

    async def answer(self, request: Request, endpoint: str) -> Response:
        if self.latency_ms > 0:
            await asyncio.sleep(self.latency_ms / 1000)
        if (denied := self._auth_error(request)) is not None:
            return denied
        gen_id = request.query_params.get("id", "")
        if not gen_id:
            return error_response(400, "Missing required query parameter: id", {"param": "id"})
        if faults.is_fault_id(gen_id):
            return await faults.fault_response(gen_id, endpoint, now=self.clock(), hang_seconds=self.hang_seconds)
        if gen_id == RATE_LIMITED_ID and endpoint not in self.rate_limited_endpoints:
            self.rate_limited_endpoints.add(endpoint)
            return rate_limited_response(self.clock(), "Rate limit exceeded: too many requests for this key. "
                                                       "Retry after 1 second.")
        record = get_demo_record(gen_id)
        if record is not None:
            if endpoint == CONTENT and record.content is None:
                return error_response(403, "Content not stored: input/output logging was off for this generation",
                                      {"reason": "logging_disabled"})
            return raw_json_response(_encoded_record(gen_id, endpoint))
        return self._pending_or_missing(gen_id, endpoint)

    def _pending_or_missing(self, gen_id: str, endpoint: str) -> Response:
        if (made := self.gateway.lookup(gen_id)) is not None:  # a completion the gateway answered
            if self.clock() - made.created < self.pending_seconds:
                return error_response(404, NOT_FOUND_MESSAGE)
            return json_response({"data": made.generation if endpoint == GENERATION else made.content})
        created = pending_created_at(gen_id)
        if created is not None:
            age = self.clock() - created
            # Young IDs are "just finished, stats not ready yet": 404 like an unknown ID.
            if self.pending_seconds <= age < self.pending_seconds + PENDING_HORIZON_SECONDS:
                generation, content = synthesize_generation(gen_id, created)
                return json_response({"data": generation if endpoint == GENERATION else content})
        return error_response(404, NOT_FOUND_MESSAGE)


async def _index(request: Request) -> Response:
    """A small self-description, handy when someone opens the server in a browser."""
    base = str(request.base_url).rstrip("/") + API_PREFIX
    return json_response({
        "name": "ModelGates demo API",
        "base_url": base,
        "endpoints": [f"{base}/generation?id=<id>", f"{base}/generation/content?id=<id>",
                      f"POST {base}/chat/completions"],
        "auth": "Authorization: Bearer <any non-empty key>; 'demo-revoked-key' answers 401",
        "demo_ids": demo_ids(),
        "special_ids": {"rate_limited_once": RATE_LIMITED_ID, "unknown": UNKNOWN_ID_EXAMPLE,
                        "pending": "gen-<unix seconds now>-anything, e.g. " + fresh_pending_id(time.time())},
        "fault_ids": faults.FAULT_IDS,
    })


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown routes and methods answer with the API's JSON error envelope, not plain text."""
    if isinstance(exc, HTTPException) and exc.status_code != 404:
        return error_response(exc.status_code, exc.detail)
    return error_response(404, f"No route for {request.url.path}")


#: Overrides the default pending delay of :func:`create_demo_app` (tests, trying `show`'s wait).
PENDING_SECONDS_ENV = "MODELGATES_DEMO_PENDING_SECONDS"
DEFAULT_PENDING_SECONDS = 4.0


def _default_pending_seconds() -> float:
    raw = os.environ.get(PENDING_SECONDS_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_PENDING_SECONDS
    except ValueError:
        return DEFAULT_PENDING_SECONDS
    return value if 0 <= value < 3600 else DEFAULT_PENDING_SECONDS


def create_demo_app(
    *,
    pending_seconds: float | None = None,
    latency_ms: float = 0.0,
    clock: Callable[[], float] = time.time,
    require_key: bool = True,
    hang_seconds: float = 30.0,
    stream_chunk_ms: float = 0.0,
) -> Starlette:
    """Build the demo API.

    Args:
        pending_seconds: how long after its embedded time a ``gen-<t>-…`` ID answers 404
            (default: ``$MODELGATES_DEMO_PENDING_SECONDS``, else 4 s).
        latency_ms: extra delay before every answer (for benchmarks).
        clock: the current unix time; inject a fake one in tests.
        require_key: if False, requests without a key are accepted too.
        hang_seconds: how long ``fault-hang`` waits before answering.
        stream_chunk_ms: the pause between two SSE chunks of a streamed chat completion.
    """
    if pending_seconds is None:
        pending_seconds = _default_pending_seconds()
    api = _DemoApi(pending_seconds=pending_seconds, latency_ms=latency_ms, clock=clock, require_key=require_key,
                   hang_seconds=hang_seconds)
    api.gateway.chunk_delay = stream_chunk_ms / 1000
    faults.quiet_reset_logging()

    async def generation(request: Request) -> Response:
        return await api.answer(request, GENERATION)

    async def content(request: Request) -> Response:
        return await api.answer(request, CONTENT)

    routes = [
        Route("/", _index),
        Mount(API_PREFIX, routes=[Route("/generation", generation), Route("/generation/content", content),
                                  Route("/chat/completions", api.complete, methods=["POST"])]),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _http_error, 405: _http_error})
    app.state.demo_api = api  # tests and benchmarks may inspect the state
    return app
