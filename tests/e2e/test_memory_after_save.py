"""Saving a big generation to the history leaves nothing of it in the app's memory: SQLite's
statements keep no copy of the bound JSON, the page cache is given back, and freed blocks go
back to the system. Measured in a fresh process (its resident memory), glibc systems only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from explorer import services

SAVE_AND_MEASURE = r"""
import gc, json, sys, tempfile
from pathlib import Path
from explorer.services import give_back_freed_memory, tune_allocator
from explorer.store import HistoryStore

def resident_mib():
    import os
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

tune_allocator()
messages = [{"role": "user", "content": f"message {i}: " + "lorem ipsum " * 30} for i in range(3000)]
completion = "\n".join(f"line {i} " + "lorem ipsum " * 4 for i in range(200_000))
generation = {"id": "gen-1795012327-BigSave", "model": "m", "provider_name": "p"}
content = {"input": {"messages": messages}, "output": {"completion": completion}}
with tempfile.TemporaryDirectory() as folder:
    store = HistoryStore.open(Path(folder) / "history.sqlite3")
    gc.collect()
    give_back_freed_memory()
    before = resident_mib()
    assert store.save(generation, content) is None
    gc.collect()
    give_back_freed_memory()
    after = resident_mib()
    assert store.get(generation["id"]).content["output"]["completion"] == completion
    store.close()
print(json.dumps({"before": before, "after": after, "mb": (len(completion) + 3000 * 372) / 1e6}))
"""


def test_a_saved_big_generation_leaves_no_copy_in_memory():
    if services._glibc() is None:
        pytest.skip("the figures are glibc's: nothing to give back elsewhere")
    run = subprocess.run([sys.executable, "-c", SAVE_AND_MEASURE], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["mb"] > 12
    # Before: +60 MiB (the statements' bound copies, a full 32 MiB page cache, heap holes).
    assert figures["after"] - figures["before"] < 8, figures
