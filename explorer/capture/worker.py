"""The proxy's lookups, in a child process: the forwarding path never waits on them.

A lookup costs milliseconds of CPU (two requests, JSON validation, an SQLite write with its
search index); in the proxy's own process that time would be added to the requests it forwards.
So `LookupWorker` runs the capture pipeline (`CaptureRecorder`) in a child process at a lower
priority, and hands it each generation ID as one JSON line on the child's stdin (written without
blocking). The request's key travels with it through that pipe, in memory only, never on a
command line; the child prints the capture lines on the shared stdout.

    python -m explorer.capture.worker BASE_URL [--demo]   (started by the proxy, not by hand)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys

NICENESS = 10
"""How much lower the child's priority is: on a busy machine forwarding goes first."""
STOP_SECONDS = 5.0
TRIM_EVERY = 500
"""Captures between two returns of the freed heap to the system (`give_back_freed_memory`):
a worker running for days keeps the memory it needs, not the high-water mark of its pieces."""


class LookupWorker:
    """The parent's side: start the child, send it captures, stop it. With `print_events` False
    the child's capture lines go nowhere (a TUI owns the terminal; it reads the history instead)."""

    def __init__(self, base_url: str, *, demo: bool = False, print_events: bool = True) -> None:
        self.base_url = base_url
        self.demo = demo
        self.print_events = print_events
        self._process: asyncio.subprocess.Process | None = None

    async def start(self) -> LookupWorker:
        """Start the child process (it opens the history and waits for captures)."""
        args = [sys.executable, "-m", "explorer.capture.worker", self.base_url] + (["--demo"] if self.demo else [])
        from explorer.settings import child_environment

        # Keys reach the child through the pipe, per capture: never through its environment.
        output = None if self.print_events else asyncio.subprocess.DEVNULL
        self._process = await asyncio.create_subprocess_exec(*args, stdin=asyncio.subprocess.PIPE, stdout=output,
                                                             stderr=output, env=child_environment())
        return self

    def capture(self, gen_id: str, key: str | None, relayed: asyncio.Future[None] | None) -> None:
        """`RecordingProxy`'s capture callback: record `gen_id` now, look it up once `relayed` is
        done (None: the answer is complete already)."""
        self._send({"op": "capture", "id": gen_id, "key": key, "ready": relayed is None})
        if relayed is not None:
            relayed.add_done_callback(lambda _: self._send({"op": "ready", "id": gen_id}))

    def _send(self, message: dict[str, object]) -> None:
        process = self._process
        if process is None or process.stdin is None or process.stdin.is_closing():
            return
        process.stdin.write(json.dumps(message).encode() + b"\n")  # buffered: never blocks the loop

    @property
    def pid(self) -> int | None:
        """The child's process ID (benchmarks read its memory), None before `start`."""
        return self._process.pid if self._process is not None else None

    async def stop(self) -> None:
        """Close the child's stdin (it cancels the lookups under way, which stay pending in the
        history) and wait for it to exit."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), STOP_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()


async def serve_lookups(base_url: str, demo: bool) -> int:
    """The child's side: read captures from stdin until it closes, look each one up."""
    from explorer.api.client import GenerationsClient
    from explorer.api.transport import network_transport, proxy_for
    from explorer.capture.commands import client_options, load_settings_or_none, open_log, print_event
    from explorer.capture.recorder import CaptureRecorder, KeyedClients, SharedTransport
    from explorer.services import give_back_freed_memory, tune_allocator

    settings = load_settings_or_none()
    if settings is None:
        return 2
    options = client_options(settings)
    transport = SharedTransport(network_transport(proxy_for(base_url)))
    clients = KeyedClients(lambda key: GenerationsClient(base_url, key, transport=transport, **options))
    log = open_log(demo)
    log.use_small_cache()
    recorder = CaptureRecorder(clients.client, log=log, on_event=print_event)
    waiting: dict[str, asyncio.Future[None]] = {}
    tune_allocator()
    captured = 0
    reader = asyncio.StreamReader(limit=64 * 1024)  # a capture is one short line
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    try:
        while True:
            await recorder.room()  # past the backlog, captures wait in the pipe, a few bytes each
            if not (line := await reader.readline()):
                break
            with contextlib.suppress(ValueError, KeyError, TypeError):
                message = json.loads(line)
                if message["op"] == "capture":
                    ready = None if message["ready"] else waiting.setdefault(message["id"], loop.create_future())
                    recorder.capture([message["id"]], "proxy", key=message["key"], ready=ready)
                    captured += 1
                    if captured % TRIM_EVERY == 0:  # what the lookups freed goes back to the system
                        give_back_freed_memory()
                elif message["op"] == "ready" and (future := waiting.pop(message["id"], None)) is not None:
                    future.set_result(None)
    finally:
        await recorder.aclose()
        await transport.close()
        log.store.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the child process."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m explorer.capture.worker BASE_URL [--demo]", file=sys.stderr)
        return 2
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the parent, which closes our stdin
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    return asyncio.run(serve_lookups(args[0], "--demo" in args[1:]))


if __name__ == "__main__":
    raise SystemExit(main())
