"""Network failures over real TCP against the demo server (how a failure is classified by its
cause chain is tested in tests/unit/api/test_network_error_messages.py)."""

from __future__ import annotations

import pytest

from explorer.api import errors
from explorer.api.client import GenerationsClient, RetryPolicy
from explorer.demo.server import start_demo_server

ONE_TRY = RetryPolicy(attempts=1)


async def test_connection_reset_mid_body_over_tcp():
    async with await start_demo_server() as server:
        async with GenerationsClient(server.base_url, "demo-key", retry=ONE_TRY) as client:
            with pytest.raises(errors.NetworkError, match="reset or closed mid-response"):
                await client.get_generation("fault-reset")
            # The client is still usable after the reset.
            gen = await client.get_generation("gen-1795012327-38AibNyyurlGFb0EkjKW")
            assert gen.provider_name == "Google"


async def test_hanging_server_over_tcp_times_out():
    async with await start_demo_server(hang_seconds=5) as server:
        async with GenerationsClient(server.base_url, "demo-key", retry=ONE_TRY, timeout=0.3) as client:
            with pytest.raises(errors.RequestTimeoutError):
                await client.get_generation("fault-hang")
