"""The texts the explorer copies, and copying them to the system clipboard.

No textual import: `copy_with_pyperclip` only says whether the system clipboard took the text,
and the UI falls back to the terminal's own clipboard (OSC 52) when it did not (headless, SSH).

The clipboard programs pyperclip would start (pbcopy, clip.exe, wl-copy, xclip, xsel, qdbus) are
started here instead, with `child_environment()`: a child process never inherits the API key.
pyperclip is left only the backends that start no process (Windows, Qt, macOS's pyobjc).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from explorer.settings import child_environment

CopyText = Callable[[str], bool]
"""Copies text somewhere; returns False when there is no clipboard to copy to."""

COPY_TIMEOUT = 5.0  # seconds: a clipboard program that hangs must not hang the app


def clipboard_command(environ: Mapping[str, str] | None = None,
                      which: Callable[[str], str | None] = shutil.which) -> tuple[list[str], str] | None:
    """The program that copies on this system and the encoding it reads, picked as pyperclip
    picks it; None where pyperclip would start no process (or there is no clipboard)."""
    environ = os.environ if environ is None else environ
    if sys.platform == "darwin" and which("pbcopy"):
        return ["pbcopy"], "utf-8"
    if not sys.platform.startswith("linux"):
        return None
    if _is_wsl() and which("clip.exe"):
        return ["clip.exe"], "utf-16-le"
    if environ.get("WAYLAND_DISPLAY") and which("wl-copy"):
        return ["wl-copy"], "utf-8"
    if environ.get("DISPLAY"):
        if which("xclip"):
            return ["xclip", "-selection", "c"], "utf-8"
        if which("xsel"):
            return ["xsel", "-b", "-i"], "utf-8"
        if which("klipper") and which("qdbus"):
            return ["qdbus", "org.kde.klipper", "/klipper", "setClipboardContents"], "argv"
    return None


def _is_wsl() -> bool:
    try:
        with open("/proc/version", encoding="utf-8", errors="replace") as version:
            return "microsoft" in version.read().lower()
    except OSError:
        return False


def copy_with_pyperclip(text: str) -> bool:
    """Copy `text` to the system clipboard; False when there is none here (or it failed)."""
    found = clipboard_command()
    if found is not None:
        return _run_copy(*found, text)
    try:
        import pyperclip
    except ImportError:  # pragma: no cover - pyperclip is a dependency
        return False
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        return False
    except Exception:  # a broken backend must not crash the app
        return False
    return True


def _run_copy(command: list[str], encoding: str, text: str) -> bool:
    """Run a clipboard program with `text` on its stdin (or as its last argument)."""
    try:
        if encoding == "argv":
            command, data = [*command, text], None
        else:
            data = text.encode(encoding, "replace" if encoding == "utf-8" else "surrogatepass")
        # Output to /dev/null, not a pipe: xclip and wl-copy stay behind serving the selection,
        # and a pipe they hold would keep run() waiting.
        subprocess.run(command, input=data, env=child_environment(), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=COPY_TIMEOUT, check=True, close_fds=True)
    except (OSError, subprocess.SubprocessError, UnicodeEncodeError, ValueError):
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
