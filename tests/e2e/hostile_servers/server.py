"""`HostileServer`: raw HTTP/1.1 over asyncio on 127.0.0.1, answering every connection with one
scripted behaviour (an endless body, a gzip bomb, 100,000 headers, …).

Raw sockets, not uvicorn: a real server framework refuses to send most of what these tests need.
Each server is bounded: a connection is cut after `max_seconds` or once `max_bytes` were
written, and the whole server stops after `lifetime` seconds even if a test forgets it.
It runs in a thread with its own loop, so in-process clients, Pilot and subprocesses all use it.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    """What the client sent: method, target (as sent: a proxy sees absolute URLs), path, query
    and headers (names lower-cased)."""

    method: str
    target: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]

    @property
    def is_content(self) -> bool:
        return self.path.endswith("/content")


class BudgetSpent(Exception):
    """The connection wrote its `max_bytes`: the behaviour stops there."""


@dataclass
class Connection:
    """The writing side of one connection, counting what it sends."""

    writer: asyncio.StreamWriter
    max_bytes: int
    sent: int = 0

    async def send(self, data: bytes) -> None:
        """Write `data` and wait until the peer took it (or raise `BudgetSpent`)."""
        if self.sent + len(data) > self.max_bytes:
            raise BudgetSpent
        self.writer.write(data)
        self.sent += len(data)
        await self.writer.drain()

    async def head(self, status: int = 200, headers: dict[str, str] | list[tuple[str, str]] = (),
                   reason: str = "OK") -> None:
        """The status line and the headers."""
        items = headers.items() if isinstance(headers, dict) else headers
        lines = [f"HTTP/1.1 {status} {reason}"] + [f"{name}: {value}" for name, value in items]
        await self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    async def answer(self, body: bytes, status: int = 200, content_type: str = "application/json",
                     headers: dict[str, str] | None = None) -> None:
        """A complete answer with a Content-Length."""
        await self.head(status, {"content-type": content_type, "content-length": str(len(body)),
                                 "connection": "close", **(headers or {})})
        await self.send(body)

    async def chunk(self, data: bytes) -> None:
        """One chunk of a `transfer-encoding: chunked` body."""
        await self.send(f"{len(data):x}\r\n".encode() + data + b"\r\n")


Behaviour = Callable[[Request, Connection], Awaitable[None]]


@dataclass
class HostileServer:
    """Serves `behaviour` on 127.0.0.1 (a free port) while used as a context manager."""

    behaviour: Behaviour
    max_seconds: float = 20.0
    max_bytes: int = 2 * 1024**3
    lifetime: float = 120.0
    requests: list[Request] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._handlers: set[asyncio.Task] = set()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()),
                                        name="hostile-server", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._serve, sock=self._sock, limit=256 * 1024)
        self._ready.set()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.lifetime):
                await self._stop.wait()
        server.close()
        for task in self._handlers:
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = Connection(writer, self.max_bytes)
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        task.add_done_callback(self._handlers.discard)
        try:
            async with asyncio.timeout(self.max_seconds):
                while request := await _read_request(reader):
                    self.requests.append(request)
                    await self.behaviour(request, connection)
                    if writer.is_closing():
                        break
        except (BudgetSpent, TimeoutError, ConnectionError, asyncio.IncompleteReadError,
                asyncio.LimitOverrunError, asyncio.CancelledError):
            pass  # the client gave up, the behaviour hit its bound, or the server stops
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def __enter__(self) -> HostileServer:
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError("hostile server did not start within 15 s")
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._thread.is_alive():
            return  # stopped already (or by its lifetime)
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)
        assert not self._thread.is_alive(), "hostile server thread did not stop"


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None  # the client closed the connection
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    parts = urlsplit(target)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    return Request(method, target, parts.path, query, headers)
