"""The recording proxy: forwards every request under the base path to the upstream gateway and
returns its answer unchanged, while noting the generation ID each answer carries.

aiohttp on both sides (its low-level server, no router; one pooled client session): the
fastest stack measured here for the added latency per request (see benchmarks/bench_proxy.py).
Requests go on with the client's own headers (its ``Authorization`` too), less hop-by-hop ones;
answers come back with their status, headers (less hop-by-hop ones) and bytes as sent, still
compressed if they were. SSE streams pass chunk by chunk, never buffered: the ID is read from a
copy of the first event. When the client goes away mid-stream the handler is cancelled and the
upstream request with it. The proxy's own failures (upstream unreachable…) answer 502 with a
JSON error in the API's shape.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web
from multidict import CIMultiDict
from yarl import URL

from explorer.capture.sniff import SseIdSniffer, json_body_id
from explorer.settings import PROXY_PORT

BASE_PATH = "/api/v1"
"""Where clients point: ``http://127.0.0.1:8788/api/v1`` stands for the upstream base URL."""
DEFAULT_PORT = PROXY_PORT
MAX_BUFFERED_BODY = 4 * 1024 * 1024
IDLE_TRIM_SECONDS = 1.0
"""After this long with no request in flight, the memory a burst freed goes back to the system."""
"""A non-streamed answer up to this size (by its Content-Length) is read whole and sent in one
write; a larger or unsized one passes chunk by chunk."""
HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
    "trailer", "trailers", "transfer-encoding", "upgrade",
})
# Headers aiohttp's client would add on its own: the upstream must see only the client's.
_NO_AUTO_HEADERS = ("User-Agent", "Accept", "Accept-Encoding", "Content-Type")

Capture = Callable[[str, "str | None", "asyncio.Future[None] | None"], None]
"""Told each answer's generation ID, the request's key (or None) and a future done when the
answer has been relayed (None: it already has)."""


def proxy_error(message: str, **metadata: Any) -> web.Response:
    """The proxy's own failure, as the API shapes errors: 502 with ``{"error": {...}}``."""
    body = {"error": {"code": 502, "message": message, "metadata": metadata or None}}
    return web.Response(status=502, body=json.dumps(body).encode(), content_type="application/json")


def request_key(headers: Any) -> str | None:
    """The bearer key of a request (held only for its lookup), or None."""
    scheme, _, key = headers.get("Authorization", "").partition(" ")
    key = key.strip()
    return key if scheme.lower() == "bearer" and key else None


def _forwarded(headers: Any, drop: frozenset[str]) -> CIMultiDict[str]:
    """`headers` less hop-by-hop ones (and those the Connection header names) and `drop`."""
    named = {h.strip().lower() for h in headers.get("Connection", "").split(",") if h.strip()}
    return CIMultiDict((k, v) for k, v in headers.items()
                       if k.lower() not in HOP_BY_HOP and k.lower() not in named and k.lower() not in drop)


