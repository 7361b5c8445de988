"""SIGTERM, SIGHUP and a closed terminal end the TUI with the terminal as the shell left it:
raw mode off (line editing and echo back on), the alternate screen left, exit code 128 + N."""

from __future__ import annotations

import signal
import time

import pytest

from tests.e2e.terminal_io.pty_session import (
    ALT_SCREEN_OFF,
    ALT_SCREEN_ON,
    PtySession,
    canonical_and_echoing,
)

EXIT_SECONDS = 5.0  # the app exits as on `q`: well under a second; generous for a busy machine
WELCOME = "Look up a generation"  # on screen once the app has mounted


def start_app() -> PtySession:
    session = PtySession(["--demo"])
    assert canonical_and_echoing(session.mode_before)
    session.wait_for_text(WELCOME)
    assert ALT_SCREEN_ON in session.output
    assert not canonical_and_echoing(session.mode()), "the app runs the terminal in raw mode"
    return session


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_the_app_and_gives_the_terminal_back(signum):
    with start_app() as session:
        entered = session.output.rindex(ALT_SCREEN_ON)
        sent = time.monotonic()
        session.send_signal(signum)
        code = session.wait_exit(EXIT_SECONDS)
        seconds = time.monotonic() - sent
        assert code == 128 + signum, f"exit code {code}"
        assert seconds < EXIT_SECONDS
        output = session.wait_for(lambda out: ALT_SCREEN_OFF in out[entered:], 2.0,
                                  "the alternate screen left")
        assert output.rindex(ALT_SCREEN_OFF) > entered
        assert canonical_and_echoing(session.mode()), "raw mode still on after the app ended"
        assert session.mode()[3] == session.mode_before[3]  # every local mode flag as before


def test_closing_the_terminal_ends_the_app():
    """The terminal window closed: the kernel hangs up (SIGHUP); the app must not linger."""
    with start_app() as session:
        session.hang_up()
        assert session.wait_exit(EXIT_SECONDS) == 128 + signal.SIGHUP


# A loop that never gets to exit (busy for good): after the signal, the terminal is put back
# and the process ends anyway, a little after the forced-exit delay.
_BUSY_APP = """
import asyncio, sys, termios, time
from explorer.ui.terminal import ExitOnSignals

async def busy():
    raw = termios.tcgetattr(0)
    raw[3] &= ~(termios.ICANON | termios.ECHO)
    termios.tcsetattr(0, termios.TCSANOW, raw)
    sys.stdout.write("\\x1b[?1049hbusy and raw\\n")
    sys.stdout.flush()
    while True:
        time.sleep(0.05)  # the loop never comes back to run the exit

with ExitOnSignals(lambda code: sys.exit(code), forced_exit_seconds=0.5):
    asyncio.run(busy())
"""


def test_a_busy_app_still_gives_the_terminal_back():
    with PtySession(python=_BUSY_APP) as session:
        session.wait_for_text("busy and raw")
        assert not canonical_and_echoing(session.mode())
        entered = session.output.rindex(ALT_SCREEN_ON)
        sent = time.monotonic()
        session.send_signal(signal.SIGTERM)
        assert session.wait_exit(EXIT_SECONDS) == 128 + signal.SIGTERM
        assert time.monotonic() - sent < EXIT_SECONDS
        session.wait_for(lambda out: ALT_SCREEN_OFF in out[entered:], 2.0, "the alternate screen left")
        assert canonical_and_echoing(session.mode())
        assert session.mode()[3] == session.mode_before[3]
