"""The demo ModelGates API and its data set, so the explorer can be tried without an account.

- :mod:`explorer.demo.data` — the demo records (``load_demo_records``, ``demo_ids``, special IDs);
- :mod:`explorer.demo.app` — ``create_demo_app``, a Starlette app serving ``/api/v1/generation``
  and ``/api/v1/generation/content``;
- :mod:`explorer.demo.faults` — ``fault-<kind>`` IDs that misbehave on purpose (``FAULT_IDS``);
- :mod:`explorer.demo.server` — ``serve_demo`` (foreground) and ``start_demo_server`` (tests).

Only the data module is imported here, so reading the data set does not import the web stack.
"""

from explorer.demo.data import (
    DEMO_CASES,
    PENDING_ID_PREFIX,
    RATE_LIMITED_ID,
    UNKNOWN_ID_EXAMPLE,
    DemoRecord,
    demo_ids,
    fresh_pending_id,
    load_demo_records,
)

__all__ = [
    "DEMO_CASES",
    "PENDING_ID_PREFIX",
    "RATE_LIMITED_ID",
    "UNKNOWN_ID_EXAMPLE",
    "DemoRecord",
    "demo_ids",
    "fresh_pending_id",
    "load_demo_records",
]