class RecordingProxy:
    """Forwards ``{BASE_PATH}/…`` to `upstream` (a base URL such as ``http://127.0.0.1:8787/api/v1``)
    and calls `capture` with each answer's generation ID. Use `start()`, `stop()` or ``async with``."""

    def __init__(self, upstream: str, capture: Capture | None = None, *, connect_timeout: float = 10.0,
                 read_timeout: float = 600.0) -> None:
        self.upstream = upstream.rstrip("/")
        self._upstream_origin = str(URL(self.upstream).origin())
        self._capture = capture
        self._timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout, sock_read=read_timeout)
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.ServerRunner | None = None
        self._in_flight = 0
        self._trim: asyncio.TimerHandle | None = None
        self.host = ""
        self.port = 0

    @property
    def base_url(self) -> str:
        """The URL clients use, ``http://host:port/api/v1``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{BASE_PATH}"

    async def start(self, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> RecordingProxy:
        """Listen on `host:port` (0: any free port); raises OSError if the port is taken."""
        connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300, keepalive_timeout=30)
        self._session = aiohttp.ClientSession(
            connector=connector, timeout=self._timeout, auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=_NO_AUTO_HEADERS)
        # Bound here, so a busy port is an OSError now and the bound port is known.
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
        except OSError:
            sock.close()
            await self.stop()
            raise
        self.host, self.port = sock.getsockname()[:2]
        server = web.Server(self.handle, handler_cancellation=True, access_log=None)
        self._runner = web.ServerRunner(server, handle_signals=False)
        await self._runner.setup()
        await web.SockSite(self._runner, sock, backlog=1024).start()
        return self

    async def stop(self) -> None:
        """Stop listening, end open connections and close the upstream session."""
        if self._trim is not None:
            self._trim.cancel()
            self._trim = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> RecordingProxy:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _target(self, request: web.BaseRequest) -> URL | None:
        raw = request.raw_path
        if raw != BASE_PATH and not raw.startswith((BASE_PATH + "/", BASE_PATH + "?")):
            return None
        return URL(self.upstream + raw[len(BASE_PATH):], encoded=True)

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        """Forward one request and relay the answer."""
        self._in_flight += 1
        try:
            return await self._forward(request)
        finally:
            self._in_flight -= 1
            if self._in_flight == 0 and self._trim is None:
                self._trim = asyncio.get_running_loop().call_later(IDLE_TRIM_SECONDS, self._trim_when_idle)

    def _trim_when_idle(self) -> None:
        """Give the C heap's free memory back (in a thread: it takes milliseconds) if still idle:
        a burst of 200 streams leaves tens of MB freed but kept by glibc otherwise."""
        self._trim = None
        if self._in_flight == 0:
            from explorer.services import give_back_freed_memory

            asyncio.get_running_loop().run_in_executor(None, give_back_freed_memory)

    async def _forward(self, request: web.BaseRequest) -> web.StreamResponse:
        target = self._target(request)
        if target is None:
            return web.json_response({"error": {"code": 404, "message": f"the proxy serves only {BASE_PATH}/...",
                                                "metadata": None}}, status=404)
        assert self._session is not None
        body = await request.read() if request.body_exists else None
        headers = _forwarded(request.headers, frozenset({"host"}))
        try:
            upstream = await self._session.request(request.method, target, headers=headers, data=body,
                                                   allow_redirects=False, compress=None)
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            return proxy_error(f"upstream {self._upstream_origin} unreachable: {_describe(error)}",
                               upstream=self._upstream_origin, reason=type(error).__name__)
        try:
            return await self._relay(request, upstream)
        finally:
            upstream.close()  # a no-op once read; mid-stream (client gone) it drops the upstream request

    async def _relay(self, request: web.BaseRequest, upstream: aiohttp.ClientResponse) -> web.StreamResponse:
        headers = _forwarded(upstream.headers, frozenset({"content-length"}))
        capture = self._capture if 200 <= upstream.status < 300 else None
        streamed = upstream.headers.get("Content-Type", "").startswith("text/event-stream")
        length = upstream.content_length
        if not streamed and length is not None and length <= MAX_BUFFERED_BODY:
            return await self._relay_whole(request, upstream, headers, capture)
        return await self._relay_chunks(request, upstream, headers, capture, streamed)

    async def _relay_whole(self, request: web.BaseRequest, upstream: aiohttp.ClientResponse,
                           headers: CIMultiDict[str], capture: Capture | None) -> web.StreamResponse:
        """A small answer of known size: read it, then send it in one write (the fastest path)."""
        try:
            data = await upstream.read()
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            return proxy_error(f"upstream answer broke off: {_describe(error)}",
                               upstream=self._upstream_origin, reason=type(error).__name__)
        if capture is not None and (gen_id := json_body_id(data, upstream.headers.get("Content-Encoding", ""))):
            capture(gen_id, request_key(request.headers), None)
        return web.Response(status=upstream.status, reason=upstream.reason, headers=headers, body=data)

    async def _relay_chunks(self, request: web.BaseRequest, upstream: aiohttp.ClientResponse,
                            headers: CIMultiDict[str], capture: Capture | None, streamed: bool) -> web.StreamResponse:
        """An SSE stream (or a large or unsized body): each chunk on as it comes; the ID from a copy
        of the first event (or of a JSON body up to `MAX_BUFFERED_BODY`)."""
        encoding = upstream.headers.get("Content-Encoding", "")
        response = web.StreamResponse(status=upstream.status, reason=upstream.reason, headers=headers)
        await response.prepare(request)
        sniffer = SseIdSniffer(encoding) if capture is not None and streamed else None
        json_body = "json" in upstream.headers.get("Content-Type", "")
        copy = bytearray() if capture is not None and not streamed and json_body else None
        relayed: asyncio.Future[None] | None = None
        try:
            async for chunk in upstream.content.iter_any():
                if sniffer is not None and not sniffer.done and (gen_id := sniffer.feed(chunk)) is not None:
                    relayed = asyncio.get_running_loop().create_future()
                    capture(gen_id, request_key(request.headers), relayed)  # type: ignore[misc]
                if copy is not None:
                    copy += chunk
                    if len(copy) > MAX_BUFFERED_BODY:
                        copy = None
                await response.write(chunk)
            await response.write_eof()
        except ConnectionResetError:  # the client left between two chunks: nothing more to send
            return response
        except (aiohttp.ClientError, TimeoutError):  # the upstream broke off mid-answer: so does this one
            if request.transport is not None:
                request.transport.close()
            return response
        finally:
            if relayed is not None and not relayed.done():
                relayed.set_result(None)  # the answer is over (or the client left): time to look it up
        if capture is not None and copy is not None and (gen_id := json_body_id(bytes(copy), encoding)):
            capture(gen_id, request_key(request.headers), None)
        return response


def _describe(error: BaseException) -> str:
    if isinstance(error, aiohttp.ClientConnectorError):
        return f"cannot connect ({error.os_error.strerror or error.os_error})"
    if isinstance(error, TimeoutError):
        return "timed out"
    return str(error) or type(error).__name__
