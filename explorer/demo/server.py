"""Run the demo API with uvicorn: in the foreground (:func:`serve_demo`) or, for tests and
benchmarks, in the background of the current event loop (:func:`start_demo_server`)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
from collections.abc import Iterator
from types import TracebackType
from typing import Any

import uvicorn

from explorer.demo.app import API_PREFIX, create_demo_app
from explorer.settings import DEMO_PORT


def serve_demo(host: str = "127.0.0.1", port: int = DEMO_PORT, **app_kwargs: Any) -> None:
    """Serve the demo API until interrupted. ``app_kwargs`` go to :func:`create_demo_app`."""
    app = create_demo_app(**app_kwargs)
    print(f"ModelGates demo API on http://{host}:{port}{API_PREFIX} — use any non-empty API key, e.g. demo-key")
    uvicorn.run(app, host=host, port=port, log_level="warning")


class _NotifyingServer(uvicorn.Server):
    """A uvicorn server that sets an event once it is listening, so callers need not poll."""

    def __init__(self, config: uvicorn.Config, *, own_signals: bool = True) -> None:
        super().__init__(config)
        self.ready = asyncio.Event()
        self.own_signals = own_signals

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # Inside another program (the TUI) Ctrl+C and SIGTERM are the program's, not the server's.
        if self.own_signals:
            with super().capture_signals():
                yield
        else:
            yield

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.ready.set()


class DemoServer:
    """A demo API running in a background task; ``base_url`` ends in ``/api/v1``."""

    def __init__(self, server: _NotifyingServer, task: asyncio.Task[None], host: str, port: int) -> None:
        self.server = server
        self.task = task
        self.host = host
        self.port = port

    @property
    def base_url(self) -> str:
        """``http://host:port/api/v1`` with the port actually bound."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{API_PREFIX}"

    async def stop(self, timeout: float = 5.0) -> None:
        """Stop accepting requests, let in-flight ones finish (at most ~1 s) and wait for the task."""
        if self.task.done():
            return
        self.server.should_exit = True
        try:
            await asyncio.wait_for(asyncio.shield(self.task), timeout)
        except TimeoutError:
            self.server.force_exit = True  # a hung request: stop waiting for it
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

    async def __aenter__(self) -> DemoServer:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()


async def start_demo_server(host: str = "127.0.0.1", port: int = 0, *, own_signals: bool = True,
                            **app_kwargs: Any) -> DemoServer:
    """Start the demo API on ``host:port`` (0 = any free port) in the running event loop.

    Returns once the server is listening. Use ``await server.stop()`` (or ``async with``) to
    stop it. ``app_kwargs`` go to :func:`create_demo_app`. With `own_signals` False the server
    leaves SIGINT / SIGTERM to the program it runs in (the TUI).
    """
    # Bind here so a busy port raises OSError in the caller instead of uvicorn's sys.exit.
    # IPPROTO_TCP named: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and
    # without it a kept-alive connection's second answer waits 40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM,
                         socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return await start_asgi_server(create_demo_app(**app_kwargs), sock, name="modelgates-demo-server",
                                   own_signals=own_signals)


async def start_asgi_server(app: Any, sock: socket.socket, *, name: str = "asgi-server",
                            own_signals: bool = True) -> DemoServer:
    """Serve any ASGI `app` with uvicorn on the bound `sock` in a background task; returns
    once it listens (re-raising a startup error). The demo server and test servers use it."""
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=1)
    server = _NotifyingServer(config, own_signals=own_signals)
    task = asyncio.create_task(server.serve(sockets=[sock]), name=name)
    ready = asyncio.create_task(server.ready.wait())
    await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
    if not ready.done():
        ready.cancel()
        sock.close()
        await task  # re-raises the startup error, if any
        raise RuntimeError(f"{name} stopped during startup")
    host, bound_port = sock.getsockname()[:2]
    return DemoServer(server, task, host, bound_port)


def main(argv: list[str] | None = None) -> None:
    """``python -m explorer.demo.server [--host H] [--port P] [--latency-ms MS] [--stream-chunk-ms MS]``."""
    parser = argparse.ArgumentParser(description="Run the ModelGates demo API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEMO_PORT)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--stream-chunk-ms", type=float, default=0.0,
                        help="pause between two chunks of a streamed chat completion")
    args = parser.parse_args(argv)
    serve_demo(args.host, args.port, latency_ms=args.latency_ms, stream_chunk_ms=args.stream_chunk_ms)


if __name__ == "__main__":
    main()
