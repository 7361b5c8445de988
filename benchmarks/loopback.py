"""Servers on 127.0.0.1 for the benchmarks, each in a child process (`wire_server.py`) that
stops by itself when the benchmark ends or dies, and the commands a user would type.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WIRE_SERVER = HERE / "wire_server.py"
#: The console script the user runs (installed with the package), else the same entry point.
CLI = [str(Path(sys.executable).with_name("modelgates-explorer"))] if Path(
    sys.executable).with_name("modelgates-explorer").exists() else [
    sys.executable, "-c", "import sys; from explorer.cli import main; sys.exit(main())"]


@contextmanager
def child_server(*, latency_ms: float = 0.0, demo: bool = False, content_mb: float = 0.0,
                 huge: bool = False, lifetime: float = 900.0) -> Iterator[str]:
    """A server in a child process (`wire_server.py`: the fake API, or with `demo` the demo
    API); yields its base URL (`http://127.0.0.1:P/api/v1`)."""
    command = [sys.executable, str(WIRE_SERVER), "--latency-ms", str(latency_ms),
               "--lifetime", str(lifetime), "--content-mb", str(content_mb)] + (
        ["--demo"] if demo else []) + (["--huge"] if huge else [])
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        line = child.stdout.readline().decode()
        if not line.startswith("PORT "):
            raise RuntimeError(f"the {'demo' if demo else 'wire'} server did not start")
        yield f"http://127.0.0.1:{int(line.split()[1])}/api/v1"
    finally:
        child.stdin.close()  # its signal to stop
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(5)


def bench_env(data_dir: str, **extra: str) -> dict[str, str]:
    """The environment of a command run by a benchmark: its own history directory, a key."""
    env = dict(os.environ, MODELGATES_EXPLORER_DATA_DIR=data_dir,
               MODELGATES_API_KEY="bench-key-0123456789", **extra)
    env.pop("MODELGATES_EXPLORER_CONFIG", None)
    # Bytecode is cached as in a user's checkout (the first run writes it): a shell or CI that
    # sets PYTHONDONTWRITEBYTECODE would otherwise make every run compile the explorer's modules
    # (~50 ms) while the SDK's installed ones come precompiled.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT)
    return env


#: Runs a command in a fresh process and reports its peak RSS: a child forked from the benchmark
#: itself would start from the benchmark's own high-water mark (Linux keeps it across exec).
_PEAK_RSS_LAUNCHER = """import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
os.write(2, b"\\nPEAK_RSS_KIB %d CPU_S %.3f\\n" % (usage.ru_maxrss, usage.ru_utime + usage.ru_stime))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def timed_run(command: Sequence[str], env: dict[str, str], *, timeout: float = 600.0,
              peak_rss: bool = False) -> Run:
    """Run `command` to its end. With `peak_rss` a small launcher process starts it (a few ms
    more of wall time) and reports its peak RSS and CPU time. A non-zero exit raises, with the
    end of its stderr."""
    if peak_rss:
        command = [sys.executable, "-S", "-c", _PEAK_RSS_LAUNCHER, *command]
    started = time.perf_counter()
    child = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, env=env,
                           cwd=ROOT, timeout=timeout)
    elapsed = time.perf_counter() - started
    err = child.stderr.decode(errors="replace")
    peak, cpu = 0, 0.0
    if peak_rss and "PEAK_RSS_KIB " in err:
        err, _, tail = err.rpartition("PEAK_RSS_KIB ")
        peak, cpu = int(tail.split()[0]), float(tail.split()[2])
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command[-6:])} exited {child.returncode}: {err[-1500:]}")
    return Run(elapsed, child.stdout, err, peak, cpu)


@dataclass
class Run:
    """One command's run: wall seconds, its output, peak RSS (KiB) and CPU seconds (0 unless
    measured)."""

    seconds: float
    stdout: bytes
    stderr: str
    peak_rss_kib: int = 0
    cpu_seconds: float = 0.0
