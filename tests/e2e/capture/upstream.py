"""A small upstream for the proxy tests: it records every request it gets and answers as each
path says (a gzip JSON echo, a 429, a stream that waits for the test)."""

from __future__ import annotations

import asyncio
import gzip
import json
import threading
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

ECHO_ID = "gen-1796140806-EchoedByTheUpstream"
STREAM_ID = "gen-1796140806-StreamedByTheUpstream"
UNSIZED_ID = "gen-1796140806-ChunkedJsonBody"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class RecordingUpstream:
    """The app (`app`) and what it saw: `requests`; `release` lets a held stream finish;
    `stream_closed` is set when a stream ends either way (finished, or the client went away)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.release = threading.Event()
        self.stream_closed = threading.Event()
        self.stream_finished = False
        self.app = Starlette(routes=[Route("/api/v1/{rest:path}", self.answer, methods=METHODS)])

    async def answer(self, request: Request) -> Response:
        self.requests.append({"method": request.method, "target": request.scope["raw_path"].decode()
                              + ("?" + request.scope["query_string"].decode() if request.scope["query_string"] else ""),
                              "headers": [(k.decode(), v.decode()) for k, v in request.scope["headers"]],
                              "body": await request.body()})
        rest = request.path_params["rest"]
        if rest.startswith("echo"):
            body = gzip.compress(json.dumps({"id": ECHO_ID, "note": "naïve ✓"}).encode(), mtime=0)
            return Response(body, headers={"Content-Encoding": "gzip", "X-Upstream": "yes",
                                           "Set-Cookie": "a=b; Path=/"}, media_type="application/json")
        if rest == "limited":
            body = json.dumps({"error": {"code": 429, "message": "slow down", "metadata": None}})
            return Response(body, 429, headers={"Retry-After": "7", "X-RateLimit-Remaining": "0"},
                            media_type="application/json")
        if rest == "held-stream":
            return StreamingResponse(self._held_stream(), media_type="text/event-stream")
        if rest == "unsized-json":  # chunked, no Content-Length: relayed piece by piece
            pieces = [b'{"id": "' + UNSIZED_ID.encode(), b'", "object": "embedding.list"}']
            return StreamingResponse(iter(pieces), media_type="application/json")
        if rest == "broken-stream":
            return StreamingResponse(self._broken_stream(), media_type="text/event-stream")
        return Response(json.dumps({"error": {"code": 404, "message": "Generation not found"}}), 404,
                        media_type="application/json")

    async def _broken_stream(self) -> AsyncIterator[bytes]:
        yield b"data: " + json.dumps({"id": STREAM_ID}).encode() + b"\n\n"
        raise RuntimeError("the upstream fell over mid-stream")

    async def _held_stream(self) -> AsyncIterator[bytes]:
        try:
            yield b": keep-alive\n\ndata: " + json.dumps({"id": STREAM_ID, "choices": []}).encode() + b"\n\n"
            while not self.release.is_set():
                await asyncio.sleep(0.02)
                yield b": waiting\n\n"  # a send notices a client that went away
            yield b"data: [DONE]\n\n"
            self.stream_finished = True
        finally:
            self.stream_closed.set()
