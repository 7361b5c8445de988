"""The fixtures the tests read: real API bodies and the (older) spec, copied into the repository
from `shared/fixtures/` and `shared/spec/` (see `tests/fixtures/README.md`). No test reads
outside the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
SPEC_PATH = FIXTURES_DIR / "modelgates-generations.openapi.yaml"


def fixture_body(name: str) -> Any:
    """The JSON body stored as `tests/fixtures/<name>`."""
    return json.loads((FIXTURES_DIR / name).read_text())
