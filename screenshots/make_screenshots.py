"""Write the README's screenshots (SVG) from the demo data: `python screenshots/make_screenshots.py`.

Deterministic: the demo API runs in-process on a fixed clock, animations and the cursor blink
are off, so rerunning only changes the files when the UI changed.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import httpx

from explorer.api.client import GenerationsClient
from explorer.settings import DEMO_API_KEY, DEMO_BASE_URL
from explorer.demo.app import create_demo_app
from explorer.demo.data import DEMO_CASES, load_demo_records
from explorer.store import HistoryStore
from explorer.store.captures import CaptureLog
from explorer.services import Services, demo_examples
from explorer.ui.app import ExplorerApp, create_app
from explorer.ui.widgets.status_view import StatusView

OUT = Path(__file__).resolve().parent
SIZE = (120, 36)
NOW = 1_795_953_600.0  # 2026-12-01 12:00 UTC, after every demo generation


def demo_client(api_key: str = DEMO_API_KEY) -> GenerationsClient:
    """The in-process demo API, on the fixed clock."""
    transport = httpx.ASGITransport(app=create_demo_app(clock=lambda: NOW))
    return GenerationsClient(DEMO_BASE_URL, api_key, transport=transport, clock=lambda: NOW)


async def never(seconds: float) -> None:
    """A sleep that never ends: freezes the pending countdown."""
    await asyncio.Event().wait()


async def shoot(name: str, app: ExplorerApp, *, keys: tuple[str, ...] = (),
                ready: Callable[[ExplorerApp], bool] | None = None, size=SIZE,
                then: tuple[tuple[str, ...], ...] = ()) -> None:
    """Run `app` until its lookup is done (or `ready` holds), press `keys` (then each group of
    `then`, letting the app settle in between), save `name`.svg."""
    async with app.run_test(size=size) as pilot:
        if ready is None:
            await app.workers.wait_for_complete()
        else:
            while not ready(app):
                await pilot.pause()
        await pilot.pause()
        for group in (keys, *then):
            await pilot.press(*group)
            if ready is None:
                await app.workers.wait_for_complete()
            await pilot.pause()
            if ready is None:
                await app.workers.wait_for_complete()
                await pilot.pause()
        app.save_screenshot(f"{name}.svg", str(OUT))
    print(f"wrote screenshots/{name}.svg")


def app(client: GenerationsClient | None = None, *, store=None, **options) -> ExplorerApp:
    options.setdefault("now", lambda: datetime.fromtimestamp(NOW, timezone.utc))
    services = Services(client or demo_client(), store=store, examples=demo_examples())
    return create_app(services, demo=True, animations=False, copy_text=lambda text: True,
                      **options)


def demo_history(folder: Path) -> HistoryStore:
    """A history holding the demo data set, all "fetched" at one fixed time."""
    store = HistoryStore.open(folder / "history.db")
    store.save_many([(r.generation, r.content) for r in load_demo_records()], fetched_at=NOW - 3600)
    return store


def capture_some(store: HistoryStore) -> None:
    """Captures as a recording proxy leaves them: four looked up, one failed, one pending."""
    clock = itertools.count(NOW - 60, 4)
    log = CaptureLog(store, clock=lambda: next(clock))
    for name in ("fallback-chain", "provider-storm", "tool-chat-image", "reasoning-long"):
        log.record_captured([DEMO_CASES[name]], "proxy")
        log.mark_loaded(DEMO_CASES[name])
    log.record_captured(["gen-1795953590-RevokedKeyRequest01"], "proxy")
    log.mark_failed("gen-1795953590-RevokedKeyRequest01", "401 Unauthorized: the API key was revoked")
    log.record_captured([f"gen-{int(NOW) - 2}-JustNowFromTheProxy"], "proxy")


def pending(app: ExplorerApp) -> bool:
    return app.query_one(StatusView).has_class("-pending")


def failed(app: ExplorerApp) -> bool:
    return app.query_one(StatusView).has_class("-error")


async def main() -> None:
    await shoot("start", app())
    await shoot("fallback-chain", app(ids=[DEMO_CASES["fallback-chain"]]))
    await shoot("fallback-chain-80x24", app(ids=[DEMO_CASES["fallback-chain"]]), size=(80, 24))
    await shoot("provider-storm", app(ids=[DEMO_CASES["provider-storm"]]))
    await shoot("messages-tools-image", app(ids=[DEMO_CASES["tool-chat-image"]]))
    await shoot("reasoning", app(ids=[DEMO_CASES["reasoning-long"]]), keys=("3",))
    await shoot("raw-json", app(ids=[DEMO_CASES["fallback-chain"]]), keys=("4",))
    await shoot("error-401", app(demo_client("demo-revoked-key"), ids=[DEMO_CASES["fallback-chain"]]),
                ready=failed)
    await shoot("pending", app(ids=[f"gen-{int(NOW)}-FreshFromTheGateway"], sleep=never),
                ready=pending)
    await shoot("help", app(ids=[DEMO_CASES["fallback-chain"]]), keys=("question_mark",))
    with tempfile.TemporaryDirectory() as folder:
        store = demo_history(Path(folder))
        await shoot("history", app(store=store), keys=("escape", "h"))
        await shoot("provider-stats", app(store=store), keys=("escape", "s"))
        await shoot("compare", app(store=store), keys=("escape", "h"),
                    then=(("space", "down", "space", "d"),))
        capture_some(store)
        await shoot("live", app(store=store), keys=("escape", "l"))
        store.close()


if __name__ == "__main__":
    os.environ["TZ"] = "UTC"  # local times on screen must not depend on the host
    time.tzset()
    sys.exit(asyncio.run(main()))
