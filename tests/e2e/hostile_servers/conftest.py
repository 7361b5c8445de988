"""Fixtures of the hostile-server fault suite: a server per behaviour, and `show` run against it
in a child process whose memory and time are measured (and capped)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime, timezone

import pytest

from tests.e2e.hostile_servers.behaviours import GENERATION_ID
from tests.e2e.hostile_servers.measure import Run, run_explorer
from tests.e2e.hostile_servers.server import Behaviour, HostileServer

SENTINEL = "sk-mg-v1-HOSTILE-SENTINEL-4b1d8e6a9c2f70d3"
LIMIT_MB = 8  # MODELGATES_MAX_RESPONSE_MB in the child: small, so each case runs in a second
NOW = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
PEAK_MB = 200  # what a bounded `show` may use at most (it needs about 60 MB on a good answer)


@pytest.fixture
def hostile() -> Iterator[Callable[..., HostileServer]]:
    """`hostile(behaviour, **bounds)`: a started server, stopped after the test."""
    started: list[HostileServer] = []

    def start(behaviour: Behaviour, **bounds) -> HostileServer:
        server = HostileServer(behaviour, **bounds).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


def tui_app(client, *, store=None, copy_text: Callable[[str], bool] | None = None):
    """The real app on `client` (over TCP), calm, on a fixed clock, notifications recorded."""
    from explorer.services import Services
    from explorer.ui.app import create_app
    from tests.support.screen import record_notify

    return record_notify(create_app(Services(client, store=store), animations=False,
                                    copy_text=copy_text or (lambda _text: True), now=lambda: NOW))


def show(server: HostileServer, *args: str, timeout: float = 30.0, **env: str) -> Run:
    """`modelgates-explorer show GENERATION_ID ARGS` against `server`, one try, the size limit
    at `LIMIT_MB`; `env` adds or overrides variables."""
    run = run_explorer(
        "show", GENERATION_ID, *args, timeout=timeout,
        env={"MODELGATES_API_KEY": SENTINEL, "MODELGATES_BASE_URL": server.base_url,
             "MODELGATES_RETRIES": "1", "MODELGATES_TIMEOUT": "10",
             "MODELGATES_MAX_RESPONSE_MB": str(LIMIT_MB), **env})
    record_figures(run)
    return run


def record_figures(run: Run) -> None:
    """With HOSTILE_FIGURES=path, append this run's figures there as a JSON line (how the
    before/after table in the issue's closing note is made)."""
    if path := os.environ.get("HOSTILE_FIGURES"):
        line = (run.stderr.strip().splitlines() or [""])[-1][:300]
        with open(path, "a", encoding="utf-8") as file:
            file.write(json.dumps({"test": os.environ.get("PYTEST_CURRENT_TEST", ""),
                                   "code": run.code, "seconds": round(run.seconds, 2),
                                   "peak_mb": round(run.peak_mb), "stderr": line}) + "\n")


def one_clear_line(run: Run) -> str:
    """The single line `show` wrote on stderr (no traceback, nothing on stdout)."""
    lines = run.stderr.strip().splitlines()
    assert "Traceback" not in run.output and "internal error" not in run.output, run.output[-2000:]
    assert len(lines) == 1 and run.stdout == "", run.output[-2000:]
    return lines[0]
