"""Servers on 127.0.0.1 for the end-to-end tests: any ASGI app (the demo API, or a small
Starlette app a test writes) under uvicorn, in a background thread with its own event loop.

A thread, not the test's loop: the same server then serves async Pilot tests, the CLI
(`main()` runs `asyncio.run` itself, so its tests are sync) and `snap_compare` (which runs
the app in its own loop). Start-up is awaited on an event, never polled or slept on.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Awaitable, Callable
from typing import Any


from explorer.demo.server import DemoServer
from explorer.demo.server import start_asgi_server as serve_asgi


async def start_asgi_server(app: Any, sock: socket.socket | None = None) -> DemoServer:
    """Any ASGI app under uvicorn on 127.0.0.1 (a free port, or the bound `sock` given),
    like `start_demo_server`."""
    if sock is None:
        # IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets that say they are TCP (else a
        # kept-alive connection's second answer waits 40 ms for a delayed ACK).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
    return await serve_asgi(app, sock, name="e2e-asgi-server")


class BackgroundServer:
    """A server started by `start` in a thread running its own event loop.

    Use as a context manager; `base_url` is `http://127.0.0.1:PORT/api/v1`. `call_soon(fn)`
    runs `fn` on the server's loop (to set an asyncio.Event the server's handlers wait on).
    """

    def __init__(self, start: Callable[[], Awaitable[DemoServer]], name: str = "e2e-server") -> None:
        self._start = start
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._stop: asyncio.Event | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.server: DemoServer | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), name=name, daemon=True)

    async def _main(self) -> None:
        try:
            self.server = await self._start()
        except BaseException as error:  # reported to the test thread
            self._error = error
            self._ready.set()
            return
        self.loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._ready.set()
        await self._stop.wait()
        await self.server.stop(timeout=3)

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return self.server.base_url

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        assert self.loop is not None
        self.loop.call_soon_threadsafe(fn, *args)

    def __enter__(self) -> BackgroundServer:
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError("test server did not start within 15 s")
        if self._error is not None:
            raise self._error
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            self.call_soon(self._stop.set)
        self._thread.join(timeout=10)
        assert not self._thread.is_alive(), "test server thread did not stop"


def serve(app: Any) -> BackgroundServer:
    """`with serve(starlette_app) as server:` any ASGI app on 127.0.0.1."""
    return BackgroundServer(lambda: start_asgi_server(app))


class RefusingPort:
    """A port bound but not listening (connecting is refused at once) until `listen()` serves
    the demo API on that very socket: a server that was down and comes back."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/api/v1"
        self.server: BackgroundServer | None = None

    def listen(self) -> BackgroundServer:
        from explorer.demo.app import create_demo_app

        self.server = BackgroundServer(lambda: start_asgi_server(create_demo_app(), self.sock))
        return self.server.__enter__()

    def close(self) -> None:
        if self.server is not None:
            self.server.__exit__(None, None, None)
        self.sock.close()
