"""Which server the explorer talks to, as a user reads it: `demo` (the in-process demo API) or
the base URL's host. (Not its port: a test server's port changes on every run, and the title
must read the same in every snapshot.)"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from explorer.settings import DEMO_BASE_URL, DEMO_PORT

DEMO_SERVE_BASE_URL = f"http://127.0.0.1:{DEMO_PORT}/api/v1"
"""Where `modelgates-explorer serve-demo` answers with its default host and port: the in-process
demo has no address a curl command could reach."""

DEMO_LABEL = "demo"


def is_in_process_demo(base_url: str) -> bool:
    """True for the in-process demo API's base URL (no process listens there)."""
    return base_url.rstrip("/") == DEMO_BASE_URL.rstrip("/")


def server_label(base_url: str) -> str:
    """`demo`, `modelgates.ai`, `127.0.0.1`: the server `base_url` names."""
    if is_in_process_demo(base_url):
        return DEMO_LABEL
    host = urlsplit(base_url.strip()).hostname
    if not host:
        return base_url.strip()
    return f"[{host}]" if ":" in host else host


def demo_curl_command(generation_id: str) -> str:
    """A curl command for `generation_id` on the demo server (`serve-demo`, default address),
    with the demo's key written out: it takes any non-empty key."""
    url = f"{DEMO_SERVE_BASE_URL}/generation?id={quote(generation_id, safe='')}"
    return f'curl -s -H "Authorization: Bearer demo-key" "{url}"'
