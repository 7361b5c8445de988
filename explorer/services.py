"""The explorer's services: the API client, the history store, the demo examples and the settings.

`Services` holds them for one app session, each given as a value or as a factory; a factory runs
in a thread on first need, so the TUI's first frame never waits for httpx, pydantic, SQLite or
the demo data. `build_client` and `open_history` are the factories the CLI, the TUI and the tests
share. No textual import here (the UI asks, this module answers), and a light import: the heavy
modules load inside the factories.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from explorer.settings import DEMO_API_KEY, DEMO_BASE_URL, Settings

if TYPE_CHECKING:
    import httpx

    from explorer.api.client import GenerationsClient, Lookup

T = TypeVar("T")
Example = tuple[str, str]
"""A demo generation offered on the start screen: (ID, title)."""


class LazyService(Generic[T]):
    """One service: a value given as is, or built by a factory in a thread on first need.

    A factory that raises (no API key, say) is tried again on the next need.
    """

    def __init__(self, source: T | Callable[[], T]) -> None:
        self._factory: Callable[[], T] | None = source if callable(source) else None
        self._value: T | None = None if callable(source) else source
        import asyncio  # here: the CLI's `history` imports this module and needs no event loop

        self._lock = asyncio.Lock()  # two callers at once: one build, the other waits for it

    @property
    def built(self) -> T | None:
        """The service if it exists already (None: not built yet, or none configured)."""
        return self._value

    @property
    def configured(self) -> bool:
        """True when there is a service or a factory for one."""
        return self._value is not None or self._factory is not None

    async def get(self) -> T | None:
        """The service, built now if it was not yet."""
        if self._factory is not None:
            async with self._lock:
                if self._factory is not None:
                    self._value = await _to_thread(self._factory)
                    self._factory = None
        return self._value


class Services:
    """What one explorer session talks to: `client()`, `store()`, `examples()`, `settings()`.

    `client`, `store` (a `HistoryStore`-like object, or None for no history), `examples` and
    `settings` are each a value or a zero-argument factory. Without settings the defaults apply.
    """

    def __init__(
        self,
        client: GenerationsClient | Callable[[], GenerationsClient],
        *,
        store: Any = None,
        examples: Sequence[Example] | Callable[[], Sequence[Example]] = (),
        settings: Settings | Callable[[], Settings] | None = None,
    ) -> None:
        self._client: LazyService[GenerationsClient] = LazyService(client)
        self._store: LazyService[Any] = LazyService(store)
        self._examples: LazyService[Sequence[Example]] = LazyService(examples)
        self._settings: LazyService[Settings] = LazyService(settings)
        self._history_warned = False

    # -- the client ----------------------------------------------------------------------

    async def client(self) -> GenerationsClient:
        """The API client, built on first need (its factory may raise a typed `ApiError`)."""
        client = await self._client.get()
        assert client is not None, "Services needs a client or a client factory"
        return client

    @property
    def built_client(self) -> GenerationsClient | None:
        """The client if it was built already (to redact a message, or to close it)."""
        return self._client.built

    async def aclose(self) -> None:
        """Close the client, if one was built."""
        if (client := self._client.built) is not None:
            await client.aclose()

    # -- the history ---------------------------------------------------------------------

    @property
    def has_store(self) -> bool:
        """True when a history store is configured (it may not be open yet)."""
        return self._store.configured

    async def store(self) -> Any:
        """The history store (None: no history), opened on first need."""
        return await self._store.get()

    async def save_to_history(self, lookup: Lookup) -> str | None:
        """Save `lookup` in the history (off the loop); returns why it was not saved, if so.

        History is a convenience: a failure never breaks a lookup, it comes back as a warning.
        """
        try:
            store = await self.store()
            if store is None:
                return None
            return await _to_thread(_save_and_give_back, store, lookup)
        except Exception as error:
            return f"Not saved to history: {error}"

    def history_warning_to_say(self, warning: str | None) -> str | None:
        """`warning` if the user should see it now, else None. The store's standing warning (a
        disabled or read-only history: `store.warning`) is said once per session, not on every
        lookup; any other one is why *this* save failed (a lock, a full disk), said every time."""
        if not warning:
            return None
        if warning != getattr(self._store.built, "warning", None):
            return warning
        if self._history_warned:
            return None
        self._history_warned = True
        return warning

    # -- examples and settings -----------------------------------------------------------

    @property
    def known_examples(self) -> list[Example]:
        """The examples at hand now: given as a list, or built already (else none yet)."""
        return list(self._examples.built or ())

    async def examples(self) -> list[Example]:
        """The demo examples, loaded on first need."""
        return list(await self._examples.get() or ())

    async def settings(self) -> Settings:
        """The settings (flags, environment, config file), read on first need; the defaults
        when none were given."""
        return await self._settings.get() or Settings()

    async def batch_concurrency(self) -> int:
        """How many lookups a batch keeps in flight (`batch_concurrency` in the settings)."""
        return (await self.settings()).batch_concurrency


async def _to_thread(function: Callable[..., T], *args: Any) -> T:
    import asyncio

    return await asyncio.to_thread(function, *args)


def _save_and_give_back(store: Any, lookup: Lookup) -> str | None:
    try:
        return store.save(lookup.raw_generation, lookup.raw_content, lookup.fetched_at)
    finally:
        give_back_freed_memory()  # the serialised and indexed copies of a big generation


def give_back_freed_memory() -> bool:
    """Return the C heap's free memory to the system (glibc's `malloc_trim`): a big lookup's
    temporary copies (its raw answer, the tabs' building, the history's serialising) are freed
    but glibc keeps the pages, tens of MiB that stay in the app's RSS. False where there is no
    glibc (macOS, musl): nothing to do there. The call releases the GIL; it takes milliseconds."""
    libc = _glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


BIG_BLOCK_BYTES = 256 * 1024
"""Blocks from this size are mapped from the system one by one (see `tune_allocator`)."""

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def tune_allocator() -> bool:
    """Have glibc map every block of `BIG_BLOCK_BYTES` or more on its own, and unmap it when
    freed. By default glibc raises that threshold (up to 32 MiB) after the first big block is
    freed, so a big lookup's later multi-megabyte temporaries (the answer, the JSON, the joined
    texts) are carved from the heap, and what they leave between live blocks stays in the
    app's RSS: 20-30 MiB after a 14.5 MB generation. False without glibc."""
    libc = _glibc()
    return libc is not None and bool(libc.mallopt(_M_MMAP_THRESHOLD, BIG_BLOCK_BYTES))


