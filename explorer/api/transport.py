"""The network under the client: how its GET requests travel, and every failure on the way
raised as an httpx error (the client words those).

- `http1.Http1Exchange` (its own module, light to import): every direct connection to a plain
  base URL (`show`, the TUI, a batch; connections kept alive: the least CPU per request);
- `AiohttpExchange`: straight through aiohttp (the TUI or a batch through a proxy);
- `HttpxExchange`: through any httpx transport (the demo API in-process, tests' mock transports,
  a proxied command-line lookup over `quick_transport`).

Whatever aiohttp's HTTP parser raises is turned into `MalformedHttp`. Which proxy a base URL
goes through is decided in `proxies` (re-exported here).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, NoReturn

import httpx

from explorer.api.answer import ResponseHeaders, standard_reason
from explorer.api.proxies import (  # noqa: F401  (re-exported: where callers look for them)
    ProxyChoice,
    bypassed,
    environment_proxies,
    insecure_key_warning,
    is_loopback,
    proxy_for,
)


class MalformedHttp(httpx.RemoteProtocolError):
    """aiohttp could not parse the answer's head; `reason` says why in words safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def describe_parse_failure(exc: BaseException) -> str:
    """Why an answer's HTTP could not be read, without quoting any of it (the server's bytes may
    hold anything, the echoed key included)."""
    chain, current = [], exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    text = " ".join(str(getattr(e, "message", "")) or type(e).__name__ for e in chain).lower()
    if "too many headers" in text:
        return "the server sent more header lines than a client accepts (128)"
    if "got more than" in text or "line too long" in text or "linetoolong" in text:
        return "the server sent a status or header line longer than a client accepts (8,190 bytes)"
    if "status" in text:
        return "the server's status line is not HTTP"
    return "the server's answer is not valid HTTP (its headers could not be read)"


def malformed_http_reason(exc: BaseException) -> str | None:
    """Why a transport could not read an answer's HTTP (None: it is something else, a reset
    say). aiohttp's refusals arrive as `MalformedHttp`; httpx's own (h11) as a
    `RemoteProtocolError` whose text names the problem."""
    if isinstance(exc, MalformedHttp):
        return exc.reason
    if not isinstance(exc, httpx.RemoteProtocolError):
        return None
    text = str(exc).lower()
    if "receive buffer too long" in text:
        return "the server sent a status line and headers larger than a client accepts (16 KB)"
    if any(word in text for word in ("illegal", "malformed", "invalid", "bad status")):
        return "the server's answer is not valid HTTP (its headers could not be read)"
    return None


class _GuardedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except httpx.HTTPError:
            raise
        except Exception as exc:  # aiohttp's parser errors are not mapped to httpx's
            raise MalformedHttp(describe_parse_failure(exc)) from exc

    async def aclose(self) -> None:
        await self._inner.aclose()


class GuardedTransport(httpx.AsyncBaseTransport):
    """`inner`, with every error it lets through raised as an httpx error: httpx-aiohttp maps
    connection errors, but an answer aiohttp cannot parse (100,000 headers, a megabyte header
    line) escapes as aiohttp's own `ClientResponseError: 400`."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self._inner.handle_async_request(request)
        except httpx.HTTPError:
            raise
        except Exception as exc:
            raise MalformedHttp(describe_parse_failure(exc)) from exc
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(response.status_code, headers=response.headers.raw,
                              stream=_GuardedStream(response.stream), request=request,
                              extensions=response.extensions)

    async def aclose(self) -> None:
        await self._inner.aclose()


def quick_transport(base_url: str, proxy: ProxyChoice | None = None) -> httpx.AsyncBaseTransport:
    """For a command that sends one lookup through a proxy (a direct one goes over
    `http1.Http1Exchange`): httpx's own transport, quicker to start than aiohttp's though dearer
    per request. With neither the base URL nor the proxy on https:// no CA bundle is read."""
    proxy_url = proxy.url if proxy is not None else None
    return GuardedTransport(httpx.AsyncHTTPTransport(
        verify=_tls_context(base_url, proxy_url),
        proxy=httpx.Proxy(proxy_url) if proxy_url else None,
    ))


def _tls_context(base_url: str, proxy_url: str | None) -> Any:
    """True (httpx's default context: the CA bundle is read) when a URL is https://, else a
    context that trusts no certificate at all: no TLS can happen, so none is ever accepted."""
    if any(url and url.lower().startswith("https:") for url in (base_url, proxy_url)):
        return True
    import ssl

    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def network_transport(proxy: ProxyChoice | None = None) -> httpx.AsyncBaseTransport:
    """httpx's API over aiohttp's connection handling, for code that wants an httpx transport
    (the capture worker); the client itself drives aiohttp directly through a proxy
    (`AiohttpExchange`), else `http1`."""
    from httpx_aiohttp import AiohttpTransport

    return GuardedTransport(AiohttpTransport(
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=64),
        proxy=_aiohttp_proxy(proxy.url) if proxy is not None and proxy.url else None,
    ))


