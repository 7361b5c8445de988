"""Human formatting of values: null is "—" everywhere, never "None"."""

from __future__ import annotations

from datetime import datetime

from explorer.api.values import parse_timestamp  # noqa: F401  (the one parser, re-exported)

DASH = "—"


def usd(value: float | None) -> str:
    """Dollars with enough precision for sub-cent values: $0.00003452, $0.0123, $1.25."""
    if value is None:
        return DASH
    if value == 0:
        return "$0"
    magnitude = abs(value)
    if magnitude >= 1:
        return f"${value:,.2f}"
    if magnitude >= 0.01:
        return f"${value:.4f}".rstrip("0").rstrip(".")
    return f"${value:.8f}".rstrip("0").rstrip(".")


def count(value: int | float | None) -> str:
    """An integer with thousands separators."""
    return DASH if value is None else f"{int(value):,}"


def millis(value: float | None) -> str:
    """Milliseconds as `850 ms` or `2.94 s`."""
    if value is None:
        return DASH
    if abs(value) < 1000:
        return f"{value:,.0f} ms"
    return f"{value / 1000:,.2f} s"


def rate(value: float | None, unit: str = "tok/s") -> str:
    return DASH if value is None else f"{value:,.1f} {unit}"


RATIO_WIDTH = 7
"""The most cells `ratio_text` takes: a column this wide never cuts a ratio."""


def ratio_text(ratio: float | None) -> str:
    """A ratio such as B / A in at most `RATIO_WIDTH` cells: `2.50×`, `0.61×`, `0.0038×`,
    `12.5×`, `4,310×`, `233k×`, `<0.001×`; the dash when there is none."""
    if ratio is None:
        return DASH
    if ratio < 0.001:
        return "<0.001×"
    if ratio < 0.1:
        return f"{ratio:.2g}×"
    if ratio < 10:
        return f"{ratio:.2f}×"
    if ratio < 100:
        return f"{ratio:.1f}×"
    if ratio < 10_000:
        return f"{ratio:,.0f}×"
    for size, suffix in ((1e6, "k"), (1e9, "M")):
        if ratio < size:
            return f"{ratio / size * 1000:.0f}{suffix}×"
    return ">999M×"


def flag(value: bool | None) -> str:
    return DASH if value is None else ("yes" if value else "no")


def text(value: object) -> str:
    """Any value as text, null as the dash."""
    return DASH if value is None or value == "" else str(value)


def relative(then: datetime | None, now: datetime) -> str:
    """`3 min ago`, `2 days ago`, `in 5 s` (clock skew)."""
    if then is None:
        return DASH
    seconds = (now - then).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    for size, unit in ((86400 * 365, "year"), (86400 * 30, "month"), (86400, "day"),
                       (3600, "h"), (60, "min"), (1, "s")):
        if seconds >= size or unit == "s":
            amount = int(seconds // size)
            label = unit if unit in ("h", "min", "s") else unit + ("s" if amount != 1 else "")
            return f"in {amount} {label}" if future else f"{amount} {label} ago"
    return DASH  # pragma: no cover


def local_time(then: datetime | None) -> str:
    """Local wall-clock time, `2026-02-24 22:19:33`."""
    return DASH if then is None else then.astimezone().strftime("%Y-%m-%d %H:%M:%S")
