"""A network failure is named by its cause chain (DNS, TLS, refused, reset, timeout), and the
host it tried."""

from __future__ import annotations

import socket
import ssl

import httpx
import pytest

from explorer.api.responses import network_error


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
