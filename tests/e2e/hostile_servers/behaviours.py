"""What the hostile servers do, one function per behaviour the fault suite needs.

Each returns a `Behaviour` (see `server.py`): given the request and the connection, it writes
an answer, however odd. Answers that are merely odd JSON go through `answer_json`; the rest
write raw bytes.
"""

from __future__ import annotations

import asyncio
import base64
import json
import zlib
from typing import Any
from urllib.parse import quote

from tests.e2e.hostile_servers.server import Behaviour, Connection, Request
from tests.support.fixtures import fixture_body

GENERATION: dict[str, Any] = fixture_body("real-generation-cancelled-stream.json")["data"]
GENERATION_ID: str = GENERATION["id"]
CONTENT: dict[str, Any] = {"input": {"messages": [{"role": "user", "content": "hi"}]},
                           "output": {"completion": "hello", "reasoning": None}}
MB = 1024 * 1024


def json_bytes(value: Any) -> bytes:
    return json.dumps(value).encode()


def answer_json(generation: Any = None, content: Any = None, *,
                headers: dict[str, str] | None = None) -> Behaviour:
    """`{"data": generation}` and `{"data": content}` (the good bodies by default); a value given
    as bytes is sent as is."""
    def body(value: Any, default: Any) -> bytes:
        if isinstance(value, bytes):
            return value
        return json_bytes({"data": default if value is None else value})

    async def behaviour(request: Request, connection: Connection) -> None:
        payload = body(content, CONTENT) if request.is_content else body(generation, GENERATION)
        await connection.answer(payload, headers=headers)

    return behaviour


def metadata_then(content_behaviour: Behaviour) -> Behaviour:
    """The good metadata, and `content_behaviour` for the content request."""
    good = answer_json()

    async def behaviour(request: Request, connection: Connection) -> None:
        await (content_behaviour if request.is_content else good)(request, connection)

    return behaviour


def endless_chunked(chunk_size: int = 64 * 1024) -> Behaviour:
    """A 200 whose chunked body never ends (until the connection's byte budget)."""
    async def behaviour(_request: Request, connection: Connection) -> None:
        await connection.head(200, {"content-type": "application/json",
                                    "transfer-encoding": "chunked"})
        await connection.chunk(b'{"data": {"id": "' + GENERATION_ID.encode() + b'", "model": "')
        filler = b"x" * chunk_size
        while True:
            await connection.chunk(filler)

    return behaviour


def declared_whitespace(declared: int = 2 * 1024**3, chunk_size: int = 256 * 1024) -> Behaviour:
    """A 200 that declares a `declared`-byte body and sends whitespace for it."""
    async def behaviour(_request: Request, connection: Connection) -> None:
        await connection.head(200, {"content-type": "application/json",
                                    "content-length": str(declared)})
        filler = b" " * chunk_size
        while True:
            await connection.send(filler)

    return behaviour


