"""Following a log, ``tail -F`` style: the new lines of a file as they are written, or of stdin.

`LogFollower` polls the file (a short interval; the sleep is injected so tests need no clock).
It starts at the end unless told `from_start`, reads each appended line once, and survives
rotation (the name now points at another file: finish the old one, then read the new one from
its start) and truncation (the file got shorter than what was read: read again from its start).
A file missing at the start, or between a rotation's rename and the new file, is waited for.
"""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, BinaryIO

POLL_SECONDS = 0.25
READ_SIZE = 64 * 1024
MAX_LINE_BYTES = 1024 * 1024
"""A longer line without a newline is handed on in pieces of this size (the log keeps going)."""


def _decode(line: bytes) -> str:
    return line.rstrip(b"\r").decode("utf-8", errors="replace")


class LogFollower:
    """Async iterator over the lines appended to `path` (without their newline).

    Iterate with ``async for line in LogFollower(path)``; it ends only when the task is cancelled
    (or after `stop()`). `sleep(interval)` runs whenever there is nothing new to read.
    """

    def __init__(self, path: str | os.PathLike[str], *, from_start: bool = False, interval: float = POLL_SECONDS,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.path = Path(path)
        self.from_start = from_start
        self.interval = interval
        self._sleep = sleep
        self._file: BinaryIO | None = None
        self._identity: tuple[int, int] | None = None
        self._pending = b""
        self._stopped = False
        self.rotations = 0
        self.truncations = 0

    def stop(self) -> None:
        """End the iteration at its next poll."""
        self._stopped = True

    def __aiter__(self) -> AsyncIterator[str]:
        return self._lines()

    async def _lines(self) -> AsyncIterator[str]:
        first_open = True
        try:
            while not self._stopped:
                if self._file is None:
                    self._open(at_end=first_open and not self.from_start)
                    first_open = False  # a file that appears later is new: read it all
                if self._file is not None:
                    data = self._file.read(READ_SIZE)
                    if data:
                        for line in self._split(data):
                            yield line
                        continue  # more may be there already: read before sleeping
                    changed, tail = self._check_rotation()
                    if tail:
                        yield tail
                    if changed:
                        continue  # rotated or truncated: read the new content at once
                await self._sleep(self.interval)
        finally:
            self._close()

    def _open(self, *, at_end: bool) -> None:
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 (kept open across polls)
        except (FileNotFoundError, PermissionError, IsADirectoryError):
            return
        stat = os.fstat(handle.fileno())
        self._file, self._identity = handle, (stat.st_dev, stat.st_ino)
        if at_end:
            handle.seek(0, os.SEEK_END)

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file = None

    def _split(self, data: bytes) -> list[str]:
        """Complete lines of `self._pending + data`; the unfinished tail waits for its newline."""
        self._pending += data
        *lines, self._pending = self._pending.split(b"\n")
        while len(self._pending) > MAX_LINE_BYTES:
            lines.append(self._pending[:MAX_LINE_BYTES])
            self._pending = self._pending[MAX_LINE_BYTES:]
        return [_decode(line) for line in lines]

    def _check_rotation(self) -> tuple[bool, str | None]:
        """At the end of the open file: close it if the name now means another file (rotated),
        rewind if it shrank (truncated). Returns (whether either happened, the rotated file's
        unfinished last line if it had one)."""
        assert self._file is not None
        try:
            stat = os.stat(self.path)
        except OSError:
            return False, None  # renamed away and not created again yet: keep the old one open
        if (stat.st_dev, stat.st_ino) != self._identity:
            self.rotations += 1
            self._close()
            tail, self._pending = self._pending, b""
            return True, _decode(tail) if tail else None
        if stat.st_size < self._file.tell():
            self.truncations += 1
            self._file.seek(0)
            self._pending = b""
            return True, None
        return False, None


async def stdin_lines(source: BinaryIO | None = None) -> AsyncIterator[str]:
    """The lines of stdin (or of `source`, e.g. stdin kept aside before the TUI took fd 0 for
    the keyboard) until it ends: a pipe or a terminal; a redirected file too."""
    stream = source if source is not None else sys.stdin.buffer
    if stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # `< file`: it cannot block, read it as it is
        for line in stream:
            yield _decode(line.rstrip(b"\n"))
        return
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=MAX_LINE_BYTES)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stream)
    while True:
        try:
            line = await reader.readline()
        except ValueError:  # a line over the limit: it is dropped
            continue
        if not line:
            return
        yield _decode(line.rstrip(b"\n"))


def follow_lines(follow: str, *, from_start: bool = False,
                 stdin: BinaryIO | None = None) -> tuple[str, AsyncIterator[str]]:
    """(the captures' source name, the lines) of `--follow FILE` or `--follow -` (`stdin`:
    standard input kept aside, as the TUI does before fd 0 becomes its keyboard)."""
    if follow == "-":
        return "follow:stdin", stdin_lines(stdin)
    return f"follow:{follow}", aiter(LogFollower(follow, from_start=from_start))


async def capture_ids_in(lines: AsyncIterator[str], recorder: Any, source: str) -> None:
    """Hand every generation ID in `lines` to `recorder` (a `CaptureRecorder`) until they end,
    then wait for the lookups under way."""
    from explorer.capture.sniff import ids_in_text

    async for line in lines:
        if ids := ids_in_text(line):
            recorder.capture(ids, source)
    await recorder.drain()
