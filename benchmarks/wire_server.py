"""A fake generations API for the batch benchmarks: HTTP/1.1 keep-alive on 127.0.0.1, a fixed
latency per request, and almost no CPU of its own (a real gateway's work happens elsewhere).

Every `GET …/generation?id=X` answers the demo's `fallback-chain` metadata, every
`…/generation/content?id=X` its content, each with `X` as the ID: bodies the explorer and the
official SDK both accept. `--huge` answers a 14.5 MB content instead (3,000 messages, a
200,000-line completion, 1 MB of reasoning), `--content-mb N` a completion of N MB. Run as a child process (so it uses the other core):

    python benchmarks/wire_server.py --latency-ms 20 [--lifetime 900]

`--demo` serves the real demo API instead (`serve-demo`'s uvicorn app). It prints
`PORT <n>` once it listens, and stops by itself when its stdin closes (the
benchmark ended or died) or after `--lifetime` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ID_MARK = "__GENERATION_ID__"


def _bodies(content_mb: float = 0.0, huge: bool = False) -> tuple[tuple[bytes, bytes], tuple[bytes, None]]:
    """(before, after) the ID in each body: a response is `before + id + after` (just `before`
    when `after` is None). With
    `content_mb` the completion is that many MB of numbered lines instead; `huge`: the
    14.5 MB content."""
    from explorer.demo.data import DEMO_CASES, get_demo_record

    record = get_demo_record(DEMO_CASES["fallback-chain"])
    meta = json.dumps({"data": dict(record.generation, id=ID_MARK)}).encode()
    data = record.content
    if huge:
        data = huge_content()
    elif content_mb:
        line = "lorem ipsum dolor sit amet, consectetur adipiscing elit " * 2
        lines = int(content_mb * 1_000_000 / (len(line) + 8))
        completion = "\n".join(f"{n:06d} {line}" for n in range(lines))
        data = dict(data, output=dict(data["output"], completion=completion))
    content = json.dumps({"data": data}).encode()
    before, after = meta.split(ID_MARK.encode(), 1)
    return (before, after), (content, None)  # the content names no ID: answered as is


def huge_content() -> dict:
    """14.5 MB of content: 3,000 messages, a 200,000-line completion, 1 MB of reasoning."""
    messages = [{"role": ("user", "assistant", "tool", "system")[i % 4],
                 "content": f"message {i}: " + "lorem ipsum dolor sit amet " * 12 + "\nsecond line"}
                for i in range(3000)]
    completion = "\n".join(f"line {i} " + "lorem ipsum " * 4 for i in range(200_000))
    reasoning = ("thinking about it, step by step. " * 3 + "\n") * (1_000_000 // 100)
    return {"input": {"messages": messages},
            "output": {"completion": completion, "reasoning": reasoning}}


class WireProtocol(asyncio.Protocol):
    """One connection: each request answered after the latency, in order."""

    def __init__(self, latency: float, meta: tuple[bytes, bytes],
                 content: tuple[bytes, bytes | None]) -> None:
        self.latency = latency
        self.meta, self.content = meta, content
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:  # GET requests carry no body
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            target = head.split(b" ", 2)[1].decode("latin-1")
            path, _, query = target.partition("?")
            generation_id = unquote(query.partition("id=")[2].partition("&")[0]).encode()
            before, after = self.content if path.endswith("/content") else self.meta
            body = before if after is None else before + generation_id + after
            response = (b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                        b"content-length: %d\r\n\r\n" % len(body)) + body
            if self.latency:
                asyncio.get_running_loop().call_later(self.latency, self._send, response)
            else:
                self._send(response)

    def _send(self, response: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(response)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


async def serve(latency_ms: float, lifetime: float, port: int, demo: bool,
                content_mb: float = 0.0, huge: bool = False) -> None:
    loop = asyncio.get_running_loop()
    if demo:
        from explorer.demo.server import start_demo_server

        server = await start_demo_server(port=port, latency_ms=latency_ms)
        bound = server.port
    else:
        meta, content = _bodies(content_mb, huge)
        server = await loop.create_server(lambda: WireProtocol(latency_ms / 1000, meta, content),
                                          "127.0.0.1", port, backlog=1024)
        bound = server.sockets[0].getsockname()[1]
    print(f"PORT {bound}", flush=True)
    stdin_closed = loop.run_in_executor(None, sys.stdin.buffer.read)  # EOF: the parent is gone
    try:
        await asyncio.wait_for(stdin_closed, lifetime)
    except TimeoutError:
        pass
    if demo:
        await server.stop(timeout=2)
    else:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--lifetime", type=float, default=900.0, help="seconds before it stops")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--demo", action="store_true", help="serve the demo API (uvicorn)")
    parser.add_argument("--content-mb", type=float, default=0.0,
                        help="answer a completion of this many MB")
    parser.add_argument("--huge", action="store_true", help="answer the 14.5 MB content")
    options = parser.parse_args()
    asyncio.run(serve(options.latency_ms, options.lifetime, options.port, options.demo,
                      options.content_mb, options.huge))
    sys.stdout.flush()
    import os

    os._exit(0)  # the stdin reader thread may still be blocked: do not wait for it


if __name__ == "__main__":
    main()
