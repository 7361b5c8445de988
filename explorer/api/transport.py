"""The network under the client: aiohttp's connection handling behind httpx's API, the standard
proxy variables, and whatever aiohttp's HTTP parser raises turned into an httpx error.

Proxies: `HTTPS_PROXY` / `HTTP_PROXY` (per the base URL's scheme), else `ALL_PROXY`, unless
`NO_PROXY` names the host; upper or lower case, as curl reads them. A loopback host never goes
through a proxy (a local gateway is local). Only http:// and https:// proxies are supported.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

import httpx


def is_loopback(host: str) -> bool:
    """True for localhost, *.localhost, 127.0.0.0/8 and ::1."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ProxyChoice:
    """The proxy for a base URL (None: connect directly), or why the configured one is unusable."""

    url: str | None = None
    problem: str | None = None

    @property
    def shown(self) -> str:
        """The proxy as it may be shown: scheme, host and port, never credentials."""
        if self.url is None:
            return ""
        url = httpx.URL(self.url)
        return f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")


def proxy_for(base_url: str) -> ProxyChoice:
    """The proxy the environment asks for to reach `base_url`."""
    url = httpx.URL(base_url)
    host = url.host
    if not host or is_loopback(host):
        return ProxyChoice()
    proxies = environment_proxies()
    chosen = proxies.get(url.scheme) or proxies.get("all")
    if not chosen or bypassed(host, url.port, proxies.get("no", "")):
        return ProxyChoice()
    if "://" not in chosen:
        chosen = "http://" + chosen  # curl reads "proxy:3128" as an http proxy
    scheme = chosen.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        return ProxyChoice(problem=f"the {scheme[:20]}:// proxy set in the environment is not "
                                   "supported (only http:// and https:// proxies are)")
    try:
        valid = bool(httpx.URL(chosen).host)
    except (httpx.InvalidURL, ValueError, TypeError):
        valid = False
    if not valid:  # said without the value: it may hold a password
        return ProxyChoice(problem="the proxy set in the environment is not a valid URL")
    return ProxyChoice(url=chosen)


def environment_proxies(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """`{"https": …, "http": …, "all": …, "no": …}` from the `*_PROXY` variables, upper or
    lower case (lower case wins, as in curl and urllib). Under CGI (`REQUEST_METHOD` set),
    `HTTP_PROXY` is a request header in disguise ("httpoxy") and is ignored."""
    environ = os.environ if environ is None else environ
    found: dict[str, str] = {}
    for name in ("https", "http", "all", "no"):
        for variable in (name.upper() + "_PROXY", name + "_proxy"):
            if variable == "HTTP_PROXY" and "REQUEST_METHOD" in environ:
                continue
            if value := environ.get(variable, "").strip():
                found[name] = value
    return found


def bypassed(host: str, port: int | None, no_proxy: str) -> bool:
    """True when `NO_PROXY` names `host`: `*`, the host itself, or a domain it is in
    (`example.com` and `.example.com` both cover `api.example.com`), with an optional port."""
    host = host.strip("[]").lower().rstrip(".")
    for entry in (part.strip().lower() for part in no_proxy.split(",")):
        if entry == "*":
            return True
        name, entry_port = entry, None
        if entry.count(":") == 1:  # host:port (an IPv6 address has more colons)
            name, _, entry_port = entry.partition(":")
        name = name.strip("[]").lstrip(".").rstrip(".")
        if not name or (entry_port and entry_port != str(port)):
            continue
        if host == name or host.endswith("." + name):
            return True
    return False


def insecure_key_warning(base_url: str) -> str | None:
    """A warning when the key would travel in clear text: http:// to a host that is not loopback."""
    url = httpx.URL(base_url)
    if url.scheme != "http" or not url.host or is_loopback(url.host):
        return None
    return (f"The API key is sent unencrypted: the base URL is http://{url.host}. "
            "Use https:// (or a loopback address for a local gateway).")


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
    """For a command that sends one lookup (`show`): httpx's own transport, about 0.1 s quicker
    to start than aiohttp's (whose import builds two TLS contexts), though dearer per request.
    With neither the base URL nor the proxy on https:// no CA bundle is read either: the TLS
    context then trusts no certificate at all, so it could never accept one."""
    import ssl

    proxy_url = proxy.url if proxy is not None else None
    needs_tls = any(url and url.lower().startswith("https:") for url in (base_url, proxy_url))
    return GuardedTransport(httpx.AsyncHTTPTransport(
        verify=True if needs_tls else ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT),
        proxy=httpx.Proxy(proxy_url) if proxy_url else None,
    ))


def network_transport(proxy: ProxyChoice | None = None) -> httpx.AsyncBaseTransport:
    """httpx's API over aiohttp's connection handling: the same behaviour for the client code,
    at about half the CPU per request, which is what bounds a large batch on a small machine."""
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
