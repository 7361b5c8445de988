"""Fixtures for the demo API over TCP: the spec's validators (`tests.support.spec`)."""

from __future__ import annotations

from tests.support.spec import spec  # noqa: F401  (fixture)
