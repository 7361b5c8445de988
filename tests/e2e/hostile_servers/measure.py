"""Running `modelgates-explorer` in a child process with its memory and time capped, and
measuring what it used: peak RSS (the kernel's count for that one child), seconds, exit code
and output.

The child is started by this file run as a small script, not by the test process itself: a
child's peak RSS counts the pages of the process it was forked from, and a test process that
has run a few hundred tests is large. The caps are what make it safe to point a broken build
at a hostile server: the child can take at most `memory_cap_mb` of address space and live at
most `timeout` seconds.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

#: The tree whose `explorer` package the tests import (a worktree of an older commit, say).
SOURCE_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Run:
    """How one child process went."""

    code: int | None  # None: killed at the time cap
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_explorer(*args: str, env: dict[str, str], timeout: float = 30.0,
                 memory_cap_mb: int = 3072) -> Run:
    """`python -m explorer ARGS` with `env` added to this process's environment."""
    full_env = {**os.environ, **env, "PYTHONPATH": str(SOURCE_ROOT), "PYTHONIOENCODING": "utf-8"}
    with tempfile.TemporaryDirectory() as scratch:
        out, err = Path(scratch) / "stdout", Path(scratch) / "stderr"
        job = {"command": [sys.executable, "-m", "explorer", *args], "stdout": str(out),
               "stderr": str(err), "timeout": timeout, "memory_cap_mb": memory_cap_mb}
        done = subprocess.run([sys.executable, __file__, json.dumps(job)], env=full_env,
                              cwd=SOURCE_ROOT, capture_output=True, text=True, timeout=timeout + 30)
        figures = json.loads(done.stdout)
        return Run(code=figures["code"], stdout=out.read_text("utf-8", "replace"),
                   stderr=err.read_text("utf-8", "replace"), seconds=figures["seconds"],
                   peak_mb=figures["peak_kb"] / 1024)


def _measure(job: dict) -> dict:
    """Run `job["command"]` (this script's side): capped, timed, its peak RSS read on exit."""
    with open(job["stdout"], "wb") as out, open(job["stderr"], "wb") as err:
        started = time.monotonic()
        child = subprocess.Popen(job["command"], stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        cap = job["memory_cap_mb"] * 1024 * 1024
        try:
            resource.prlimit(child.pid, resource.RLIMIT_AS, (cap, cap))
        except ProcessLookupError:  # it has ended already
            pass
        killer = threading.Timer(job["timeout"], child.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            killer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    seconds = time.monotonic() - started
    killed = os.WIFSIGNALED(status) and seconds >= job["timeout"]
    return {"code": None if killed else child.returncode, "seconds": seconds,
            "peak_kb": usage.ru_maxrss}


if __name__ == "__main__":
    print(json.dumps(_measure(json.loads(sys.argv[1]))))
