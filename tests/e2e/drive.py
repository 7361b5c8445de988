"""Driving the real app (Pilot) and the real CLI (`main()` in process) in the end-to-end tests.

The app itself comes from `tests.support.app.make_app` with a client over real TCP (`make_client`)."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator

from textual.app import App

from explorer.api.client import NO_RETRY, GenerationsClient, RetryPolicy
from explorer.demo.data import DEMO_CASES, get_demo_record
from tests.support.pilot import settle

GOOD_ID = DEMO_CASES["fallback-chain"]
GOOD_MODEL = get_demo_record(GOOD_ID).generation["model"]
HANG_SECONDS = 5.0  # how long fault-hang holds a request (clients give up after SHORT_TIMEOUT)
SHORT_TIMEOUT = 0.5
TIMEOUT = 10.0  # generous for good answers on a busy CI machine; faults never wait for it


def make_client(base_url: str, api_key: str = "e2e-key", *, timeout: float = TIMEOUT,
                retry: RetryPolicy = NO_RETRY) -> GenerationsClient:
    """A client over the real network transport (aiohttp), no retries unless asked."""
    return GenerationsClient(base_url, api_key, timeout=timeout, retry=retry)


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