def gzip_bomb(inflated: int = 10 * 1024**3) -> Behaviour:
    """A gzip-encoded 200 whose body inflates to `inflated` bytes of JSON whitespace (about a
    thousandth of that on the wire), compressed as it is sent."""
    async def behaviour(_request: Request, connection: Connection) -> None:
        await connection.head(200, {"content-type": "application/json", "content-encoding": "gzip",
                                    "transfer-encoding": "chunked"})
        compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        block = b" " * MB
        for _ in range(inflated // MB):
            if data := compressor.compress(block):
                await connection.chunk(data)
        await connection.chunk(compressor.flush())
        await connection.send(b"0\r\n\r\n")

    return behaviour


def trickle(interval: float = 0.05) -> Behaviour:
    """A 200 whose body comes one byte per `interval` seconds, forever (until the bounds)."""
    async def behaviour(_request: Request, connection: Connection) -> None:
        await connection.head(200, {"content-type": "application/json",
                                    "transfer-encoding": "chunked"})
        while True:
            await connection.chunk(b" ")
            await asyncio.sleep(interval)

    return behaviour


def many_headers(count: int = 100_000) -> Behaviour:
    """A 200 with `count` headers before a good body."""
    async def behaviour(request: Request, connection: Connection) -> None:
        body = json_bytes({"data": CONTENT if request.is_content else GENERATION})
        headers = [("content-type", "application/json"), ("content-length", str(len(body)))]
        headers += [(f"x-filler-{i}", "y") for i in range(count)]
        await connection.head(200, headers)
        await connection.send(body)

    return behaviour


def long_header(size: int = MB) -> Behaviour:
    """A 200 with one `size`-byte header line before a good body."""
    async def behaviour(request: Request, connection: Connection) -> None:
        body = json_bytes({"data": CONTENT if request.is_content else GENERATION})
        await connection.head(200, {"content-type": "application/json",
                                    "content-length": str(len(body)), "x-long": "y" * size})
        await connection.send(body)

    return behaviour


ATTEMPT = {"provider_name": "Groq", "status": 200, "latency": 12, "model_permaslug": "meta-llama/llama-4"}


def many_attempts(count: int, attempt: dict[str, Any] | None = None) -> bytes:
    """A metadata body with `count` provider attempts (about 100 bytes each by default)."""
    return json_bytes({"data": {**GENERATION, "provider_responses": [attempt or ATTEMPT] * count}})


def streamed_attempts(count: int, batch: int = 10_000) -> Behaviour:
    """Metadata with `count` attempts, sent chunked as it is written (never whole in memory)."""
    head, tail = json.dumps({"data": {**GENERATION, "provider_responses": "@@"}}).split('"@@"')
    one = json.dumps(ATTEMPT)

    async def behaviour(request: Request, connection: Connection) -> None:
        if request.is_content:
            await answer_json()(request, connection)
            return
        await connection.head(200, {"content-type": "application/json",
                                    "transfer-encoding": "chunked"})
        await connection.chunk(head.encode() + b"[")
        for start in range(0, count, batch):
            items = ",".join([one] * min(batch, count - start))
            await connection.chunk(((","if start else "") + items).encode())
        await connection.chunk(b"]" + tail.encode())
        await connection.send(b"0\r\n\r\n")

    return behaviour


def with_deep_field(data: dict[str, Any], name: str, depth: int) -> bytes:
    """`{"data": data}` with `data[name]` nested `depth` lists deep (written as text: json.dumps
    itself fails past 1,000 levels)."""
    marker = "@@DEEP@@"
    text = json.dumps({"data": {**data, name: marker}})
    return text.replace(f'"{marker}"', "[" * depth + "1" + "]" * depth).encode()


# -- the key, echoed back in every form a server can use ---------------------------------------

def json_escaped(text: str, *, every: bool = True) -> str:
    """`text` as JSON `\\u` escapes: every character, or every other one."""
    return "".join(f"\\u{ord(c):04x}" if every or i % 2 == 0 else c for i, c in enumerate(text))


def key_echoes(key: str) -> dict[str, str]:
    """The forms a gateway may quote a key back in, named."""
    bearer = f"Bearer {key}"
    return {
        "plain": key,
        "url-encoded": quote(bearer, safe=""),
        "url-encoded-every-byte": "".join(f"%{b:02X}" for b in key.encode()),
        "base64-bearer": base64.b64encode(bearer.encode()).decode(),
        "base64-key": base64.b64encode(key.encode()).decode(),
        "base64-header-line": base64.urlsafe_b64encode(f"Authorization: {bearer}".encode()).decode(),
    }


def echo_key_everywhere(key: str) -> Behaviour:
    """A 200 whose metadata and content quote the key in every form, and JSON-escaped (`\\u`,
    in field values and in a field name) in the raw body too."""
    echoes = key_echoes(key)

    async def behaviour(request: Request, connection: Connection) -> None:
        if request.is_content:
            data = {**CONTENT, "output": {"completion": " | ".join(echoes.values()),
                                          "reasoning": "@@ESCAPED_ALL@@ @@ESCAPED_HALF@@"}}
        else:
            data = {**GENERATION, "user_agent": " ".join(echoes.values()),
                    "external_user": "@@ESCAPED_ALL@@", "http_referer": "@@ESCAPED_HALF@@",
                    "@@ESCAPED_ALL@@": "a field named after the key"}
        raw = json.dumps({"data": data})
        raw = raw.replace("@@ESCAPED_ALL@@", json_escaped(key))
        raw = raw.replace("@@ESCAPED_HALF@@", json_escaped(key, every=False))
        await connection.answer(raw.encode())

    return behaviour


def by_id(behaviours: dict[str, Behaviour], default: Behaviour | None = None) -> Behaviour:
    """The behaviour named by the request's `id` (the good answer for any other ID)."""
    fallback = default or answer_json()

    async def behaviour(request: Request, connection: Connection) -> None:
        await behaviours.get(request.query.get("id", ""), fallback)(request, connection)

    return behaviour


def odd_statuses() -> bytes:
    """Metadata whose attempts have a status of 1e999 (infinity once parsed) and NaN."""
    text = json.dumps({"data": {**GENERATION, "provider_responses": [
        {"provider_name": "Groq", "status": "@@INF@@", "latency": 10},
        {"provider_name": "Together", "status": "@@NAN@@", "latency": 20},
        {"provider_name": "Fireworks", "status": 200, "latency": 30}]}})
    return text.replace('"@@INF@@"', "1e999").replace('"@@NAN@@"', "NaN").encode()


def proxy(behaviour: Behaviour) -> Behaviour:
    """An HTTP proxy that is also the gateway: absolute-form requests get `behaviour`'s answer;
    a CONNECT (a tunnel for https://) is refused with a 403."""
    async def proxying(request: Request, connection: Connection) -> None:
        if request.method == "CONNECT":
            await connection.answer(b"tunnels refused", 403, "text/plain")
            connection.writer.close()
            return
        await behaviour(request, connection)

    return proxying
