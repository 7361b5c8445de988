"""The network exchange (`http1`) keeps a connection whose answer was read whole and sends the
next request on it; it opens a new one when the answer said otherwise, when a kept one was
idle too long, and once when the server had closed a kept one (no byte of the answer came).
Servers on 127.0.0.1 count the connections and requests they see."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

import pytest

from explorer.api import http1
from explorer.api.client import NO_RETRY, GenerationsClient
from explorer.api.errors import ApiError

ID = "gen-1795012327-kept00000000001"
BODY = json.dumps({"data": {"id": ID, "model": "vendor/model", "total_cost": 0.5}}).encode()


def answer(*headers: str, version: str = "HTTP/1.1", body: bytes = BODY) -> bytes:
    head = [f"{version} 200 OK", "Content-Type: application/json", *headers]
    if not any(h.lower().startswith("transfer-encoding") for h in headers):
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class CountingServer:
    """Answers each request on a connection with `respond(connection, request)` (None: close
    the connection without answering); keeps the connection open until the client closes it."""

    def __init__(self, respond: Callable[[int, int], bytes | None], *,
                 close_after: int | None = None) -> None:
        self.respond = respond
        self.close_after = close_after  # close each connection after answering this many
        self.connections = 0
        self.requests = 0
        self.url = ""
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> CountingServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}/api/v1"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        connection, on_this = self.connections, 0
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                self.requests += 1
                on_this += 1
                data = self.respond(connection, on_this)
                if data is None:
                    break
                writer.write(data)
                await writer.drain()
                if on_this == self.close_after:
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def lookups(url: str, count: int, *, at_once: bool = False) -> list[str]:
    async with GenerationsClient(url, "sk-test-0123456789", retry=NO_RETRY, timeout=5) as client:
        assert type(client._exchange).__name__ == "Http1Exchange"
        if at_once:
            found = await asyncio.gather(*(client.get_generation(ID) for _ in range(count)))
        else:
            found = [await client.get_generation(ID) for _ in range(count)]
    return [generation.id for generation in found]


async def test_one_connection_carries_request_after_request():
    async with CountingServer(lambda connection, request: answer()) as server:
        assert await lookups(server.url, 5) == [ID] * 5
    assert (server.connections, server.requests) == (1, 5)


async def test_a_chunked_answer_read_whole_keeps_its_connection():
    chunked = (b"%x\r\n%s\r\n0\r\n\r\n" % (len(BODY), BODY))
    async with CountingServer(lambda c, r: answer("Transfer-Encoding: chunked", body=chunked)) as server:
        assert await lookups(server.url, 3) == [ID] * 3
    assert (server.connections, server.requests) == (1, 3)


@pytest.mark.parametrize("headers, version", [
    (("Connection: close",), "HTTP/1.1"),
    ((), "HTTP/1.0"),
], ids=["connection-close", "http-1.0"])
async def test_an_answer_that_ends_its_connection_is_not_followed_on_it(headers, version):
    async with CountingServer(lambda c, r: answer(*headers, version=version)) as server:
        assert await lookups(server.url, 3) == [ID] * 3
    assert (server.connections, server.requests) == (3, 3)


async def test_a_kept_connection_the_server_closed_is_replaced_once():
    # The first connection answers once, then closes when the next request comes on it.
    respond = lambda connection, request: answer() if connection > 1 or request == 1 else None  # noqa: E731
    async with CountingServer(respond) as server:
        assert await lookups(server.url, 3) == [ID] * 3
    assert (server.connections, server.requests) == (2, 4)  # the 2nd request sent twice


async def test_an_answer_cut_short_on_a_kept_connection_is_an_error_not_a_retry():
    # The kept connection's second answer stops 10 bytes short, and the connection closes:
    # bytes of the answer came, so the failure is the server's, not a stale connection's.
    respond = lambda connection, request: answer() if request == 1 else answer()[:-10]  # noqa: E731
    async with CountingServer(respond, close_after=2) as server:
        async with GenerationsClient(server.url, "sk-test-0123456789", retry=NO_RETRY, timeout=5) as client:
            assert (await client.get_generation(ID)).id == ID
            with pytest.raises(ApiError) as raised:
                await client.get_generation(ID)
    assert (server.connections, server.requests) == (1, 2)
    assert type(raised.value).__name__ == "NetworkError" and "mid-response" in str(raised.value)


async def test_a_connection_idle_too_long_is_not_reused(monkeypatch):
    monkeypatch.setattr(http1, "IDLE_SECONDS", 0.0)
    async with CountingServer(lambda c, r: answer()) as server:
        assert await lookups(server.url, 3) == [ID] * 3
    assert (server.connections, server.requests) == (3, 3)


async def test_many_at_once_then_again_reuse_what_the_first_wave_opened():
    async with CountingServer(lambda c, r: answer()) as server:
        async with GenerationsClient(server.url, "sk-test-0123456789", retry=NO_RETRY, timeout=5) as client:
            first = await asyncio.gather(*(client.get_generation(ID) for _ in range(40)))
            opened = server.connections
            second = await asyncio.gather(*(client.get_generation(ID) for _ in range(40)))
    assert [g.id for g in first + second] == [ID] * 80
    assert 1 <= opened <= 40 and server.connections == opened and server.requests == 80
