"""`server_label`: the server a base URL names, as the title shows it."""

from __future__ import annotations

import pytest

from explorer.settings import DEMO_BASE_URL
from explorer.ui.server_label import server_label


@pytest.mark.parametrize(("base_url", "label"), [
    (DEMO_BASE_URL, "demo"),
    (DEMO_BASE_URL + "/", "demo"),
    ("https://modelgates.ai/api/v1", "modelgates.ai"),
    ("http://127.0.0.1:8787/api/v1", "127.0.0.1"),  # no port: a test server's changes
    ("http://[::1]:8787/api/v1", "[::1]"),
    ("https://Gateway.Example.test/v1", "gateway.example.test"),
    ("not a url", "not a url"),
    ("http://host:notaport/", "host"),
])
def test_server_label(base_url, label):
    assert server_label(base_url) == label
