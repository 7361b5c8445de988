"""The headless capture commands: `proxy` (the recording proxy) and `capture --follow` (a log).

Both print one line per generation as it is captured and as its lookup ends, and save what they
look up in the history, where `history` and the TUI see it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from explorer.capture.recorder import (
    CAPTURED,
    FAILED,
    CaptureEvent,
    CaptureRecorder,
    shared_client,
)
from explorer.presentation import formatting as fmt
from explorer.presentation.safe_text import one_line
from explorer.settings import APP_NAME

EXIT_OK, EXIT_USAGE = 0, 2


def err(line: str) -> None:
    """One line on stderr, prefixed with the app's name."""
    print(f"{APP_NAME}: {one_line(line, 1000)}", file=sys.stderr, flush=True)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def describe(event: CaptureEvent, clock: Callable[[], float] = time.time) -> str:
    """The line printed for `event`: time, what happened, the ID, then the facts or the reason."""
    stamp = time.strftime("%H:%M:%S", time.localtime(clock()))
    head = f"{stamp}  {event.kind:<8}  {one_line(event.id, 60)}"
    if event.kind == CAPTURED:
        return f"{head}  ({one_line(event.source, 80)})"
    if event.kind == FAILED:
        return f"{head}  {one_line(event.reason, 300)}"
    assert event.lookup is not None
    generation = event.lookup.generation
    attempts = len(generation.provider_responses or [])
    facts = [fmt.text(generation.model), fmt.text(generation.provider_name), fmt.usd(generation.total_cost),
             fmt.millis(generation.latency), f"{attempts} attempt{'s' if attempts != 1 else ''}"]
    return f"{head}  {one_line(' · '.join(facts), 300)}"


def print_event(event: CaptureEvent) -> None:
    """Print `event`'s line on stdout (a closed pipe is ignored)."""
    with contextlib.suppress(BrokenPipeError):
        print(describe(event), flush=True)


def _run(main: Coroutine[Any, Any, int]) -> int:
    """Run `main` on uvloop when it is installed (faster sockets for the proxy), else asyncio;
    SIGTERM and SIGHUP stop it as Ctrl+C does, through its clean-up."""
    try:
        import uvloop

        factory: Callable[[], asyncio.AbstractEventLoop] | None = uvloop.new_event_loop
    except ImportError:
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(_stopped_by_signals(main))


async def _stopped_by_signals(main: Coroutine[Any, Any, int]) -> int:
    task = asyncio.ensure_future(main)
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGHUP)
    for each in signals:
        loop.add_signal_handler(each, task.cancel)
    try:
        return await task
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():  # Ctrl+C: the runner says so
            raise
        return EXIT_OK  # SIGTERM / SIGHUP: asked to stop, and stopped
    finally:
        for each in signals:
            loop.remove_signal_handler(each)


def load_settings_or_none(base_url: str | None = None):
    """The settings, or None after saying on stderr what is wrong with them."""
    from explorer.settings import ConfigError, load_settings

    try:
        return load_settings(base_url=base_url)
    except ConfigError as error:
        err(str(error))
        return None


def open_log(demo: bool):
    """The history's capture log for this mode (demo captures go to the demo history)."""
    from explorer.services import open_history
    from explorer.store.captures import CaptureLog

    store = open_history(demo=demo)
    if store.warning:
        err(store.warning)
    return CaptureLog(store)


def client_options(settings) -> dict[str, Any]:
    """`GenerationsClient` options from the settings (timeouts, retries, pending window)."""
    from explorer.api.client import RetryPolicy

    return dict(timeout=settings.timeout, connect_timeout=settings.connect_timeout,
                retry=RetryPolicy(attempts=settings.retries, budget_seconds=settings.retry_budget),
                pending_window=settings.pending_window)


def run_proxy(*, host: str, port: int, upstream: str | None, demo: bool, allow_remote: bool) -> int:
    """`proxy`: serve until interrupted. Returns the exit code."""
    if not is_loopback(host):
        if not allow_remote:
            err(f"--host {host} would open the proxy (and the keys passing through it) to the network; "
                "add --allow-remote if that is what you want")
            return EXIT_USAGE
        err(f"warning: listening on {host}: anyone who can reach this address can send requests with "
            "their own key through this proxy, and their generations land in your history")
    if upstream is not None and not upstream.startswith(("http://", "https://")):
        err(f"--upstream {upstream}: expected an http:// or https:// base URL, e.g. http://127.0.0.1:8787/api/v1")
        return EXIT_USAGE
    settings = load_settings_or_none()
    if settings is None:
        return EXIT_USAGE
    return _run(_serve_proxy(host, port, upstream, demo, settings))


@contextlib.asynccontextmanager
async def upstream_base(upstream: str | None, demo: bool, settings, *, own_signals: bool = True,
                        **demo_options: Any) -> AsyncIterator[str]:
    """The upstream base URL: given, the demo served in-process on a free loopback port
    (`own_signals` False inside the TUI: Ctrl+C is the app's), or the configured gateway."""
    if upstream is None and demo:
        from explorer.demo.server import start_demo_server

        async with await start_demo_server("127.0.0.1", 0, own_signals=own_signals, **demo_options) as server:
            yield server.base_url
        return
    yield upstream or settings.base_url


async def _serve_proxy(host: str, port: int, upstream: str | None, demo: bool, settings) -> int:
    from explorer.capture.proxy import RecordingProxy
    from explorer.capture.worker import LookupWorker

    from explorer.services import tune_allocator

    tune_allocator()  # a stream's multi-megabyte buffers are unmapped when freed, not kept
    async with upstream_base(upstream, demo, settings) as base:
        worker = await LookupWorker(base, demo=demo).start()
        proxy = RecordingProxy(base, worker.capture)
        try:
            try:
                await proxy.start(host, port)
            except OSError as error:
                err(f"cannot listen on {host}:{port}: {error.strerror or error}")
                return EXIT_USAGE
            print(f"Recording proxy on {proxy.base_url} → {base}", flush=True)
            print(f"Point your client's base URL at {proxy.base_url}; captured generations go to the history "
                  f"(`{APP_NAME} history{' --demo' if demo else ''}`). Ctrl+C stops.", flush=True)
            await asyncio.Event().wait()  # until interrupted
        finally:
            await proxy.stop()
            await worker.stop()
    return EXIT_OK


def run_capture(*, follow: str, from_start: bool, demo: bool, base_url: str | None) -> int:
    """`capture --follow FILE|-`: follow until interrupted (stdin: until it ends)."""
    from explorer.api.errors import MissingKeyError
    from explorer.services import build_client

    settings = load_settings_or_none(base_url)
    if settings is None:
        return EXIT_USAGE
    try:
        client = build_client(settings, demo=demo)
    except MissingKeyError as error:
        err(f"{error.one_line()}. {error.hint}")
        return EXIT_USAGE
    return _run(_follow(client, follow, from_start, demo))


async def _follow(client, follow: str, from_start: bool, demo: bool) -> int:
    from explorer.capture.follow import capture_ids_in, follow_lines

    log = open_log(demo)
    log.use_small_cache()
    recorder = CaptureRecorder(shared_client(client), log=log, on_event=print_event)
    if follow != "-" and not os.path.exists(follow):
        err(f"{follow} does not exist yet: waiting for it")
    source, lines = follow_lines(follow, from_start=from_start)
    try:
        await capture_ids_in(lines, recorder, source)
    finally:
        await recorder.aclose()
        await client.aclose()
        log.store.close()
    return EXIT_OK