def _glibc() -> Any:
    """glibc (ctypes), or None on another C library or system."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim, libc.mallopt  # noqa: B018 - both exist in glibc only
    except (OSError, AttributeError):
        return None
    return libc


def call_once(factory: Callable[[], T]) -> Callable[[], T]:
    """`factory`, called at most once even from several threads (until it succeeds); later
    calls return its value."""
    lock = threading.Lock()
    made: list[T] = []

    def call() -> T:
        with lock:
            if not made:
                made.append(factory())
            return made[0]

    return call


def tui_services(*, demo: bool, base_url: str | None = None, batch_concurrency: int | None = None,
                 store: Any = None, transport: httpx.AsyncBaseTransport | None = None) -> Services:
    """The services of the TUI, all built lazily: settings read once (flags win over the
    environment and the config file), the client from them, the mode's history (unless `store`
    is given), and the demo examples in demo mode. `transport` replaces the network (tests)."""
    from explorer.settings import load_settings

    settings = call_once(lambda: load_settings(base_url=base_url,
                                               batch_concurrency=batch_concurrency))
    return Services(
        lambda: build_client(settings(), demo=demo, transport=transport),
        store=store if store is not None else (lambda: open_history(demo=demo, seed_demo=demo)),
        examples=demo_examples if demo else (),
        settings=settings,
    )


def demo_examples() -> list[Example]:
    """(ID, title) of every demo generation, offered on the start screen in demo mode."""
    from explorer.demo.data import load_demo_records

    return [(record.id, record.title) for record in load_demo_records()]


def build_client(settings: Settings, *, demo: bool = False,
                 transport: httpx.AsyncBaseTransport | None = None, few_requests: bool = False,
                 **demo_options: Any) -> GenerationsClient:
    """The client for the configured gateway, or for the built-in demo API in-process.

    In demo mode no key and no network are needed: the demo Starlette app is reached through
    `httpx.ASGITransport`, through the same client code as the real API. `transport` (tests)
    carries the requests instead of the network; `few_requests` picks a network transport quick
    to start (a command-line lookup) over one cheap per request (the TUI, a batch).
    """
    from explorer.api.client import GenerationsClient, RetryPolicy
    from explorer.api.errors import MissingKeyError

    common = dict(
        timeout=settings.timeout,
        connect_timeout=settings.connect_timeout,
        retry=RetryPolicy(attempts=settings.retries, budget_seconds=settings.retry_budget),
        pending_window=settings.pending_window,
        max_response_bytes=int(settings.max_response_mb * 1024 * 1024),
    )
    if demo:
        import httpx

        from explorer.demo.app import create_demo_app

        demo_transport = transport or httpx.ASGITransport(app=create_demo_app(**demo_options))
        return GenerationsClient(DEMO_BASE_URL, DEMO_API_KEY, transport=demo_transport, **common)
    if settings.api_key is None or not settings.api_key.get_secret_value().strip():
        raise MissingKeyError("MODELGATES_API_KEY is not set")
    return GenerationsClient(settings.base_url, settings.api_key, transport=transport,
                             few_requests=few_requests, **common)


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
    if demo and seed_demo and store.writable:
        from explorer.demo.data import demo_ids, load_demo_records

        missing = set(store.missing_ids(demo_ids()))
        if missing:
            store.save_many([(r.generation, r.content) for r in load_demo_records() if r.id in missing])
    return store
