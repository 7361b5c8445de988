"""`Services`: each service a value or a factory built once in a thread, a failing factory tried
again, the history warning said once, the batch concurrency from the settings."""

from __future__ import annotations

import asyncio
import threading

import pytest

from explorer.api.errors import MissingKeyError
from explorer.services import Services, call_once, tui_services
from explorer.settings import Settings


class CountingFactory:
    """A factory that counts its calls, records the thread it ran in, and fails `fails` times."""

    def __init__(self, value, fails: int = 0) -> None:
        self.value = value
        self.fails = fails
        self.calls = 0
        self.threads: list[threading.Thread] = []

    def __call__(self):
        self.calls += 1
        self.threads.append(threading.current_thread())
        if self.calls <= self.fails:
            raise MissingKeyError("MODELGATES_API_KEY is not set")
        return self.value


async def test_a_factory_runs_once_off_the_loop_even_when_asked_twice_at_once():
    client = object()
    factory = CountingFactory(client)
    services = Services(factory)
    assert services.built_client is None
    first, second = await asyncio.gather(services.client(), services.client())
    assert first is second is client and factory.calls == 1
    assert factory.threads[0] is not threading.main_thread()
    assert services.built_client is client


async def test_a_failing_factory_is_tried_again_on_the_next_need():
    factory = CountingFactory("client", fails=1)
    services = Services(factory)
    with pytest.raises(MissingKeyError):
        await services.client()
    assert await services.client() == "client" and factory.calls == 2


async def test_values_are_used_as_given():
    store = object()
    services = Services("client", store=store, examples=[("gen-1", "One")])
    assert services.has_store and await services.store() is store
    assert services.known_examples == [("gen-1", "One")]
    assert await services.examples() == [("gen-1", "One")]
    assert not Services("client").has_store and await Services("client").store() is None


async def test_examples_from_a_factory_are_known_once_loaded():
    services = Services("client", examples=CountingFactory([("gen-2", "Two")]))
    assert services.known_examples == []
    assert await services.examples() == [("gen-2", "Two")]
    assert services.known_examples == [("gen-2", "Two")]


def test_a_standing_history_warning_is_said_once_a_failed_save_every_time():
    class ReadOnlyStore:
        warning = "History is read-only: read-only file system"

    services = Services("client", store=ReadOnlyStore())
    assert services.history_warning_to_say(None) is None
    assert services.history_warning_to_say(ReadOnlyStore.warning) == ReadOnlyStore.warning
    assert services.history_warning_to_say(ReadOnlyStore.warning) is None  # said already
    for _ in range(2):  # a lookup that was not saved is never passed over in silence
        assert services.history_warning_to_say("Not saved to history: database is locked") == \
            "Not saved to history: database is locked"


async def test_a_failed_save_comes_back_as_a_warning():
    class BrokenStore:
        def save(self, *args):
            raise OSError("disk full")

    class Saved:
        raw_generation, raw_content, fetched_at = {"id": "gen-1"}, None, 0.0

    assert await Services("client", store=BrokenStore()).save_to_history(Saved()) == \
        "Not saved to history: disk full"
    assert await Services("client").save_to_history(Saved()) is None  # no history: nothing to say


async def test_batch_concurrency_comes_from_the_settings():
    assert await Services("client").batch_concurrency() == 8
    assert await Services("client", settings=Settings(batch_concurrency=3)).batch_concurrency() == 3
    loads = CountingFactory(Settings(batch_concurrency=5))
    services = Services("client", settings=loads)
    assert await services.batch_concurrency() == 5 and await services.batch_concurrency() == 5
    assert loads.calls == 1


async def test_tui_services_read_the_settings_once_flags_first(monkeypatch):
    monkeypatch.setenv("MODELGATES_BATCH_CONCURRENCY", "3")
    assert await tui_services(demo=True).batch_concurrency() == 3
    assert await tui_services(demo=True, batch_concurrency=5).batch_concurrency() == 5


def test_call_once_calls_until_it_succeeds_then_keeps_the_value():
    factory = CountingFactory("value", fails=1)
    once = call_once(factory)
    with pytest.raises(MissingKeyError):
        once()
    assert once() == "value" and once() == "value" and factory.calls == 2


def test_freed_memory_is_given_back_where_glibc_can(monkeypatch):
    """A big lookup's freed copies leave glibc's heap (malloc_trim) after the history save;
    without glibc nothing is called and nothing fails."""
    import ctypes
    import sys

    from explorer import services

    calls = []

    class FakeLibc:
        def malloc_trim(self, pad):
            calls.append(("trim", pad))
            return 1

        def mallopt(self, parameter, value):
            calls.append(("mallopt", parameter, value))
            return 1

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: FakeLibc())
    assert services.give_back_freed_memory() is True and calls == [("trim", 0)]
    # M_MMAP_THRESHOLD (-3) fixed: big blocks are mapped alone and unmapped when freed
    assert services.tune_allocator() is True
    assert calls[-1] == ("mallopt", -3, services.BIG_BLOCK_BYTES)

    def missing(name):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    assert services.give_back_freed_memory() is False
    assert services.tune_allocator() is False
    monkeypatch.setattr(sys, "platform", "darwin")
    assert services.give_back_freed_memory() is False
    assert services.tune_allocator() is False


def test_tuning_the_real_allocator_is_accepted():
    """glibc takes the threshold (mallopt returns 1): the parameter number is glibc's."""
    from explorer import services

    if services._glibc() is None:
        pytest.skip("no glibc on this system")
    assert services.tune_allocator() is True and services.give_back_freed_memory() is True


async def test_the_history_save_gives_memory_back_even_when_it_fails(monkeypatch):
    from types import SimpleNamespace

    from explorer import services

    given = []
    monkeypatch.setattr(services, "give_back_freed_memory", lambda: given.append(True) or True)

    class BrokenStore:
        def save(self, *args):
            raise RuntimeError("disk on fire")

    lookup = SimpleNamespace(raw_generation={"id": "gen-1-a"}, raw_content=None, fetched_at=0.0)
    warning = await services.Services(None, store=BrokenStore()).save_to_history(lookup)
    assert warning == "Not saved to history: disk on fire" and given == [True]
