"""Which proxy a base URL goes through, and whether the key would travel in clear text.

Proxies: `HTTPS_PROXY` / `HTTP_PROXY` (per the base URL's scheme), else `ALL_PROXY`, unless
`NO_PROXY` names the host; upper or lower case, as curl reads them. A loopback host never goes
through a proxy (a local gateway is local). Only http:// and https:// proxies are supported.

Light to import (no httpx): a command-line lookup decides this before anything heavy loads.
URLs read the way httpx reads them (`url_parts`).
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

_PLAIN_URL = re.compile(r"(https?)://([A-Za-z0-9.-]*)(?::([0-9]{1,5}))?(?:[/?#][ -~]*)?")
_IPV4_STYLE = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def url_parts(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) as `httpx.URL` gives them: the host lower case and without IPv6
    brackets, the port None when it is the scheme's default. A plain http(s) URL is read here;
    anything else (user info, IPv6, non-ASCII, odd characters) by httpx itself, which may raise
    `httpx.InvalidURL`."""
    plain = _PLAIN_URL.fullmatch(url) if url.isascii() else None
    if plain is not None and (plain.group(3) is None or int(plain.group(3)) <= 65535):
        scheme, host = plain.group(1), plain.group(2).lower()
        if _IPV4_STYLE.fullmatch(host) is None or _is_ipv4(host):  # httpx refuses 999.0.0.1
            port = int(plain.group(3)) if plain.group(3) else None
            return scheme, host, None if port == _DEFAULT_PORTS[scheme] else port
    import httpx

    parsed = httpx.URL(url)
    return parsed.scheme, parsed.host, parsed.port


def _is_ipv4(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True


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
        import httpx

        url = httpx.URL(self.url)
        return f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")


def proxy_for(base_url: str) -> ProxyChoice:
    """The proxy the environment asks for to reach `base_url`."""
    proxies = environment_proxies()
    if not proxies:  # the usual case: nothing to choose, nothing to parse
        return ProxyChoice()
    scheme, host, port = url_parts(base_url)
    if not host or is_loopback(host):
        return ProxyChoice()
    chosen = proxies.get(scheme) or proxies.get("all")
    if not chosen or bypassed(host, port, proxies.get("no", "")):
        return ProxyChoice()
    if "://" not in chosen:
        chosen = "http://" + chosen  # curl reads "proxy:3128" as an http proxy
    scheme = chosen.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        return ProxyChoice(problem=f"the {scheme[:20]}:// proxy set in the environment is not "
                                   "supported (only http:// and https:// proxies are)")
    import httpx

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
    if not base_url[:5].lower().startswith("http:"):
        return None  # https:// (or no URL at all): nothing travels in clear text
    scheme, host, _ = url_parts(base_url)
    if scheme != "http" or not host or is_loopback(host):
        return None
    return (f"The API key is sent unencrypted: the base URL is http://{host}. "
            "Use https:// (or a loopback address for a local gateway).")
