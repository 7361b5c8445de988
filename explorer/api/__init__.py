"""The ModelGates Generations service: models, typed errors and the async client (no textual).

Re-exports load on first use, so importing the light `explorer.api.errors` or
`explorer.api.ids` does not pull in httpx and pydantic (they cost start-up time).
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

# `import httpx` also imports its command-line client (click, pygments, rich: ~40 ms at every
# start) for `httpx.main`, which nothing here calls. A None entry in sys.modules makes just that
# import fail, and httpx falls back to its stub `main` (its own path when click is missing).
sys.modules.setdefault("httpx._main", None)

_EXPORTS = {
    "DEFAULT_BASE_URL": "explorer.settings",
    "GenerationsClient": "explorer.api.client",
    "Lookup": "explorer.api.client",
    "RetryPolicy": "explorer.api.client",
    "ApiError": "explorer.api.errors",
    "Generation": "explorer.api.models",
    "GenerationContent": "explorer.api.models",
    "ProviderAttempt": "explorer.api.models",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'explorer.api' has no attribute {name!r}")
