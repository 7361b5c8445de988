"""Real storage faults for the history: another process holding its write lock, a small disk
that fills up, a data directory that turns read-only.

A small disk and a read-only directory are the real thing when this process may mount (a 1.5 MB
tmpfs, remounted read-only): as root, file modes do not stop writes. Otherwise they fall back to
what an ordinary user can do: `PRAGMA max_page_count` on the store's connection (SQLite's own
"database or disk is full") and a directory without write permission.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from explorer.store.database import connect_read_only
from tests.e2e.batch.lookup_server import LookupServer, json_response

SMALL_DISK = "1500k"
LOCK_HOLDER = Path(__file__).with_name("lock_holder.py")


class LockHolder:
    """Another process holding `BEGIN IMMEDIATE` on the history until `release()` is called,
    or for at most `seconds`."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(LOCK_HOLDER), str(path), str(seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline() == "locked\n"  # it holds the lock from here on

    def release(self) -> None:
        """Make it commit, and wait until it has."""
        self.process.stdin.write("release\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline() == "released\n"

    def wait(self) -> None:
        """Wait for it to end (by itself, after its seconds, or after `release`)."""
        self.process.communicate(timeout=60)
        assert self.process.returncode == 0


@dataclass
class HeldLateServer(LookupServer):
    """A lookup server whose answers for the IDs in `late` wait until `released` is set."""

    late: frozenset[str] = frozenset()
    released: asyncio.Event = field(default_factory=asyncio.Event)

    async def _serve(self, request):
        if request.query_params["id"] in self.late:
            await self.released.wait()
        return await super()._serve(request)


class BulkyServer(LookupServer):
    """A lookup server whose every content is ~4 KB of text (a small disk fills in ~100 rows)."""

    @staticmethod
    def _default(path: str, generation_id: str):
        if path != "content":
            return LookupServer._default(path, generation_id)
        text = " ".join(f"{generation_id} word {n}" for n in range(200))
        return json_response({"data": {"input": {"messages": [{"role": "user", "content": text}]},
                                       "output": {"completion": text}}})


def try_mount(directory: Path, options: str) -> bool:
    """Mount a tmpfs at `directory` (True), or leave it a plain directory (False: not allowed)."""
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(directory)],
                          capture_output=True)
    return done.returncode == 0


def unmount(directory: Path) -> None:
    subprocess.run(["umount", "-l", str(directory)], capture_output=True)


def make_read_only(directory: Path, mounted: bool) -> str:
    """Make `directory` read-only; returns the reason the history should give."""
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(directory)], check=True)
        return "read-only file system"
    directory.chmod(0o500)
    return "the directory is read-only"


def stored_ids(path: Path) -> set[str]:
    """The IDs in the history file, read by a connection of its own (nothing cached)."""
    conn, _, _ = connect_read_only(path)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM generations")}
    finally:
        conn.close()
