"""Terminal sizes the tests run apps at, one per use (snapshots depend on them: change one
and its snapshots change)."""

from __future__ import annotations

# The whole explorer app: every Pilot test and snapshot of it, in-process or end to end.
APP_SIZE = (120, 36)
# The content viewer hosted alone (tests/functional/content).
VIEWER_SIZE = (100, 30)
# The one-widget host apps of the compatibility tests: small, so a screen is a few strips.
HOST_SIZE = (40, 10)
