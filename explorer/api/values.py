"""How values of the API's fields are read, once for every layer: an attempt's HTTP status (and
the rule for whether it succeeded) and ISO 8601 timestamps such as `created_at`.

Standard library only, so the views can use it at start-up without loading pydantic.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone


def status_code(status: object) -> int | None:
    """An HTTP status as an int, None when missing or not a finite number."""
    if isinstance(status, bool) or not isinstance(status, int | float):
        return None
    if isinstance(status, float) and not math.isfinite(status):
        return None
    return int(status)


def is_success(status: object) -> bool:
    """The success rule for a provider attempt: a 2xx status. Anything else, a missing status
    included, is a failure (a provider that answered nothing usable did fail us)."""
    code = status_code(status)
    return code is not None and 200 <= code < 300


def parse_timestamp(value: object) -> datetime | None:
    """An ISO 8601 timestamp (`Z`, `z` or an offset; a naive time is UTC), or None when absent,
    not text or unreadable. The views show it and the history sorts by it."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
