"""`run_tui`: what the CLI calls to open the explorer.

Nothing heavy loads before the first frame: settings, the client (httpx, aiohttp), the history
store and the demo data are built by factories (`explorer.services.tui_services`) the app calls
in a thread once it is on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from explorer.ui.app import ExplorerApp


def tui_app(*, demo: bool, ids: Sequence[str], base_url: str | None = None,
            batch_concurrency: int | None = None, store: Any = None,
            transport: httpx.AsyncBaseTransport | None = None, **options: Any) -> ExplorerApp:
    """The app `run_tui` runs, from the one factory: settings from the flags (`base_url`,
    `batch_concurrency`: None when not given), the environment and the config file, read once
    after the first frame. `store` defaults to the mode's history; `transport` (tests) carries
    the requests instead of the network; `options` go to `create_app`."""
    from explorer.services import tui_services, tune_allocator
    from explorer.ui.app import create_app
    from explorer.ui.theme_memory import ThemeMemory

    tune_allocator()  # a big generation's temporaries go back to the system when freed
    # Read before the first frame: a theme applied after it would flash.
    options.setdefault("theme_memory", ThemeMemory.for_user())
    services = tui_services(demo=demo, base_url=base_url, batch_concurrency=batch_concurrency,
                            store=store, transport=transport)
    return create_app(services, ids=list(ids), demo=demo, **options)


def run_tui(*, demo: bool, ids: Sequence[str], base_url: str | None = None,
            batch_concurrency: int | None = None, store: Any = None, **options: Any) -> int:
    """Run the app until the user quits (or SIGTERM / SIGHUP ends it: 143 / 129) and return
    the process exit code.

    With `ids`, the first one loads at once (several start a batch); `options` go to
    `create_app` (e.g. `live_capture`).
    """
    from explorer.ui.terminal import ExitOnSignals

    app = tui_app(demo=demo, ids=ids, base_url=base_url, batch_concurrency=batch_concurrency,
                  store=store, **options)
    # SIGTERM / SIGHUP: the app exits as on `q` (saves ended, the terminal put back), with
    # code 128 + N.
    with ExitOnSignals(lambda code: app.call_later(app.exit_after_saves, code)):
        app.run()
    return app.return_code or 0
