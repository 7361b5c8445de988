"""What `modelgates-explorer show` prints: one lookup as text, JSON or Markdown, and the
countdown on stderr while a young generation's stats are not ready yet.

Light to import: the presentation and export modules load when a lookup is rendered.
"""

from __future__ import annotations

import sys
from typing import Any

from explorer.settings import APP_NAME


async def count_down(error: Any, delay: float, window_left: float) -> None:
    """Sleep `delay` seconds, showing the seconds left on stderr if it is a terminal."""
    import asyncio
    import math

    from explorer.presentation.safe_text import one_line

    terminal = sys.stderr.isatty()
    remaining = delay
    while remaining > 0:
        if terminal:
            line = (f"{APP_NAME}: {error.title}: {error.message} — retrying in {math.ceil(remaining)} s "
                    f"({math.ceil(window_left)} s of the pending window left; --no-wait to stop)")
            sys.stderr.write("\r\x1b[K" + one_line(line, 300))
            sys.stderr.flush()
        step = min(1.0, remaining)
        await asyncio.sleep(step)
        remaining -= step
        window_left -= step
    if terminal:
        sys.stderr.write("\r\x1b[K")  # the countdown line goes; the answer or the error follows
        sys.stderr.flush()


def render_lookup(lookup: Any, *, as_json: bool, as_markdown: bool) -> str:
    """The lookup as `show` prints it: JSON (ASCII only on a terminal), Markdown, or text."""
    from explorer.export import formats as export
    from explorer.presentation.attempt_table import attempts_as_text
    from explorer.presentation.metadata_sections import metadata_sections, sections_as_text

    if as_json:
        return export.lookup_as_json(lookup, ascii_only=sys.stdout.isatty())
    if as_markdown:
        return export.lookup_as_markdown(lookup)
    text = sections_as_text(metadata_sections(lookup.generation))
    text += "\n\n" + attempts_as_text(lookup.generation)  # each attempt, its routed tier too
    if lookup.content_error is not None:
        err = lookup.content_error
        return text + f"\n\nContent: {err.one_line()} — {err.hint}"
    # The content and the failure it records (`data.error`, with the earlier attempts' errors).
    return text + "\n\n" + ("Content: —" if lookup.content is None
                            else export.content_markdown(lookup.content))
