"""One factory for the service objects, used by the CLI, the TUI and the tests alike."""

from __future__ import annotations

from typing import Any

from explorer.api.client import GenerationsClient
from explorer.api.errors import MissingKeyError
from explorer.settings import DEMO_API_KEY, DEMO_BASE_URL, Settings


def build_client(settings: Settings, *, demo: bool = False, **demo_options: Any) -> GenerationsClient:
    """The client for the configured gateway, or for the built-in demo API in-process.

    In demo mode no key and no network are needed: the demo Starlette app is reached through
    `httpx.ASGITransport`, through the same client code as the real API.
    """
    common = dict(
        timeout=settings.timeout,
        connect_timeout=settings.connect_timeout,
        retry=settings.retry_policy,
        pending_window=settings.pending_window,
    )
    if demo:
        import httpx

        from explorer.demo.app import create_demo_app

        transport = httpx.ASGITransport(app=create_demo_app(**demo_options))
        return GenerationsClient(DEMO_BASE_URL, DEMO_API_KEY, transport=transport, **common)
    if settings.api_key is None or not settings.api_key.get_secret_value().strip():
        raise MissingKeyError("MODELGATES_API_KEY is not set")
    return GenerationsClient(settings.base_url, settings.api_key, **common)


def open_history(*, demo: bool, seed_demo: bool = False):
    """The history store for this mode; the demo history starts with the demo data set.

    Never raises for storage trouble: the store comes back disabled with a `warning`.
    """
    from explorer.store import HistoryStore
    from explorer.settings import history_path

    try:
        path = history_path(demo)
    except OSError as exc:  # no usable data dir at all
        store = HistoryStore.open(None)
        store.warning = f"History disabled: no data directory ({exc})"
        return store
    store = HistoryStore.open(path)
    if demo and seed_demo and store.enabled:
        from explorer.demo.data import demo_ids, load_demo_records

        missing = set(store.missing_ids(demo_ids()))
        if missing:
            store.save_many([(r.generation, r.content) for r in load_demo_records() if r.id in missing])
    return store
