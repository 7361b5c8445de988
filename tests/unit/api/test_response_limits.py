"""The limits on an answer, in process: size (declared, streamed, decompressed), encodings,
nesting, item and container counts; and the transport's proxy choice and warnings."""

from __future__ import annotations

import gzip
import zlib

import httpx
import pytest

from explorer.api.body import read_bounded
from explorer.api.errors import InvalidResponseError, ResponseTooLargeError
from explorer.api.json_limits import MAX_CONTAINERS, check_container_count, check_json_limits
from explorer.api.transport import (
    bypassed,
    environment_proxies,
    insecure_key_warning,
    is_loopback,
    malformed_http_reason,
    proxy_for,
)

LIMIT = 1000


async def read(chunks: list[bytes], headers: dict[str, str] | None = None, limit: int = LIMIT) -> bytes:
    async def stream():
        for chunk in chunks:
            yield chunk

    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers or {}, stream=httpx.ByteStream(b"") if not chunks
                              else _Stream(stream()))

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        response = await client.send(client.build_request("GET", "http://x/"), stream=True)
        try:
            return await read_bounded(response, limit)
        finally:
            await response.aclose()


class _Stream(httpx.AsyncByteStream):
    def __init__(self, chunks) -> None:
        self._chunks = chunks

    async def __aiter__(self):
        async for chunk in self._chunks:
            yield chunk


async def test_a_body_within_the_limit_is_read_whole():
    assert await read([b"a" * 600, b"b" * 400]) == b"a" * 600 + b"b" * 400


async def test_a_streamed_body_past_the_limit_stops_there():
    with pytest.raises(ResponseTooLargeError, match="passed the 0.000953674 MB limit"):
        await read([b"a" * 600, b"b" * 401])


async def test_a_declared_length_past_the_limit_is_not_read():
    with pytest.raises(ResponseTooLargeError, match="declares"):
        await read([b"x"], {"content-length": "5000"})


async def test_gzip_and_deflate_count_decoded_bytes():
    assert await read([gzip.compress(b"y" * 900)], {"content-encoding": "gzip"}) == b"y" * 900
    raw_deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = raw_deflate.compress(b"z" * 900) + raw_deflate.flush()
    assert await read([data], {"content-encoding": "deflate"}) == b"z" * 900
    assert await read([zlib.compress(b"z" * 900)], {"content-encoding": "deflate"}) == b"z" * 900
    bomb = gzip.compress(b" " * 10_000_000)  # 10 MB in about 10 KB
    with pytest.raises(ResponseTooLargeError):
        await read([bomb], {"content-encoding": "gzip"})


async def test_encodings_not_asked_for_and_corrupt_ones_are_invalid():
    with pytest.raises(InvalidResponseError, match="'br'"):
        await read([b"x"], {"content-encoding": "br"})
    with pytest.raises(InvalidResponseError, match="'gzip, gzip'"):
        await read([b"x"], {"content-encoding": "gzip, gzip"})
    with pytest.raises(InvalidResponseError, match="gzip encoding is corrupt"):
        await read([b"not gzip at all"], {"content-encoding": "gzip"})


def test_nesting_items_and_containers():
    deep: object = 1
    for _ in range(201):
        deep = [deep]
    with pytest.raises(ResponseTooLargeError, match="more than 200 levels"):
        check_json_limits({"data": deep}, status=200)
    check_json_limits({"data": deep[0][0]}, status=200)  # the envelope and 199 lists: 200 levels
    with pytest.raises(ResponseTooLargeError, match=r"data\.input\.messages holds 100,001 items"):
        check_json_limits({"data": {"input": {"messages": [0] * 100_001}}}, status=200)
    with pytest.raises(ResponseTooLargeError, match="holds more than 1,000,000 lists and objects"):
        check_container_count(b"[" + b"[]," * (MAX_CONTAINERS + 1) + b"[]]", status=200)
    brackets_in_text = b'{"text": "' + b"[{" * MAX_CONTAINERS + b'"}'
    check_container_count(brackets_in_text, status=200)  # brackets inside a string do not count


def test_proxy_choice(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy",
                 "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert proxy_for("https://modelgates.ai/api/v1").url is None
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp:3128")
    monkeypatch.setenv("HTTP_PROXY", "proxy.corp:8080")
    assert proxy_for("https://modelgates.ai/api/v1").url == "http://proxy.corp:3128"
    assert proxy_for("http://gateway.example/api/v1").url == "http://proxy.corp:8080"
    assert proxy_for("http://127.0.0.1:8787/api/v1").url is None  # loopback: always direct
    monkeypatch.setenv("NO_PROXY", "localhost,.ai")
    assert proxy_for("https://modelgates.ai/api/v1").url is None
    monkeypatch.delenv("HTTPS_PROXY")
    monkeypatch.setenv("ALL_PROXY", "socks5h://proxy.corp:1080")
    choice = proxy_for("https://api.other.example/v1")
    assert choice.url is None and "socks5h:// proxy" in (choice.problem or "")


def test_loopback_and_the_clear_text_warning():
    assert all(map(is_loopback, ["localhost", "api.localhost", "127.0.0.1", "127.9.9.9", "::1", "[::1]"]))
    assert not any(map(is_loopback, ["10.0.0.1", "localhost.example", "modelgates.ai", ""]))
    assert insecure_key_warning("http://gateway.example/api") is not None
    assert insecure_key_warning("https://gateway.example/api") is None
    assert insecure_key_warning("http://localhost:8787/api") is None


def test_h11_head_refusals_are_named():
    assert "16 KB" in (malformed_http_reason(httpx.RemoteProtocolError("Receive buffer too long")) or "")
    assert malformed_http_reason(httpx.RemoteProtocolError("Server disconnected")) is None
    assert malformed_http_reason(httpx.ConnectError("refused")) is None


def test_no_proxy_entries_and_variable_cases():
    assert bypassed("api.example.com", 443, "other, example.com")
    assert bypassed("api.example.com", 443, ".example.com")
    assert not bypassed("badexample.com", 443, "example.com")
    assert bypassed("gateway", 8080, "gateway:8080") and not bypassed("gateway", 443, "gateway:8080")
    assert bypassed("anything", None, "*") and bypassed("::1", None, "[::1]")
    assert environment_proxies({"HTTPS_PROXY": "a", "https_proxy": "b", "ALL_PROXY": "c"}) == \
        {"https": "b", "all": "c"}
    # Under CGI, HTTP_PROXY can be set by a request header ("httpoxy"): not trusted.
    assert environment_proxies({"HTTP_PROXY": "evil:1", "REQUEST_METHOD": "GET"}) == {}
