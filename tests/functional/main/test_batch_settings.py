"""The batch concurrency setting reaches the TUI's batches through the real settings path:
`MODELGATES_BATCH_CONCURRENCY` (or `batch_concurrency` in the config file) is read by
`load_settings` after the first frame, and the batch view says it and keeps to it."""

from __future__ import annotations

import asyncio

import httpx

from explorer.demo.data import DEMO_CASES
from explorer.ui.run import tui_app
from explorer.ui.screens.batch import BatchScreen
from tests.support.app import demo_transport
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_text
from tests.support.sizes import APP_SIZE

# Nine generations the demo API answers at once (no rate limit, no pending): enough to keep the
# default 8 in flight, so a batch that ignored the setting would show it.
IDS = [DEMO_CASES[name] for name in (
    "fallback-chain", "reasoning-long", "tool-chat-image", "tool-call-step", "legacy-prompt",
    "byok", "cached-prompt", "embeddings", "provider-storm",
)]


class InFlightTransport(httpx.AsyncBaseTransport):
    """Forwards to `inner`, holding the first metadata requests until `hold_until` are in flight
    at once (or every ID was sent); records the most ever in flight. A batch that keeps to
    `hold_until` reaches it exactly; one that allows more shows more."""

    def __init__(self, inner: httpx.AsyncBaseTransport, hold_until: int) -> None:
        self.inner = inner
        self.hold_until = hold_until
        self.in_flight = 0
        self.peak = 0
        self.started = 0
        self._enough = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/content"):
            return await self.inner.handle_async_request(request)
        self.in_flight += 1
        self.started += 1
        self.peak = max(self.peak, self.in_flight)
        if self.in_flight >= self.hold_until or self.started == len(IDS):
            self._enough.set()
        try:
            await self._enough.wait()
            for _ in range(5):  # let every other lookup the batch allows start too
                await asyncio.sleep(0)
            return await self.inner.handle_async_request(request)
        finally:
            self.in_flight -= 1


async def run_batch_with_env(monkeypatch, clock, tmp_path, *, expected: int,
                             env: dict[str, str], config: str = "", **flags):
    """A TUI app built as `run_tui` builds it (real settings, environment, config file), with
    the IDs as a batch; returns (what the batch view says, the most requests in flight)."""
    monkeypatch.setenv("MODELGATES_API_KEY", "test-key")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if config:
        path = tmp_path / "config.toml"
        path.write_text(config)
        monkeypatch.setenv("MODELGATES_EXPLORER_CONFIG", str(path))
    transport = InFlightTransport(demo_transport(clock), hold_until=expected)
    app = tui_app(demo=False, ids=IDS, transport=transport, animations=False, now=clock.datetime,
                  **flags)
    async with app.run_test(size=APP_SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await settle(pilot)
        assert f"{len(IDS)} / {len(IDS)} done · {len(IDS)} ok" in screen_text(app)
        return screen_text(app), transport.peak


async def test_the_environment_sets_the_batch_concurrency(monkeypatch, clock, tmp_path):
    text, peak = await run_batch_with_env(monkeypatch, clock, tmp_path, expected=3,
                                          env={"MODELGATES_BATCH_CONCURRENCY": "3"})
    assert "up to 3 at a time" in text
    assert peak == 3  # not the default 8


async def test_the_config_file_sets_it_and_the_flag_wins(monkeypatch, clock, tmp_path):
    text, peak = await run_batch_with_env(monkeypatch, clock, tmp_path, expected=3, env={},
                                          config="batch_concurrency = 3\n")
    assert "up to 3 at a time" in text and peak == 3
    text, peak = await run_batch_with_env(monkeypatch, clock, tmp_path, expected=5,
                                          env={"MODELGATES_BATCH_CONCURRENCY": "3"},
                                          batch_concurrency=5)
    assert "up to 5 at a time" in text and peak == 5


async def test_without_a_setting_a_batch_runs_eight_at_a_time(monkeypatch, clock, tmp_path):
    text, peak = await run_batch_with_env(monkeypatch, clock, tmp_path, expected=8, env={})
    assert "up to 8 at a time" in text and peak == 8
