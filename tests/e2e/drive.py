"""Driving the real app (Pilot) and the real CLI (`main()` in process) in the end-to-end tests."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

from textual.app import App

from explorer.api.client import NO_RETRY, GenerationsClient, RetryPolicy
from explorer.demo.data import DEMO_CASES, get_demo_record
from tests.support.pilot import wait_until  # noqa: F401  (re-exported for the e2e tests)

SIZE = (120, 36)
# A fixed "now" for relative times: 2026-12-01 12:00:00 UTC (after every demo and fault generation).
NOW = datetime.fromtimestamp(1_795_953_600, timezone.utc)
GOOD_ID = DEMO_CASES["fallback-chain"]
GOOD_MODEL = get_demo_record(GOOD_ID).generation["model"]
HANG_SECONDS = 5.0  # how long fault-hang holds a request (clients give up after SHORT_TIMEOUT)
SHORT_TIMEOUT = 0.5
TIMEOUT = 10.0  # generous for good answers on a busy CI machine; faults never wait for it


class CopyRecorder:
    """An injected clipboard that records what was copied."""

    def __init__(self) -> None:
        self.copied: list[str] = []

    def __call__(self, text: str) -> bool:
        self.copied.append(text)
        return True


def make_client(base_url: str, api_key: str = "e2e-key", *, timeout: float = TIMEOUT,
                retry: RetryPolicy = NO_RETRY) -> GenerationsClient:
    """A client over the real network transport (aiohttp), no retries unless asked."""
    return GenerationsClient(base_url, api_key, timeout=timeout, retry=retry)


def make_app(client: GenerationsClient, **options: Any):
    """The real app from the one factory, calm (no animation or blink) and on a fixed clock."""
    from explorer.services import Services
    from explorer.ui.app import create_app
    from tests.support.screen import record_notify

    options.setdefault("copy_text", CopyRecorder())
    options.setdefault("now", lambda: NOW)
    options.setdefault("animations", False)
    services = Services(client, store=options.pop("store", None),
                        examples=options.pop("examples", ()))
    return record_notify(create_app(services, **options))


async def settle(pilot) -> None:
    """Wait for every worker (lookups, history, tab builds) and for what they posted."""
    from explorer.ui.lines.lazy_text import LazyText

    app = pilot.app
    quiet = 0
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(not worker.is_finished for worker in app.workers)
        quiet = 0 if busy or any(view.indexing for view in app.query(LazyText)) else quiet + 1
        if quiet == 2:  # twice in a row: what the last worker posted started nothing new
            return
    raise AssertionError("the app did not settle")


async def load(pilot, generation_id: str) -> None:
    """Type-or-paste `generation_id` into the entry and press Enter, then settle."""
    from explorer.ui.widgets.id_entry import IdEntry

    entry = pilot.app.query_one(IdEntry)
    entry.focus()
    entry.value = generation_id
    await pilot.press("enter")
    await settle(pilot)


def main_view(app: App) -> str:
    return app.main_screen.main_view


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """`main(args)` in process; returns (exit code, stdout, stderr)."""
    from explorer.cli import main

    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


class TtyStdout(io.StringIO):
    """A stdout that says it is a terminal (what `show` checks before sanitising)."""

    def isatty(self) -> bool:
        return True


@contextlib.contextmanager
def tty_stdout() -> Iterator[TtyStdout]:
    """Point sys.stdout at a terminal-like buffer for the block (then put back what was there)."""
    stream, saved = TtyStdout(), sys.stdout
    sys.stdout = stream
    try:
        yield stream
    finally:
        sys.stdout = saved


def history_store():
    """The CLI's (non-demo) history store, opened the way the CLI opens it."""
    from explorer.services import open_history

    return open_history(demo=False)
