"""Snapshots of the live view (pytest-textual-snapshot) at 80×24 and 200×50: two captures
loaded, one failed, one pending, on the fake clock.

Update after an intended change with `pytest tests/functional/live --snapshot-update`, then
look at the SVGs.
"""

from __future__ import annotations

import pytest

from tests.functional.live.test_live_view import captured, open_live


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])
def test_live_view(snap_compare, make_app, store, clock, size):
    captured(store, clock)
    app = make_app(store=store)
    assert snap_compare(app, terminal_size=size, run_before=open_live)
