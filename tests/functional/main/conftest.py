"""Helpers for the main-screen tests. The fixtures (`clock`, `clipboard`, `make_app`) are in
tests/functional/conftest.py, the shared helpers (demo IDs, fake clock, `settle`, the screen
reader, sizes) in tests/support/."""

from __future__ import annotations

import asyncio

import httpx


class GatedTransport(httpx.AsyncBaseTransport):
    """Forwards to `inner`, but requests for `gated_id` wait until the test sets `gate`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, gated_id: str) -> None:
        self.inner = inner
        self.gated_id = gated_id
        self.gate = asyncio.Event()
        self.waiting = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.params.get("id") == self.gated_id:
            self.waiting += 1
            await self.gate.wait()
        return await self.inner.handle_async_request(request)
