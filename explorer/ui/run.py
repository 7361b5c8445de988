"""`run_tui`: what the CLI calls to open the explorer."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from explorer import APP_NAME
from explorer.api.errors import MissingKeyError
from explorer.config import Settings
from explorer.text import one_line

EXIT_USAGE = 2


def demo_examples() -> list[tuple[str, str]]:
    """(ID, title) of every demo generation, offered on the start screen in demo mode."""
    from explorer.demo.data import load_demo_records

    return [(record.id, record.title) for record in load_demo_records()]


def run_tui(settings: Settings, *, demo: bool, ids: Sequence[str], store: Any) -> int:
    """Build the client for `settings` (or the in-process demo API), run the app until the
    user quits, and return the process exit code. With `ids`, the first one loads at once."""
    from explorer.services import build_client
    from explorer.ui.app import create_app

    try:
        client = build_client(settings, demo=demo)
    except MissingKeyError as error:
        print(f"{APP_NAME}: {one_line(error.one_line())}. {error.hint}", file=sys.stderr)
        return EXIT_USAGE
    app = create_app(
        client,
        ids=list(ids),
        store=store,
        examples=demo_examples() if demo else (),
        demo=demo,
    )
    app.run()
    return app.return_code or 0
