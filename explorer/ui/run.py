"""`run_tui`: what the CLI calls to open the explorer.

Nothing heavy loads before the first frame: settings (pydantic-settings), the client (httpx,
aiohttp), the history store and the demo data are built by factories the app calls in a
thread once it is on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def demo_examples() -> list[tuple[str, str]]:
    """(ID, title) of every demo generation, offered on the start screen in demo mode."""
    from explorer.demo.data import load_demo_records

    return [(record.id, record.title) for record in load_demo_records()]


def run_tui(*, demo: bool, ids: Sequence[str], base_url: str | None = None,
            batch_concurrency: int | None = None, store: Any = None) -> int:
    """Run the app until the user quits and return the process exit code.

    With `ids`, the first one loads at once. `store` defaults to the mode's history.
    """
    from explorer.ui.app import create_app

    def make_client():
        from explorer.settings import load_settings
        from explorer.services import build_client

        return build_client(load_settings(base_url=base_url), demo=demo)

    def open_store():
        from explorer.services import open_history

        return open_history(demo=demo, seed_demo=demo)

    options: dict[str, Any] = {}
    if batch_concurrency:
        options["batch_concurrency"] = batch_concurrency
    app = create_app(
        make_client,
        ids=list(ids),
        store=store if store is not None else open_store,
        examples=demo_examples if demo else (),
        demo=demo,
        **options,
    )
    app.run()
    return app.return_code or 0
