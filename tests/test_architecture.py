"""Layering contract (as harlequin does): the service and store layers never import textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_api_and_store_do_not_import_textual():
    code = (
        "import sys, explorer.api, explorer.api.client, explorer.presentation.safe_text, explorer.analysis.metrics\n"
        "import importlib.util\n"
        "if importlib.util.find_spec('explorer.store'): import explorer.store\n"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_no_textual_import_statement_in_service_modules():
    for folder in ("explorer/api", "explorer/store", "explorer/analysis"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text()
            assert "import textual" not in text and "from textual" not in text, path
