"""Network failures: over real TCP against the demo server, and classified by cause chain."""

from __future__ import annotations

import socket
import ssl

import httpx
import pytest

from explorer.api import errors
from explorer.api.client import GenerationsClient, RetryPolicy
from explorer.api.responses import network_error
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


def _wrapped(outer: type[httpx.HTTPError], cause: BaseException) -> httpx.HTTPError:
    try:
        try:
            raise cause
        except BaseException as inner:
            raise outer("wrapped") from inner
    except httpx.HTTPError as exc:
        return exc


@pytest.mark.parametrize(("outer", "cause", "expected"), [
    (httpx.ConnectTimeout, socket.gaierror(-2, "Name or service not known"), "DNS"),
    (httpx.ConnectError, ssl.SSLCertVerificationError("certificate verify failed"), "TLS"),
    (httpx.ConnectTimeout, ConnectionRefusedError(111, "Connect call failed"), "refused"),
    (httpx.ReadError, ConnectionResetError(104, "Connection reset by peer"), "reset"),
    (httpx.ReadTimeout, TimeoutError(), "timed out waiting"),
    (httpx.ConnectError, OSError("weird"), "cannot connect"),
])
def test_cause_chain_decides_the_message(outer, cause, expected):
    error = network_error(_wrapped(outer, cause), "https://modelgates.ai/api/v1")
    assert expected in error.message
    assert "modelgates.ai" in error.message
