"""`cat ids.txt | modelgates-explorer --demo --ids-file -`: the IDs come from the pipe, the keys
from the terminal (`/dev/tty`); with no terminal at all, one clear line and exit 2."""

from __future__ import annotations

import subprocess
import sys
import time

from explorer.demo.data import DEMO_CASES
from tests.e2e.terminal_io.pty_session import REPO_ROOT, PtySession

IDS = [DEMO_CASES["fallback-chain"], DEMO_CASES["tool-chat-image"], DEMO_CASES["byok"]]
EXIT_SECONDS = 5.0
IDLE_WINDOW_SECONDS = 1.5  # how long the app's CPU use is measured once the batch is done
IDLE_CPU_SHARE = 0.2  # a spinning input loop uses ~1.0 of a core; an idle app about 0.0


def test_ids_from_a_pipe_and_keys_from_the_terminal():
    piped = ("\n".join(IDS) + "\n").encode()
    with PtySession(["--demo", "--ids-file", "-"], stdin=piped) as session:
        session.wait_for_text(f"{len(IDS)} / {len(IDS)} done")  # the batch view, finished
        share = session.cpu_share(IDLE_WINDOW_SECONDS)
        assert share < IDLE_CPU_SHARE, f"the idle app uses {share:.0%} of a core"
        sent = time.monotonic()
        session.type("q")
        assert session.wait_exit(EXIT_SECONDS) == 0
        assert time.monotonic() - sent < EXIT_SECONDS


def test_ids_from_a_pipe_without_any_terminal_is_one_clear_line():
    # A new session with no controlling terminal: /dev/tty cannot be opened.
    process = subprocess.run(
        [sys.executable, "-m", "explorer", "--demo", "--ids-file", "-"],
        input="\n".join(IDS).encode(), capture_output=True, cwd=REPO_ROOT,
        start_new_session=True, timeout=60,
    )
    err = process.stderr.decode()
    assert process.returncode == 2, err
    assert "no terminal to read the keyboard from" in err and "/dev/tty" in err
    assert "Traceback" not in err and "internal error" not in err
    assert len(err.strip().splitlines()) == 1
    assert process.stdout == b""  # nothing drawn: the screen was never taken
