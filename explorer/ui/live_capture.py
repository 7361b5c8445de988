"""`LiveCapture`: what the TUI captures itself — a recording proxy (`--proxy PORT`) and a log
follower (`--follow FILE`) — run in the app's event loop while the app runs.

Both write to the history like their headless twins (`proxy`, `capture --follow`): the proxy's
lookups run in the niced child process of `LookupWorker` (the forwarding path never waits on
them; its output goes nowhere, the TUI owns the terminal), the follower's lookups in this
process with the app's client. The live view reads the history, whoever wrote it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import IO, Any

from explorer.presentation.safe_text import one_line
from explorer.settings import APP_NAME, PROXY_PORT

Say = Callable[[str, str], None]
"""How a capture tells the user something: (message, severity)."""


class LiveCapture:
    """The captures this TUI runs; `describe()` says what they are doing, for the live view."""

    def __init__(self, *, proxy_port: int | None = None, follow: str | None = None,
                 from_start: bool = False, demo: bool = False,
                 follow_stream: IO[bytes] | None = None, demo_options: dict[str, Any] | None = None) -> None:
        self.proxy_port = proxy_port
        self.follow = follow
        self.from_start = from_start
        self.demo = demo
        self.follow_stream = follow_stream
        """With `follow` "-": standard input as it was before the TUI took fd 0 for the keys."""
        self.demo_options = demo_options or {}
        """With `demo`: options of the demo API the proxy forwards to (tests: no pending delay)."""
        self._status: dict[str, str] = {}

    @classmethod
    def from_arguments(cls, options: Any) -> LiveCapture | str:
        """The captures the TUI's flags ask for (`--proxy`, `--follow`, `--from-start`, `--demo`),
        or what is wrong with them. With `--follow -` standard input is kept aside now: fd 0
        becomes the keyboard before the app starts."""
        import os

        if options.proxy is not None and not 0 < options.proxy < 65536:
            return f"--proxy {options.proxy}: expected a port number from 1 to 65535, e.g. --proxy {PROXY_PORT}"
        if options.from_start and options.follow is None:
            return "--from-start goes with --follow FILE"
        stream = None
        if options.follow == "-":
            if options.ids_file == "-":
                return "--follow - and --ids-file - both want standard input: give one of them a file"
            stream = os.fdopen(os.dup(0), "rb")
        return cls(proxy_port=options.proxy, follow=options.follow, from_start=options.from_start,
                   demo=options.demo, follow_stream=stream)

    @property
    def active(self) -> bool:
        """Whether this TUI captures anything itself."""
        return self.proxy_port is not None or self.follow is not None

    def describe(self) -> str:
        """One line per capture this TUI runs, or where captures come from otherwise."""
        if not self.active:
            return f"Captures by `{APP_NAME} proxy` or `capture --follow` in any terminal appear here."
        lines = []
        if self.proxy_port is not None:
            lines.append(self._status.get("proxy", f"Recording proxy on port {self.proxy_port}: starting…"))
        if self.follow is not None:
            lines.append(self._status.get("follow", f"Following {self._follow_name()}: starting…"))
        return "\n".join(lines)

    def _follow_name(self) -> str:
        return "standard input" if self.follow == "-" else one_line(self.follow, 200)

    async def run_proxy(self, services: Any, say: Say) -> None:
        """Serve the recording proxy on 127.0.0.1 until cancelled (the app's exit cancels it)."""
        from explorer.capture.commands import upstream_base
        from explorer.capture.proxy import RecordingProxy
        from explorer.capture.worker import LookupWorker

        assert self.proxy_port is not None
        async with contextlib.AsyncExitStack() as stack:
            upstream = await stack.enter_async_context(upstream_base(
                None, self.demo, await services.settings(), own_signals=False, **self.demo_options))
            worker = await LookupWorker(upstream, demo=self.demo, print_events=False).start()
            stack.push_async_callback(worker.stop)
            proxy = RecordingProxy(upstream, worker.capture)
            try:
                await proxy.start("127.0.0.1", self.proxy_port)
            except OSError as error:
                reason = f"cannot listen on 127.0.0.1:{self.proxy_port}: {error.strerror or error}"
                self._status["proxy"] = f"Recording proxy not running: {reason}"
                say(f"Recording proxy not started: {reason}", "error")
                return
            stack.push_async_callback(proxy.stop)
            self._status["proxy"] = (f"Recording proxy on {proxy.base_url} → {one_line(upstream, 200)}: "
                                     "point your client's base URL at it")
            say(f"Recording proxy on {proxy.base_url}", "information")
            await asyncio.Event().wait()  # until the app cancels it

    async def run_follow(self, services: Any, say: Say) -> None:
        """Follow the log until cancelled (standard input: until it ends)."""
        import os

        from explorer.api.errors import ApiError
        from explorer.capture.follow import capture_ids_in, follow_lines
        from explorer.capture.recorder import CaptureRecorder, shared_client
        from explorer.store.captures import CaptureLog

        assert self.follow is not None
        try:
            client = await services.client()
        except ApiError as error:
            self._status["follow"] = f"Not following {self._follow_name()}: {error.one_line()}"
            say(self._status["follow"], "error")
            return
        store = await services.store()
        recorder = CaptureRecorder(shared_client(client), log=CaptureLog(store) if store is not None else None)
        source, lines = follow_lines(self.follow, from_start=self.from_start, stdin=self.follow_stream)
        waiting = self.follow != "-" and not os.path.exists(self.follow)
        self._status["follow"] = (f"Following {self._follow_name()}"
                                  + (" (it does not exist yet: waiting for it)" if waiting else ""))
        try:
            await capture_ids_in(lines, recorder, source)
            self._status["follow"] = f"Followed {self._follow_name()} to its end"
        finally:
            await recorder.aclose()
