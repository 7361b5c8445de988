"""Waiting on a running app (Pilot) without sleeping: `settle` and `wait_until`."""

from __future__ import annotations

from collections.abc import Callable


async def settle(pilot) -> None:
    """Wait for every worker (lookups, history pages, tab builds, Markdown) and for what they
    posted, until the app is quiet: no worker running and no text view still indexing."""
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


async def wait_until(pilot, condition: Callable[[], bool], *, rounds: int = 500) -> None:
    """Let the app process messages until `condition()` holds (no wall-clock sleeping)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("condition never became true")
