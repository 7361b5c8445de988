"""The one app maker: the real explorer app from the real factory (`create_app(Services(...))`)
with test defaults: no animation or cursor blink, relative times and sleeps on a fake clock,
every notification recorded (`tests.support.screen.notifications`), and a fake clipboard.

By default the app talks to the demo API in-process (`demo_client`); the end-to-end tests pass
a client over real TCP instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from explorer.api.client import GenerationsClient, RetryPolicy
from explorer.demo.app import create_demo_app
from explorer.demo.data import DEMO_CASES
from explorer.services import Services
from explorer.settings import DEMO_API_KEY, DEMO_BASE_URL
from explorer.ui.app import ExplorerApp, create_app
from tests.support.clock import FakeClock
from tests.support.screen import record_notify

# Demo generations the tests load by name.
FALLBACK_ID = DEMO_CASES["fallback-chain"]
TOOLS_ID = DEMO_CASES["tool-chat-image"]
REASONING_ID = DEMO_CASES["reasoning-long"]
STORM_ID = DEMO_CASES["provider-storm"]


class CopyRecorder:
    """An injected clipboard: records what was copied; `works=False` plays "no clipboard"."""

    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.copied: list[str] = []

    def __call__(self, text: str) -> bool:
        self.copied.append(text)
        return self.works


def demo_transport(clock: FakeClock, *,
                   pending_seconds: float = 4.0) -> httpx.AsyncBaseTransport:
    """The demo API in-process, on the fake clock."""
    return httpx.ASGITransport(app=create_demo_app(clock=clock.time,
                                                   pending_seconds=pending_seconds))


def demo_client(
    clock: FakeClock,
    *,
    api_key: str = DEMO_API_KEY,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy = RetryPolicy(),
    pending_seconds: float = 4.0,
) -> GenerationsClient:
    """A client on the in-process demo API (what `services.build_client(demo=True)` builds),
    with the client's own clock and sleep on the fake clock too."""
    return GenerationsClient(
        DEMO_BASE_URL,
        api_key,
        transport=transport or demo_transport(clock, pending_seconds=pending_seconds),
        retry=retry,
        clock=clock.time,
        sleep=clock.sleep,
    )


def make_app(client: GenerationsClient | None = None, *, clock: FakeClock | None = None,
             store: Any = None, examples: Sequence[tuple[str, str]] = (),
             **options: Any) -> ExplorerApp:
    """The explorer app on `client` (default: the in-process demo API on `clock`), calm and on
    the fake `clock` (default: a new one at `NOW`); `options` are `create_app`'s and win over
    the defaults (a `CopyRecorder` for `copy_text`, the clock's `now` and `sleep`)."""
    clock = clock or FakeClock()
    options.setdefault("copy_text", CopyRecorder())
    options.setdefault("now", clock.datetime)
    options.setdefault("sleep", clock.sleep)
    options.setdefault("animations", False)
    services = Services(client or demo_client(clock), store=store, examples=examples)
    return record_notify(create_app(services, **options))


def all_bindings_have_ids_and_tooltips(bindings) -> bool:
    """Every binding has an ID (for the keymap) and a tooltip (for the help and the palette)."""
    return all(b.id and b.tooltip for b in bindings)
