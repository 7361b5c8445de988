"""The commands as a user runs them: `proxy` (with its lookup worker) in front of the demo
gateway, the `openai` SDK as the client, then `history --json`; `capture --follow` on stdin and
on a file. Each process's own output lines are the events waited on (bounded)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import time

import openai
import pytest

from explorer.cli import main
from explorer.demo.app import create_demo_app
from explorer.demo.data import DEMO_CASES, UNKNOWN_ID_EXAMPLE
from explorer.settings import history_path
from tests.e2e.capture.conftest import CLIENT_KEY, stored_bytes
from tests.e2e.servers import serve

WAIT_SECONDS = 60.0  # generous: a loaded CI machine starts processes slowly
EVENT = re.compile(r"\d\d:\d\d:\d\d  (captured|loaded|failed)\s+gen-")


async def command(*args: str, stdin: int | None = None) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "explorer", *args, stdin=stdin,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def read_until(process: asyncio.subprocess.Process, pattern: str, seen: list[str]) -> re.Match[str]:
    """Read `process`'s stdout lines (kept in `seen`) until one matches `pattern`."""
    async def scan() -> re.Match[str]:
        while line := (await process.stdout.readline()).decode():
            seen.append(line)
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"{pattern!r} never printed; stderr: {(await process.stderr.read()).decode()}")
    try:
        return await asyncio.wait_for(scan(), WAIT_SECONDS)
    except TimeoutError:  # say what was printed instead, so a failure can be diagnosed
        raise AssertionError(f"{pattern!r} not printed within {WAIT_SECONDS:g} s; stdout so far: "
                             f"{''.join(seen)!r}") from None


async def interrupt(process: asyncio.subprocess.Process) -> int:
    process.send_signal(signal.SIGINT)
    return await asyncio.wait_for(process.wait(), WAIT_SECONDS)


def history_json(capsys, *args: str) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["history", "--json", *args]) == 0
    return {row["id"]: row for row in json.loads(capsys.readouterr().out)}


@pytest.fixture
def pending_gateway():
    """The demo gateway with a 1 s pending delay: the worker's first lookup is a pending 404."""
    with serve(create_demo_app(pending_seconds=1)) as server:
        yield server


async def test_proxy_command_then_history_lists_each_generation_with_cost_and_attempts(pending_gateway, capsys):
    proxy = await command("proxy", "--port", "0", "--upstream", pending_gateway.base_url)
    lines: list[str] = []
    try:
        base_url = (await read_until(proxy, r"Recording proxy on (http://\S+)", lines)).group(1)
        async with openai.AsyncOpenAI(base_url=base_url, api_key=CLIENT_KEY, max_retries=0) as client:
            reply = await client.chat.completions.create(
                model="anthropic/claude-haiku-4.5", messages=[{"role": "user", "content": "Hello!"}])
            stream = await client.chat.completions.create(
                model="openai/gpt-4o-mini", stream=True, messages=[{"role": "user", "content": "Stream!"}])
            streamed_id = [chunk.id async for chunk in stream][0]
        started = time.monotonic()
        waiting = {reply.id, streamed_id}
        while waiting:  # the two lookups may end in either order
            found = await read_until(proxy, rf"loaded\s+({'|'.join(waiting)})\s+\S+", lines)
            waiting.discard(found.group(1))
        assert time.monotonic() - started < 10  # "within a few seconds" of the completion
    finally:
        code = await interrupt(proxy)
    assert code in (0, 130)
    assert sum(bool(EVENT.match(line)) and line.split()[1] == "captured" for line in lines) == 2
    rows = history_json(capsys)
    for gen_id in (reply.id, streamed_id):
        assert rows[gen_id]["total_cost"] > 0 and rows[gen_id]["attempts"] >= 1
    assert rows[reply.id]["total_cost"] == reply.usage.cost
    assert CLIENT_KEY.encode() not in stored_bytes(history_path(False))


async def test_capture_follow_stdin_looks_up_every_id_in_any_text(monkeypatch, capsys):
    monkeypatch.setenv("MODELGATES_DEMO_PENDING_SECONDS", "0")
    young = f"gen-{int(time.time())}-FromTheLog1"
    log = (f"INFO request done id={young}\n"
           f'{{"level": "debug", "generation": "{DEMO_CASES["fallback-chain"]}", "again": "{young}"}}\n'
           f"WARN old one {UNKNOWN_ID_EXAMPLE}\nno ids here\n")
    capture = await command("capture", "--follow", "-", "--demo", stdin=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(capture.communicate(log.encode()), WAIT_SECONDS)
    assert capture.returncode == 0, err.decode()
    printed = out.decode().splitlines()
    assert all(EVENT.match(line) for line in printed)
    kinds = [line.split()[1] for line in printed]
    assert kinds.count("captured") == 3
    assert {line.split()[2] for line in printed if line.split()[1] == "loaded"} == {young, DEMO_CASES["fallback-chain"]}
    [failed] = [line for line in printed if line.split()[1] == "failed"]
    assert UNKNOWN_ID_EXAMPLE in failed and "Not found (404)" in failed
    rows = history_json(capsys, "--demo")
    assert rows[young]["total_cost"] is not None and rows[DEMO_CASES["fallback-chain"]]["attempts"] == 3


async def test_capture_follow_file_reads_lines_as_they_are_written(tmp_path, monkeypatch):
    monkeypatch.setenv("MODELGATES_DEMO_PENDING_SECONDS", "0")
    log = tmp_path / "app.log"
    first, second = (f"gen-{int(time.time())}-Line{n}" for n in (1, 2))
    log.write_text(f"{first}\n")
    capture = await command("capture", "--follow", str(log), "--from-start", "--demo")
    lines: list[str] = []
    try:
        await read_until(capture, rf"loaded\s+{first}", lines)
        with log.open("a") as file:
            file.write(f"later: {second}\n")
        await read_until(capture, rf"loaded\s+{second}", lines)
    finally:
        await interrupt(capture)
    assert any(f"(follow:{log})" in line for line in lines)


def test_capture_needs_a_key_without_demo(capsys):
    assert main(["capture", "--follow", os.devnull]) == 2
    assert "MODELGATES_API_KEY" in capsys.readouterr().err


async def test_proxy_demo_serves_its_own_gateway_and_stops_cleanly_on_sigterm(monkeypatch, capsys):
    monkeypatch.setenv("MODELGATES_DEMO_PENDING_SECONDS", "0")
    proxy = await command("proxy", "--demo", "--port", "0")
    lines: list[str] = []
    try:
        base_url = (await read_until(proxy, r"Recording proxy on (http://\S+)", lines)).group(1)
        async with openai.AsyncOpenAI(base_url=base_url, api_key="any-key", max_retries=0) as client:
            reply = await client.chat.completions.create(model="x/y", messages=[{"role": "user", "content": "Hi"}])
        await read_until(proxy, rf"loaded\s+{reply.id}", lines)
    finally:
        proxy.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proxy.wait(), WAIT_SECONDS)
    assert code == 0
    assert reply.id in history_json(capsys, "--demo")
