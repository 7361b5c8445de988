"""A generations API whose answers each test scripts, and which records what it received.

`ScriptedServer.transport()` reaches it in-process (the unit tests: what the client makes of
an answer); `RunningServer(scripted.app())` serves it with uvicorn on 127.0.0.1 with an
OS-chosen port inside the test's event loop (through the demo's `start_asgi_server`), so the
client under test goes through a real TCP connection and a real HTTP parser (the e2e tests).

An answer is a response (`tests.support.responses`) or a handler: a function of the request
returning one, or a coroutine function.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from explorer.demo.server import start_asgi_server
from tests.support.responses import error_body, json_response, served

Answer = httpx.Response | Response
Handler = Answer | Callable[[Request], Awaitable[Answer] | Answer]


@dataclass
class Received:
    """One request as the server saw it."""

    path: str
    id: str | None
    raw_query: bytes
    headers: dict[str, str]


@dataclass
class ScriptedServer:
    """Serves `/api/v1/generation` and `/api/v1/generation/content` from scripted answers."""

    handlers: dict[str, list[Handler]] = field(default_factory=dict)
    default: dict[str, Handler] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    base_url: str = "http://gateway.test/api/v1"

    def script(self, path: str, *handlers: Handler) -> None:
        """Answer the next requests to `path` ("generation" or "content") with these, in order."""
        self.handlers.setdefault(path, []).extend(handlers)

    def always(self, path: str, handler: Handler) -> None:
        """Answer every request to `path` with this once the scripted ones are used up."""
        self.default[path] = handler

    async def _dispatch(self, request: Request) -> Response:
        name = "content" if request.url.path.endswith("/content") else "generation"
        self.received.append(
            Received(name, request.query_params.get("id"), request.scope["query_string"],
                     {k.lower(): v for k, v in request.headers.items()})
        )
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            queue = self.handlers.get(name) or []
            handler = queue.pop(0) if queue else self.default.get(name)
            if handler is None:
                return served(json_response(error_body(404, "not scripted"), 404))
            result = handler if isinstance(handler, Answer) else handler(request)
            return served(await result if asyncio.iscoroutine(result) else result)
        finally:
            self.in_flight -= 1

    def app(self) -> Starlette:
        """The API as an ASGI app."""
        return Starlette(routes=[
            Route("/api/v1/generation", self._dispatch),
            Route("/api/v1/generation/content", self._dispatch),
        ])

    def transport(self) -> httpx.AsyncBaseTransport:
        """The API in-process, for a client on `base_url`."""
        return httpx.ASGITransport(app=self.app())


class RunningServer:
    """A uvicorn server on 127.0.0.1 (an OS-chosen port) for the duration of an `async with`."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._server = None

    async def __aenter__(self) -> RunningServer:
        self._server = await start_asgi_server(self._app, self._sock, name="scripted-server")
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._server.stop()
        self._sock.close()

