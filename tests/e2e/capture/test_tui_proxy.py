"""`modelgates-explorer --demo --proxy PORT`: the TUI runs the recording proxy itself, an
official `openai` client sends chat completions through it over loopback, and the live view
shows each generation arriving, looked up, with no key in the history."""

from __future__ import annotations

import asyncio
import socket
import time

import openai

from explorer.services import open_history
from explorer.store.captures import LOADED
from explorer.ui.live_capture import LiveCapture
from explorer.ui.screens.live import LiveScreen
from explorer.ui.widgets.capture_table import CaptureTable
from tests.support.app import make_app
from tests.support.screen import screen_text

CLIENT_KEY = "sk-tui-proxy-key-0123456789abcdef"
DEADLINE_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def until(pilot, condition, what: str) -> None:
    """Let the app run until `condition()` holds; fail after DEADLINE_SECONDS saying `what`."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.05)


async def test_the_tuis_proxy_feeds_the_live_view():
    port = free_port()
    store = open_history(demo=True)  # the worker process writes to the same demo history
    capture = LiveCapture(proxy_port=port, demo=True, demo_options={"pending_seconds": 0})
    app = make_app(store=store, live_capture=capture, live_poll_seconds=0.05)
    try:
        async with app.run_test(size=(200, 40)) as pilot:
            await pilot.press("escape", "l")
            await until(pilot, lambda: isinstance(app.screen, LiveScreen), "the live view opens")
            await until(pilot, lambda: f"Recording proxy on http://127.0.0.1:{port}/api/v1" in screen_text(app),
                        "the proxy says where it listens")
            client = openai.AsyncOpenAI(base_url=f"http://127.0.0.1:{port}/api/v1", api_key=CLIENT_KEY,
                                        max_retries=0)
            async with client:
                plain = await client.chat.completions.create(
                    model="openai/gpt-4o", messages=[{"role": "user", "content": "hello"}])
                stream = await client.chat.completions.create(
                    model="openai/gpt-4o", messages=[{"role": "user", "content": "again"}], stream=True)
                streamed_id = None
                async for chunk in stream:
                    streamed_id = streamed_id or chunk.id
            table = app.screen.query_one(CaptureTable)
            expected = {plain.id, streamed_id}
            await until(pilot, lambda: {r.id for r in table.rows if r.state == LOADED} == expected,
                        "both generations listed as loaded")
            text = screen_text(app)
            assert "2 captured · 2 loaded · 0 pending · 0 failed" in text
            assert "openai/gpt-4o" in text
            await asyncio.to_thread(store.close)
        written = [path.read_bytes() for path in store.path.parent.rglob("*") if path.is_file()]
        assert written and not any(CLIENT_KEY.encode() in data for data in written)
    finally:
        store.close()
