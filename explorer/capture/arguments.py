"""The command-line arguments of `proxy` and `capture` (light: nothing heavy is imported here)."""

from __future__ import annotations

import argparse

from explorer.settings import PROXY_PORT


def add_capture_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    """Describe `command` ("proxy" or "capture") on `parser` and add its arguments."""
    if command == "proxy":
        parser.description = (
            "Run the recording proxy: point your app's base URL at http://HOST:PORT/api/v1; every "
            "request is forwarded unchanged (with your app's own key) and every generation it makes "
            "is looked up and saved in the history.")
        parser.add_argument("--port", type=int, default=PROXY_PORT, help=f"port to listen on (default {PROXY_PORT})")
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--allow-remote", action="store_true",
                            help="allow a --host other than loopback (anyone who reaches it can use the proxy)")
        upstream = parser.add_mutually_exclusive_group()
        upstream.add_argument("--upstream", metavar="URL", help="the gateway's base URL (default: "
                              "MODELGATES_BASE_URL or https://modelgates.ai/api/v1)")
        upstream.add_argument("--demo", action="store_true",
                              help="forward to the built-in demo gateway (no key, no network)")
        return
    parser.description = (
        "Capture generations from a log, headless: every generation ID written to FILE (any text) "
        "is looked up once its stats are ready and saved in the history; one line is printed per "
        "capture and per finished lookup.")
    parser.add_argument("--follow", metavar="FILE", required=True,
                        help="the log to follow (- for stdin); survives rotation and truncation")
    parser.add_argument("--from-start", action="store_true",
                        help="read FILE from its start (default: only lines written from now on)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--demo", action="store_true", help="look up in the built-in demo API")
    where.add_argument("--base-url", metavar="URL", help="API base URL (default: MODELGATES_BASE_URL "
                       "or https://modelgates.ai/api/v1)")