def _aiohttp_proxy(url: str) -> httpx.Proxy:
    """The proxy for httpx-aiohttp, its credentials as a Proxy-Authorization header (the
    transport's own way to pass them is deprecated in aiohttp)."""
    parsed = httpx.URL(url)
    if not parsed.userinfo:
        return httpx.Proxy(url)
    import base64

    credentials = base64.b64encode(f"{parsed.username}:{parsed.password}".encode()).decode("ascii")
    return httpx.Proxy(parsed.copy_with(username=None, password=None),
                       headers={"Proxy-Authorization": f"Basic {credentials}"})


class _NoCookies(httpx.Cookies):
    def extract_cookies(self, response: httpx.Response) -> None:
        pass  # the API sets none


class _CookielessClient(httpx.AsyncClient):
    """httpx without cookie bookkeeping: the API sets no cookies, yet reading each response's
    (absent) Set-Cookie cost a tenth of a request's CPU."""

    _no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        pass  # httpx.AsyncClient.__init__ sets them; there are none to keep


class HttpxExchange:
    """The client's GET requests through an httpx transport; answers are `httpx.Response`s."""

    def __init__(self, transport: httpx.AsyncBaseTransport, headers: dict[str, str], *,
                 timeout: float, connect_timeout: float) -> None:
        self._http = _CookielessClient(
            transport=transport, headers=headers, follow_redirects=False,
            timeout=httpx.Timeout(timeout, connect=min(connect_timeout, timeout)))

    async def get(self, url: str) -> httpx.Response:
        """Send `GET url`; the answer's body is still to be read (then close it)."""
        return await self._http.send(self._http.build_request("GET", url), stream=True)

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()


class AiohttpExchange:
    """The client's GET requests straight through aiohttp: what `network_transport` does behind
    httpx's API (the same session settings and headers, the same error mapping), without the
    httpx request and the three httpx responses it built per request: half a request's CPU,
    which is what bounds a large batch. The session starts with the first request."""

    def __init__(self, base_url: str, headers: dict[str, str], *, timeout: float,
                 connect_timeout: float, proxy: ProxyChoice | None = None) -> None:
        import aiohttp
        from httpx_aiohttp.transport import map_aiohttp_exceptions

        self._aiohttp = aiohttp
        self._mapped = map_aiohttp_exceptions
        self._headers = {**headers, "Connection": "keep-alive"}  # httpx's default, kept
        self._timeout = aiohttp.ClientTimeout(sock_connect=min(connect_timeout, timeout),
                                              sock_read=timeout, connect=timeout)
        proxy_url = proxy.url if proxy is not None else None
        self._proxy: str | None = None
        self._proxy_headers: dict[str, str] | None = None
        if proxy_url:
            chosen = _aiohttp_proxy(proxy_url)
            self._proxy, self._proxy_headers = str(chosen.url), dict(chosen.headers)
        verify = _tls_context(base_url, proxy_url)
        self._tls = httpx.create_ssl_context() if verify is True else verify
        self._session: Any = None

    async def get(self, url: str) -> AiohttpResponse:
        """Send `GET url`; the answer's body is still to be read (then close it)."""
        if self._session is None:
            self._session = self._aiohttp.ClientSession(connector=self._aiohttp.TCPConnector(
                keepalive_timeout=5.0, ssl=self._tls, limit=100))
        try:
            response = await self._session.request(
                "GET", url, headers=self._headers, allow_redirects=False,
                auto_decompress=False, compress=False, timeout=self._timeout,
                proxy=self._proxy, proxy_headers=self._proxy_headers).__aenter__()
        except Exception as exc:
            raise_as_httpx(exc, self._mapped)
        return AiohttpResponse(response, self._mapped)

    async def aclose(self) -> None:
        """Close the session and its connections."""
        if self._session is not None:
            await self._session.close()


class AiohttpResponse:
    """An aiohttp answer whose body is still to be read, read as httpx reads one."""

    is_stream_consumed = False

    def __init__(self, response: Any, mapped: Any) -> None:
        self._response = response
        self._mapped = mapped
        self.status_code: int = response.status
        reason = response.reason
        self.reason_phrase = (reason.encode().decode("ascii", errors="ignore") if reason
                              else standard_reason(response.status))
        self.headers = ResponseHeaders(response.raw_headers)

    async def aiter_raw(self) -> AsyncIterator[bytes]:
        """The body as it arrives, undecoded."""
        try:
            # What arrived so far, whole: 16 KB pieces made a 14.5 MB body 900 reads.
            async for chunk in self._response.content.iter_any():
                yield chunk
        except Exception as exc:
            raise_as_httpx(exc, self._mapped)

    async def aclose(self) -> None:
        """Release the connection (back to the pool when the body was read)."""
        try:
            await self._response.__aexit__(None, None, None)
        except Exception as exc:
            raise_as_httpx(exc, self._mapped, parser=False)


def raise_as_httpx(exc: Exception, mapped: Any, *, parser: bool = True) -> NoReturn:
    """Raise aiohttp's `exc` as the httpx error httpx's aiohttp transport maps it to (`mapped`,
    its context manager: entered only on failure, it cost ~5 µs a use, three uses a request),
    an unmapped one as `MalformedHttp` (aiohttp's parser errors; with `parser`)."""
    try:
        with mapped():
            raise exc
    except httpx.HTTPError:
        raise
    except Exception as unmapped:
        if not parser:
            raise
        raise MalformedHttp(describe_parse_failure(unmapped)) from unmapped
