"""`looks_like_markdown`: whether a completion reads as Markdown, so the viewer renders it as
Markdown only then and shows anything else (a shell script, a program, plain text) as it is.

Rendering a bash script as Markdown turns its `# comments` into headings, joins its lines and
drops its `\\` continuations. So a `# ` line is never enough on its own: it takes a fenced code
block, or another Markdown structure (a list, a link, bold or italic, inline code, a table, a
quote), in a text that does not read as a program.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^ {0,3}(```|~~~)")
HEADING = re.compile(r"^ {0,3}#{1,6} \S")
SIGNALS = {
    "list": re.compile(r"^ {0,3}([-*+]|\d{1,3}[.)]) +\S"),
    "link": re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    "bold": re.compile(r"(^|[\s(])(\*\*|__)[^\s*_][^*\n]*?[^\s*_\\]\2($|[\s.,;:!?)])"),
    "italic": re.compile(r"(^|[\s(])\*[^\s*][^*\n]*?[^\s*\\]\*($|[\s.,;:!?)])"),
    "inline code": re.compile(r"(^|[\s(])`[^`\n]+`($|[\s.,;:!?)])"),
    "table": re.compile(r"^ {0,3}\|?\s*:?-{3,}:?\s*\|"),
    "quote": re.compile(r"^ {0,3}> \S"),
}
# A line of a program: a shell builtin or a keyword of a common language at its start, or a
# statement ending (`;`, a brace, a line continuation) at its end.
CODE_LINE = re.compile(
    r"^\s*(if \[|then\b|fi\b|for \w+ in\b|do\b|done\b|elif\b|else\b|esac\b|case \S+ in\b|"
    r"while \S|function \w+|def \w+\(|class \w+[(:]|import \w|from \w+ import\b|return\b|"
    r"export \w+=|local \w+|set -\w|echo\b|printf\b|cd\b|mkdir\b|cp\b|mv\b|rm\b|tar\b|"
    r"rsync\b|sudo\b|apt(-get)?\b|pip\b|npm\b|curl\b|\w+=\S|\$\(|#include\b|const\b|let\b|var\b)"
    r"|[;{}\\]\s*$"
)
CODE_SHARE = 0.3  # of the non-blank, non-comment lines: more reads as a program
SCAN_CHARS = 100_000  # a longer text is judged by its start


def looks_like_markdown(text: str, scan_chars: int = SCAN_CHARS) -> bool:
    """True when `text` reads as Markdown (see the module's docstring); a script (a `#!`
    first line, a `\\` line continuation) or a text mostly of program lines is not. Judged
    by its first `scan_chars` characters."""
    lines = text[:scan_chars].splitlines()
    if not lines or lines[0].startswith("#!"):
        return False
    if any(FENCE.match(line) for line in lines):
        return True
    if any(line.rstrip().endswith("\\") and not line.rstrip().endswith("\\\\") for line in lines):
        return False  # a shell line continuation
    statements = [line for line in lines if line.strip() and not HEADING.match(line)
                  and not line.lstrip().startswith("#")]
    code = sum(1 for line in statements if CODE_LINE.search(line))
    if statements and code / len(statements) > CODE_SHARE:
        return False
    return any(pattern.search(line) for line in lines for pattern in SIGNALS.values())
