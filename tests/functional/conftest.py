"""Fixtures for the Pilot tests: a fake clock, a recording clipboard, and `make_app`, the app
from `tests.support.app.make_app` on both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from explorer.api.client import GenerationsClient
from explorer.ui.app import ExplorerApp
from tests.support import app as support_app
from tests.support.app import CopyRecorder
from tests.support.clock import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def clipboard() -> CopyRecorder:
    return CopyRecorder()


@pytest.fixture
def make_app(clock: FakeClock, clipboard: CopyRecorder) -> Callable[..., ExplorerApp]:
    """`make_app(client=None, store=None, examples=(), **options)`: `tests.support.app.make_app`
    on this test's `clock` and `clipboard`; `options` are `create_app`'s."""

    def make(client: GenerationsClient | None = None, **options: Any) -> ExplorerApp:
        options.setdefault("copy_text", clipboard)
        return support_app.make_app(client, clock=clock, **options)

    return make
