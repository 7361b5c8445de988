"""The terminal the TUI runs on: where the keys come from, and leaving it as it was found.

- `keyboard_from_terminal`: when standard input is not a terminal (the IDs came through a pipe,
  `--ids-file -`), the keys are read from the controlling terminal, `/dev/tty`, instead: Textual
  reads fd 0, and a pipe at its end would leave the app deaf to the keyboard and spinning.
- `ExitOnSignals`: SIGTERM and SIGHUP end the app the way `q` does (raw mode off, the alternate
  screen left) with the shell's exit code for the signal, 128 + N. Should the app fail to exit
  within a few seconds (its loop busy), the terminal is put back here and the process ends.

No textual import: the CLI calls this before the app exists.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

from explorer.settings import APP_NAME

try:
    import termios
except ImportError:  # Windows: no POSIX terminal modes, and no SIGHUP
    termios = None  # type: ignore[assignment]

#: The signals that end the app cleanly: `kill`, and the terminal closing.
EXIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
#: How long the app gets to exit by itself after a signal before the terminal is put back here.
FORCED_EXIT_SECONDS = 3.0
#: What Textual writes when it leaves application mode: mouse reporting, bracketed paste and
#: focus events off, the Kitty keyboard mode popped, the alternate screen left, the cursor shown.
LEAVE_APPLICATION_MODE = ("\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?1004l"
                          "\x1b[?7h\x1b[<u\x1b[?1049l\x1b[?25h")


class NoTerminalError(Exception):
    """The TUI needs a keyboard, and neither standard input nor `/dev/tty` is a terminal."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"no terminal to read the keyboard from: standard input is not one and "
                         f"{reason}. The explorer is interactive; for scripts use "
                         f"`{APP_NAME} batch` or `{APP_NAME} show`.")


def keyboard_from_terminal() -> bool:
    """Make fd 0 the controlling terminal if standard input is something else (a pipe, a file).

    Returns True when it did. Raises `NoTerminalError` (saying why) when there is no terminal.
    POSIX only: on Windows Textual reads the console itself, whatever standard input is.
    """
    if os.name != "posix":
        return False
    try:
        if os.isatty(0):
            return False
    except OSError:  # fd 0 closed
        pass
    try:
        terminal = os.open("/dev/tty", os.O_RDWR | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise NoTerminalError(f"/dev/tty: {error.strerror or error}") from None
    try:
        if not os.isatty(terminal):
            raise NoTerminalError("/dev/tty is not a terminal")
        os.dup2(terminal, 0)
    finally:
        os.close(terminal)
    return True


class ExitOnSignals:
    """For the `with` block: SIGTERM and SIGHUP call `exit_app(128 + signum)` on the running
    event loop (Textual's `App.exit` then restores the terminal); the previous handlers are put
    back after the block. `exit_code` is the code of the signal received, if any."""

    def __init__(self, exit_app: Callable[[int], Any], *,
                 forced_exit_seconds: float = FORCED_EXIT_SECONDS) -> None:
        self._exit_app = exit_app
        self._forced_exit_seconds = forced_exit_seconds
        self._previous: dict[int, Any] = {}
        self._mode_before: list[Any] | None = None
        self._watchdog: threading.Timer | None = None
        self.exit_code: int | None = None
        """128 + the signal's number once one arrived (None: none did)."""

    def __enter__(self) -> ExitOnSignals:
        if termios is not None and os.isatty(0):
            try:
                self._mode_before = termios.tcgetattr(0)
            except termios.error:
                self._mode_before = None
        if threading.current_thread() is threading.main_thread():  # signals go to the main thread
            self._previous = {sig: signal.signal(sig, self._signal_received) for sig in EXIT_SIGNALS}
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        if self._watchdog is not None:
            self._watchdog.cancel()

    def _signal_received(self, signum: int, frame: FrameType | None) -> None:
        code = 128 + signum
        first = self.exit_code is None
        self.exit_code = code
        try:
            loop = asyncio.get_running_loop()  # the handler runs on the main thread, the app's
            loop.call_soon_threadsafe(self._exit_app, code)
        except RuntimeError:  # no loop yet, or any more: the terminal is not the app's
            raise SystemExit(code) from None
        if first:
            self._watchdog = threading.Timer(self._forced_exit_seconds, self._force_exit, (code,))
            self._watchdog.daemon = True
            self._watchdog.start()

    def _force_exit(self, code: int) -> None:
        """The app did not exit in time: put the terminal back and end the process."""
        self.restore_terminal()
        os._exit(code)

    def restore_terminal(self) -> None:
        """Leave application mode and put back the terminal's mode from before the app."""
        try:
            if os.isatty(sys.__stdout__.fileno()):
                os.write(sys.__stdout__.fileno(), LEAVE_APPLICATION_MODE.encode())
        except (OSError, ValueError, AttributeError):  # the terminal is gone (SIGHUP): fine
            pass
        if termios is not None and self._mode_before is not None:
            try:
                termios.tcsetattr(0, termios.TCSANOW, self._mode_before)
            except (termios.error, OSError):
                pass
