"""What a command-line lookup loads before its first request: no HTTP library it does not use,
no scan of every installed package for pydantic plugins (each run in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys


def run_python(script: str) -> str:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, env={"PATH": "", "PYTHONPATH": "."}).stdout.strip()


def test_a_quick_client_loads_no_httpx_httpcore_anyio_or_aiohttp():
    # `show` connects directly over `http1`; httpx loads only if a request fails.
    loaded = run_python(
        "import sys\nfrom explorer.api.client import GenerationsClient\n"
        "GenerationsClient('http://127.0.0.1:9/api/v1', 'key', few_requests=True)\n"
        "print(sorted({m.split('.')[0] for m, module in sys.modules.items() if module} & "
        "{'httpx', 'httpcore', 'h11', 'anyio', 'aiohttp'}))")
    assert loaded == "[]"


def test_the_models_are_built_without_looking_for_pydantic_plugins():
    scans = run_python(
        "import importlib.metadata as metadata, os\ncalls = []\nfind = metadata.entry_points\n"
        "metadata.entry_points = lambda **kw: calls.append(kw) or find(**kw)\n"
        "from explorer.api.models import GenerationEnvelope\n"
        "GenerationEnvelope.model_validate({'data': {'id': 'gen-1'}})\n"
        "print(len(calls), os.environ.get('PYDANTIC_DISABLE_PLUGINS'))")
    assert scans == "0 None"  # no scan, and pydantic's switch put back as it was
