"""The real app in a subprocess on a pseudo-terminal of its own: its controlling terminal (so
`/dev/tty` is the pty), its stdout and stderr, and its stdin unless a pipe is given.

The test reads everything the app writes to the terminal, types into it, signals it and
inspects the terminal's mode (termios) the way a user's shell would find it afterwards.
Every wait is on the app's output or its exit, with a deadline.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import explorer

REPO_ROOT = Path(explorer.__file__).resolve().parents[1]
START_SECONDS = 60.0  # a cold start on a busy 2-core machine; the app is usually up in ~2 s
ALT_SCREEN_ON, ALT_SCREEN_OFF = "\x1b[?1049h", "\x1b[?1049l"
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")

# The child makes the pty its controlling terminal (it leads a new session), then becomes the
# app: `/dev/tty` then resolves to the pty even when stdin is a pipe.
_ON_TTY = ("import fcntl, os, sys, termios; fcntl.ioctl(1, termios.TIOCSCTTY, 0); "
           "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])")


def visible_text(output: str) -> str:
    """The terminal data with escape sequences removed and whitespace collapsed."""
    return " ".join(_ESCAPES.sub(" ", output).split())


class PtySession:
    """`modelgates-explorer ARGS` on a fresh pty, `size` = (columns, rows).

    `stdin` bytes are fed through a pipe (closed after them) instead of the terminal; `python`
    runs that Python code instead of the app (the pty is its controlling terminal too)."""

    def __init__(self, args: Sequence[str] = (), *, stdin: bytes | None = None,
                 env: dict[str, str] | None = None, size: tuple[int, int] = (100, 30),
                 python: str | None = None) -> None:
        self.master, self.slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.mode_before = termios.tcgetattr(self.slave)
        """The terminal's mode before the app started (a shell's: canonical, echoing)."""
        self._output = bytearray()
        self._changed = threading.Condition()
        self._stopping = False
        environment = {**(env if env is not None else os.environ), "TERM": "xterm-256color"}
        environment.pop("TEXTUAL_ALLOW_SIGNALS", None)
        run = ["-m", "explorer", *args] if python is None else ["-c", python]
        command = [sys.executable, "-c", _ON_TTY, *run]
        stdin_fd = subprocess.PIPE if stdin is not None else self.slave
        self.process = subprocess.Popen(
            command, stdin=stdin_fd, stdout=self.slave, stderr=self.slave, env=environment,
            cwd=REPO_ROOT, start_new_session=True, close_fds=True,
        )
        if stdin is not None:
            assert self.process.stdin is not None
            self.process.stdin.write(stdin)
            self.process.stdin.close()
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    # -- reading ---------------------------------------------------------------------------

    def _read(self) -> None:
        while not self._stopping:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            with self._changed:
                self._output += data
                self._changed.notify_all()

    @property
    def output(self) -> str:
        """Everything the app wrote to the terminal so far."""
        with self._changed:
            return self._output.decode("utf-8", "replace")

    def wait_for(self, condition: Callable[[str], bool], timeout: float, what: str) -> str:
        """Wait until `condition(output)` holds; fail (showing the screen) after `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition(output := self._output.decode("utf-8", "replace")):
                left = deadline - time.monotonic()
                quiet = left <= 0 or not self._changed.wait(min(left, 0.5))
                if quiet and (left <= 0 or self.process.poll() is not None):
                    code = self.process.poll()
                    ended = (f"the app exited with {code}" if code is not None
                             else f"still not after {timeout:g} s")
                    raise AssertionError(f"{what}: not seen ({ended}); screen text: "
                                         f"{visible_text(output)[-1500:]!r}")
            return output

    def wait_for_text(self, text: str, timeout: float = START_SECONDS) -> str:
        """Wait until `text` shows (escape sequences and extra whitespace ignored)."""
        wanted = " ".join(text.split())
        return self.wait_for(lambda out: wanted in visible_text(out), timeout, repr(text))

    # -- acting ----------------------------------------------------------------------------

    def type(self, keys: str) -> None:
        """Type `keys` into the terminal."""
        os.write(self.master, keys.encode())

    def send_signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def hang_up(self) -> None:
        """Close the terminal (as closing its window does): the kernel sends SIGHUP."""
        self._stop_reading()
        os.close(self.master)
        self.master = -1

    def wait_exit(self, timeout: float) -> int:
        """The exit code (a negative number: killed by that signal), within `timeout` s."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the app did not exit within {timeout:g} s; screen text: "
                                 f"{visible_text(self.output)[-1500:]!r}") from None

    def cpu_seconds(self) -> float:
        """CPU time the app used so far (user + system), from /proc."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def cpu_share(self, seconds: float) -> float:
        """The share of one core the app uses over the next `seconds` (it must keep running)."""
        cpu, started = self.cpu_seconds(), time.monotonic()
        try:
            code = self.process.wait(timeout=seconds)  # a measuring window, not a wait for the app
        except subprocess.TimeoutExpired:
            return (self.cpu_seconds() - cpu) / (time.monotonic() - started)
        raise AssertionError(f"the app exited with {code} while its CPU use was measured")

    def mode(self) -> list:
        """The terminal's mode now (termios attributes)."""
        return termios.tcgetattr(self.slave)

    def close(self) -> None:
        """Kill the app if it still runs; close the terminal."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self._stop_reading()
        for fd in (self.master, self.slave):
            if fd >= 0:
                os.close(fd)

    def _stop_reading(self) -> None:
        self._stopping = True
        self._reader.join(timeout=5)

    def __enter__(self) -> PtySession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def canonical_and_echoing(mode: list) -> bool:
    """A shell's mode: line editing (ICANON), echo (ECHO) and signals (ISIG) on."""
    lflag = mode[3]
    return all(lflag & flag for flag in (termios.ICANON, termios.ECHO, termios.ISIG))
