"""Writing one lookup to a file (the TUI's export key): file names, formats, overwrite policy.

No Textual import. The report itself comes from `explorer.export.formats` (server data only, so an
export can never hold the API key).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from explorer.api.client import Lookup

ExportFormat = Literal["markdown", "json"]
EXTENSIONS: dict[ExportFormat, str] = {"markdown": ".md", "json": ".json"}
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def default_export_path(generation_id: str, export_format: ExportFormat = "markdown") -> str:
    """`./<id>.md`: the ID with anything unsafe in a file name replaced by `_`."""
    name = _UNSAFE_IN_NAME.sub("_", generation_id).strip("._") or "generation"
    return f"./{name[:150]}{EXTENSIONS[export_format]}"


def format_for_path(path: str) -> ExportFormat:
    """JSON for a `.json` file, Markdown for anything else."""
    return "json" if path.strip().lower().endswith(".json") else "markdown"


def with_format(path: str, export_format: ExportFormat) -> str:
    """`path` with its extension switched to `export_format`'s (added when it has none)."""
    stripped = path.strip()
    root, extension = os.path.splitext(stripped)
    if extension.lower() in EXTENSIONS.values():
        stripped = root
    return stripped + EXTENSIONS[export_format]


def resolve_path(path: str) -> Path:
    """The file `path` names: `~` expanded, relative to the current directory."""
    return Path(os.path.expanduser(path.strip()))


def absolute_path(path: str | Path) -> Path:
    """`path` (`~` expanded) as an absolute path: what errors and confirmations show, so
    `./x.md` never leaves the reader guessing which directory `.` was."""
    expanded = os.path.expanduser(str(path).strip())
    try:
        return Path(os.path.abspath(expanded))
    except OSError:  # the current directory was deleted: there is no absolute form
        return Path(expanded)


PRIVATE_FILE_MODE = 0o600
"""Exports and screenshots hold what the history holds (prompts, completions): readable by
their owner only, as the history database is."""


def write_private_file(target: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write `data` to `target`, created with `PRIVATE_FILE_MODE` (never readable by others,
    not even for a moment: the mode is given at creation, not set after). An existing file is
    replaced only if `overwrite` (and keeps its own mode); otherwise `FileExistsError`."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    descriptor = os.open(target, flags | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def render_export(lookup: Lookup, export_format: ExportFormat) -> str:
    """The report text: Markdown, or JSON with both raw responses."""
    from explorer.export.formats import lookup_as_json, lookup_as_markdown

    text = lookup_as_json(lookup) if export_format == "json" else lookup_as_markdown(lookup)
    return text if text.endswith("\n") else text + "\n"


def write_export(lookup: Lookup, path: str, *, overwrite: bool = False) -> tuple[Path, int]:
    """Write the report of `lookup` to `path` (format by extension, file mode 0600); return
    (absolute path, bytes).

    Refuses to replace an existing file unless `overwrite` (raises `FileExistsError`, also when
    the file appeared since the caller checked). Other failures raise `OSError`.
    """
    if not path.strip():
        raise OSError("no file name given")
    target = absolute_path(path)
    data = render_export(lookup, format_for_path(path)).encode("utf-8")
    write_private_file(target, data, overwrite=overwrite)
    return target, len(data)
