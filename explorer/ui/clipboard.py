"""The texts the explorer copies, and copying them with pyperclip.

No textual import: `copy_with_pyperclip` only says whether the system clipboard took the text,
and the UI falls back to the terminal's own clipboard (OSC 52) when it did not (headless, SSH).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

CopyText = Callable[[str], bool]
"""Copies text somewhere; returns False when there is no clipboard to copy to."""


def copy_with_pyperclip(text: str) -> bool:
    """Copy `text` with pyperclip; False when pyperclip has no clipboard backend here."""
    try:
        import pyperclip
    except ImportError:  # pragma: no cover - pyperclip is a dependency
        return False
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        return False
    except Exception:  # a broken xclip/xsel/wl-copy must not crash the app
        return False
    return True


def curl_command(base_url: str, generation_id: str) -> str:
    """A curl command repeating the metadata lookup; the key stays in the environment."""
    url = f"{base_url.rstrip('/')}/generation?id={quote(generation_id, safe='')}"
    return f'curl -s -H "Authorization: Bearer $MODELGATES_API_KEY" "{url}"'


def metadata_json(raw_generation: dict[str, Any]) -> str:
    """The generation's metadata as the API sent it, pretty-printed.

    Lone surrogates (valid JSON, ``"\\ud800"``) stay escaped: every clipboard, OSC 52 included,
    needs text that encodes as UTF-8.
    """
    text = json.dumps(raw_generation, indent=2, ensure_ascii=False)
    if not text.isascii() and any("\ud800" <= char <= "\udfff" for char in text):
        return json.dumps(raw_generation, indent=2, ensure_ascii=True)
    return text
