"""Style names shared by the views: each written once, in theme variables (so every theme works)."""

from __future__ import annotations

MUTED = "$foreground-muted"
"""Dimmed text (labels, the dash, asides). Not `$text-muted`: its "auto 60%" loses the 60% in
`Content` styles."""

SECTION_TITLE = "$accent bold"
"""A section title in a list of label/value rows (the metadata panel, compare)."""

STATUS_STYLES = {
    "ok": "$success",
    "rate-limited": "$warning",
    "server-error": "$error",
    "client-error": "$error",
    "unknown": MUTED,
}
"""The colour of a provider attempt's status, by `metrics.status_class`."""
