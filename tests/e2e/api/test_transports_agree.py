"""The client's transports read every answer alike: the own HTTP/1.1 reader (`http1`, for
`show`, the TUI and batches) as httpx's transport (h11) does, aiohttp driven directly (the
route through a proxy) as aiohttp behind httpx's API did. A raw server on 127.0.0.1 sends each scripted answer; both clients of
a pair must end the same way (the same data, or the same error class and message)."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator

import pytest

from explorer.api.body import ACCEPT_ENCODING
from explorer.api.client import NO_RETRY, USER_AGENT, GenerationsClient
from explorer.api.transport import AiohttpExchange, HttpxExchange, network_transport, quick_transport

ID = "gen-1795012327-agree0000000001"
KEY = "sk-mg-v1-AGREE-SENTINEL-0123456789"
BODY = json.dumps({"data": {"id": ID, "model": "vendor/model", "total_cost": 0.5,
                            "provider_responses": [{"provider_name": "A", "status": 200}]}}).encode()


def head(status: str, *headers: str) -> bytes:
    return ("\r\n".join([f"HTTP/1.1 {status}", *headers]) + "\r\n\r\n").encode("latin-1")


def chunked(data: bytes, size: int = 50) -> bytes:
    parts = [b"%x;ext=1\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size])
             for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\nX-Trailer: yes\r\n\r\n"


ERROR_JSON = json.dumps({"error": {"code": 404, "message": "Generation not found"}}).encode()
ANSWERS = {
    "content-length": head("200 OK", "Content-Type: application/json",
                           f"Content-Length: {len(BODY)}") + BODY,
    "chunked": head("200 OK", "Transfer-Encoding: chunked") + chunked(BODY),
    "until-close": head("200 OK", "Content-Type: application/json") + BODY,
    "gzip": head("200 OK", "Content-Encoding: gzip",
                 f"Content-Length: {len(gzip.compress(BODY))}") + gzip.compress(BODY),
    "continue-first": head("100 Continue") + head("200 OK", f"Content-Length: {len(BODY)}") + BODY,
    "lf-only": head("200 OK", f"Content-Length: {len(BODY)}").replace(b"\r\n", b"\n") + BODY,
    "404-json": head("404 Not Found", f"Content-Length: {len(ERROR_JSON)}") + ERROR_JSON,
    "404-no-reason": head("404 ", "Content-Length: 2") + b"{}",
    "429-retry-after": head("429 Slow Down", "Retry-After: 7", "Content-Length: 0"),
    "500-html": head("500 Internal Server Error", "Content-Type: text/html",
                     "Content-Length: 15") + b"<html>oops</html>"[:15],
    "204": head("204 No Content"),
    "truncated": head("200 OK", "Content-Length: 1000") + BODY[:40],
    "nothing": b"",
    "head-over-16kb": head("200 OK", *[f"X-Filler-{n}: {'y' * 100}" for n in range(200)]) + BODY,
    "illegal-header": head("200 OK", "No colon here", f"Content-Length: {len(BODY)}") + BODY,
    "illegal-status": head("200 OK").replace(b"HTTP/1.1", b"HTTX/1.1") + BODY,
    "bad-chunk": head("200 OK", "Transfer-Encoding: chunked") + b"zz\r\nabc\r\n0\r\n\r\n",
    "bad-length": head("200 OK", "Content-Length: ten") + BODY,
    "garbage-json": head("200 OK", "Content-Length: 9") + b"{not json",
}


async def raw_server(answer: bytes) -> tuple[asyncio.Server, str]:
    """Answers every request on 127.0.0.1 with `answer`, then closes the connection."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(answer)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/api/v1"


async def outcome(client: GenerationsClient) -> tuple[str, str]:
    try:
        generation = await client.get_generation(ID)
    except Exception as error:  # noqa: BLE001 — the outcome compared is the error itself
        return type(error).__name__, str(getattr(error, "message", error))
    return "ok", generation.model_dump_json()


@pytest.fixture(params=sorted(ANSWERS))
async def base_url(request) -> AsyncIterator[str]:
    server, url = await raw_server(ANSWERS[request.param])
    async with server:
        yield url


async def both(first: GenerationsClient, second: GenerationsClient) -> list[tuple[str, str]]:
    async with first, second:
        return [await outcome(first), await outcome(second)]


async def test_show_reads_answers_as_httpx_does(base_url):
    quick = GenerationsClient(base_url, KEY, retry=NO_RETRY, timeout=5, few_requests=True)
    assert type(quick._exchange).__name__ == "Http1Exchange"
    httpx_own = GenerationsClient(base_url, KEY, retry=NO_RETRY, timeout=5,
                                  transport=quick_transport(base_url))
    mine, reference = await both(quick, httpx_own)
    assert mine == reference
    assert KEY not in mine[1]


async def test_the_network_exchange_reads_answers_as_show_does(base_url):
    """The TUI's and a batch's exchange (`http1`, its connections kept) reads what `show`
    reads, as httpx's own transport (h11) does: one reading of an answer everywhere."""
    direct = GenerationsClient(base_url, KEY, retry=NO_RETRY, timeout=5)
    assert type(direct._exchange).__name__ == "Http1Exchange"
    httpx_own = GenerationsClient(base_url, KEY, retry=NO_RETRY, timeout=5,
                                  transport=quick_transport(base_url))
    mine, reference = await both(direct, httpx_own)
    assert mine == reference


async def test_aiohttp_reads_answers_as_before(base_url):
    """The exchange a proxy route takes (aiohttp driven directly; built here without the
    proxy) against aiohttp behind httpx's API."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json",
               "Accept-Encoding": ACCEPT_ENCODING, "Authorization": f"Bearer {KEY}"}
    direct = GenerationsClient(base_url, KEY, retry=NO_RETRY, timeout=5)
    await direct._exchange.aclose()
    direct._exchange = AiohttpExchange(base_url, headers, timeout=5, connect_timeout=5)
    through_httpx = GenerationsClient(base_url, KEY, retry=NO_RETRY, timeout=5,
                                      transport=network_transport())
    assert isinstance(through_httpx._exchange, HttpxExchange)
    mine, reference = await both(direct, through_httpx)
    assert mine == reference


async def test_show_sends_what_httpx_sends():
    seen: list[bytes] = []

    async def record(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await reader.readuntil(b"\r\n\r\n"))
        writer.write(ANSWERS["content-length"])
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(record, "127.0.0.1", 0)
    async with server:
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/api/v1"
        await both(GenerationsClient(url, KEY, retry=NO_RETRY, few_requests=True),
                   GenerationsClient(url, KEY, retry=NO_RETRY, transport=quick_transport(url)))

    def fields(raw: bytes) -> tuple[bytes, dict[bytes, bytes]]:
        first, *lines = raw.rstrip(b"\r\n").split(b"\r\n")
        return first, {name.lower(): value for name, _, value in (line.partition(b": ") for line in lines)}

    mine, reference = (fields(raw) for raw in seen)
    assert mine == reference
    assert mine[0] == b"GET /api/v1/generation?id=" + ID.encode() + b" HTTP/1.1"
    assert mine[1][b"authorization"] == b"Bearer " + KEY.encode()
