"""Pure comparison of two generations' numbers and texts: B / A ratios and line diffs.

The labelled rows the compare screen shows (metadata, attempts) are built from these in
`presentation.comparison`. Ratios are always b / a ("B costs 2.5× A") and exist only when
both sides are non-zero numbers.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any, Literal

MAX_DIFF_LINES = 20_000

DiffKind = Literal["same", "added", "removed", "hunk"]


def ratio(a: Any, b: Any) -> float | None:
    """b / a when both are finite non-zero numbers, else None."""
    if not (_is_number(a) and _is_number(b)) or a == 0 or b == 0:
        return None
    return b / a


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


@dataclass(frozen=True)
class DiffLine:
    """One line of a unified diff, without its `+`/`-`/` ` prefix; `hunk` lines are headers."""

    kind: DiffKind
    text: str


_PREFIX_KIND: dict[str, DiffKind] = {" ": "same", "+": "added", "-": "removed", "@": "hunk"}


def diff_text(a: str, b: str, *, context: int = 3,
              max_lines: int = MAX_DIFF_LINES) -> list[DiffLine]:
    """Line diff of A → B (difflib unified diff); empty when the texts are equal.

    Bounded for huge inputs: when either side has more than `max_lines` lines, only the first
    `max_lines` lines of each are compared and a final `hunk` line says so.
    """
    a_lines, b_lines = (a or "").splitlines(), (b or "").splitlines()
    truncated = len(a_lines) > max_lines or len(b_lines) > max_lines
    diff = difflib.unified_diff(a_lines[:max_lines], b_lines[:max_lines],
                                lineterm="", n=max(0, context))
    lines = []
    for index, raw in enumerate(diff):
        if index < 2:
            continue  # the `---`/`+++` file headers; a removed "-- x" line looks alike later
        kind = _PREFIX_KIND.get(raw[:1], "same")
        lines.append(DiffLine(kind, raw if kind == "hunk" else raw[1:]))
    if truncated:
        lines.append(DiffLine("hunk", (
            f"@@ diff limited to the first {max_lines:,} lines "
            f"(A has {len(a_lines):,} lines, B has {len(b_lines):,}) @@"
        )))
    return lines
