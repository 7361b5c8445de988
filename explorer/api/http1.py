"""`Http1Exchange`: the client's GET requests straight over asyncio, connections kept alive.

A command that sends a couple of requests (`show`) spends more time importing an HTTP stack than
using it: httpx with httpcore, h11 and anyio cost ~70 ms, aiohttp more. This needs nothing that
asyncio has not loaded already. It reads what httpx's own transport (h11) reads, within the same
bounds: no more than 16 KB buffered of a status line and headers still incomplete (read 64 KB
at a time, as httpcore reads), a Content-Length, chunked or close-delimited body handed over raw
as it arrives (the client decodes and bounds it). A failure is raised as the httpx error that
transport raises, its cause chained (httpx is imported then, and only then), so the client
words it the same way (tests/e2e/api/test_transports_agree.py holds them side by side).

A connection whose answer was read whole (sized or chunked, HTTP/1.1, no `Connection: close`,
nothing after it) is kept for the next request, up to `MAX_IDLE` for `IDLE_SECONDS`, as
aiohttp keeps them; a kept one the server closed meanwhile is replaced once, when no byte of
the answer came. Per request this costs ~40 µs of CPU where aiohttp took ~200: what bounds a
batch. Only a plain base URL (`plain_origin`) and a direct connection: anything else, a proxy
say, goes through httpx's transport or aiohttp (`transport`).
"""

from __future__ import annotations

import asyncio
import re
import ssl
import time
from collections.abc import AsyncIterator, Callable

from explorer.api.answer import ResponseHeaders, is_httpx_error
from explorer.api.proxies import url_parts

MAX_HEAD_BYTES = 16 * 1024  # of a status line and headers not yet complete, as h11 allows
READ_SIZE = 64 * 1024  # as httpcore reads: a longer head that came whole is read, as there
_PLAIN_BASE = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?((?:/[A-Za-z0-9._~!$&'()*+,;=:@-]*)*)")
_HEAD_END = re.compile(rb"\n\r?\n")
_LINE_END = re.compile(rb"\n")
_STATUS = re.compile(rb"HTTP/1\.[01] ([0-9]{3})(?: ([\t -~\x80-\xff]*))?")
_HEADER = re.compile(rb"([-!#$%&'*+.^_`|~0-9a-zA-Z]+):[ \t]*"
                     rb"((?:[\x21-\x7e\x80-\xff](?:[ \t]*[\x21-\x7e\x80-\xff])*)?)[ \t]*")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;.*)?")
_PLAIN_VALUE = re.compile(r"[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*")
_INCOMPLETE = "peer closed connection without sending complete message body"
MAX_IDLE = 100  # connections kept between requests (aiohttp's limit in the TUI was 100)
IDLE_SECONDS = 5.0  # a kept connection idle longer is closed, not reused (aiohttp's keep-alive)
_STALE = ("RemoteProtocolError", "ReadError", "WriteError")  # a closed kept connection fails so


def plain_request(base_url: str, headers: dict[str, str]) -> str | None:
    """`scheme://host[:port]` of a base URL this exchange sends to exactly as httpx would (a
    host name or IPv4 address, a path of plain characters without dot segments) with headers
    of visible ASCII only (httpx refuses the rest), else None."""
    if not all(_PLAIN_VALUE.fullmatch(value) for value in headers.values()):
        return None
    return plain_origin(base_url)


def plain_origin(base_url: str) -> str | None:
    """`scheme://host[:port]` of a base URL this exchange sends to exactly as httpx would (a
    host name or IPv4 address, a path of plain characters without dot segments), else None."""
    plain = _PLAIN_BASE.fullmatch(base_url)
    if plain is None or any(part in (".", "..") for part in plain.group(1).split("/")):
        return None
    return base_url[:len(base_url) - len(plain.group(1))]


def default_tls_context() -> ssl.SSLContext:
    """The TLS context httpx builds by default (`httpx.create_ssl_context()`): the CA bundle
    named by SSL_CERT_FILE or SSL_CERT_DIR, else certifi's."""
    import os

    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _http_error(kind: str, message: str) -> Exception:
    import httpx  # only on a failure: a lookup that goes well never loads it

    return getattr(httpx, kind)(message)


class Http1Exchange:
    """Sends GETs to `origin` (from `plain_origin`) with `headers`, keeping connections alive;
    `tls_context` is called for the first https:// request only."""

    def __init__(self, origin: str, headers: dict[str, str], *, timeout: float,
                 connect_timeout: float, tls_context: Callable[[], ssl.SSLContext]) -> None:
        scheme, self._host, port = url_parts(origin)
        self._secure = scheme == "https"
        self._port = port or (443 if self._secure else 80)
        self._origin = origin
        host_header = self._host if port is None else f"{self._host}:{port}"
        # The headers httpx would send: Host first, its Connection default, then the client's.
        lines = [f"Host: {host_header}", "Connection: keep-alive"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self._head_tail = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
        self._connect_timeout = min(connect_timeout, timeout)
        self._timeout = timeout
        self._tls_factory = tls_context
        self._tls: ssl.SSLContext | None = None
        self._idle: list[tuple[_Connection, float]] = []  # (connection, kept since: monotonic)

    async def aclose(self) -> None:
        """Close the kept connections."""
        idle, self._idle = self._idle, []
        for connection, _ in idle:
            connection.close()

    async def get(self, url: str) -> Http1Response:
        """Send `GET url` (under the origin) and read the answer's head; the body follows."""
        request = b"GET " + url[len(self._origin):].encode("ascii") + b" HTTP/1.1\r\n" + self._head_tail
        kept = self._kept()
        if kept is not None:
            try:
                return await self._send(kept, request)
            except Exception as exc:
                if kept.answered or type(exc).__name__ not in _STALE:
                    raise
                # The server closed it while it waited here: once more, on a new connection.
        tls = None
        if self._secure:
            if self._tls is None:
                self._tls = self._tls_factory()
                self._tls.set_alpn_protocols(["http/1.1"])
            tls = self._tls
        reader, writer = await _connect(self._host, self._port, tls, self._connect_timeout)
        return await self._send(_Connection(reader, writer, self._timeout), request)

    async def _send(self, connection: _Connection, request: bytes) -> Http1Response:
        try:
            try:
                await connection.send(request, self._timeout)
                status, reason, headers = await connection.read_head()
            except Exception as exc:
                if is_httpx_error(exc):
                    raise
                raise _malformed(exc) from exc
        except BaseException:
            connection.close()
            raise
        return Http1Response(status, reason, headers, connection, self._keep)

    def _kept(self) -> _Connection | None:
        """A kept connection still open and not idle too long, if any (the others closed)."""
        now = time.monotonic()
        while self._idle:
            connection, since = self._idle.pop()
            if now - since < IDLE_SECONDS and not connection.at_eof():
                return connection
            connection.close()
        return None

    def _keep(self, connection: _Connection) -> None:
        """`connection` answered whole: kept for a next request (closed past `MAX_IDLE`)."""
        if len(self._idle) < MAX_IDLE:
            self._idle.append((connection, time.monotonic()))
        else:
            connection.close()


def _malformed(exc: Exception) -> Exception:
    """What the guarded transports raise for an exception nobody foresaw: `MalformedHttp`,
    worded without quoting anything (the text may come from the server)."""
    from explorer.api.transport import MalformedHttp, describe_parse_failure

    return MalformedHttp(describe_parse_failure(exc))


async def _connect(host: str, port: int, tls: ssl.SSLContext | None,
                   timeout: float) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    try:
        async with asyncio.timeout(timeout):
            return await asyncio.open_connection(host, port, ssl=tls, limit=READ_SIZE,
                                                 server_hostname=host if tls else None,
                                                 **_happy_eyeballs(asyncio.get_running_loop()))
    except TimeoutError as exc:
        error = _http_error("ConnectTimeout", f"timed out connecting to {host}")
        cause: BaseException = exc
    except OSError as exc:  # refused, DNS (gaierror), TLS (SSLError): the client names each
        error = _http_error("ConnectError", str(exc) or type(exc).__name__)
        cause = exc
    raise error from cause


def _happy_eyeballs(loop: asyncio.AbstractEventLoop) -> dict[str, float]:
    """Try IPv6 and IPv4 addresses side by side, as httpx does: asyncio's option (uvloop, the
    batch command's loop, has none and connects to the addresses in turn)."""
    return {"happy_eyeballs_delay": 0.25} if isinstance(loop, asyncio.BaseEventLoop) else {}


class Http1Response:
    """An answer whose body is still to be read: what the client reads from any transport."""

    is_stream_consumed = False

    def __init__(self, status: int, reason: bytes, headers: list[tuple[bytes, bytes]],
                 connection: _Connection, keep: Callable[[_Connection], None]) -> None:
        self.status_code = status
        self.reason_phrase = reason.decode("ascii", errors="ignore")  # as sent, "" included (as h11)
        self.headers = ResponseHeaders(headers)
        self._connection: _Connection | None = connection
        self._keep = keep

    async def aiter_raw(self) -> AsyncIterator[bytes]:
        """The body as it arrives, undecoded; then the connection is kept, or closed."""
        connection, whole = self._connection, False
        if connection is None:
            return
        try:
            async for chunk in connection.body(self.status_code, self.headers):
                yield chunk
            whole = True
        except Exception as exc:
            if is_httpx_error(exc):
                raise
            raise _malformed(exc) from exc
        finally:
            self._connection = None
            if whole and connection.reusable:
                self._keep(connection)
            else:
                connection.close()

    async def aclose(self) -> None:
        """Close the connection if the body was not read to its end (it is not wanted)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class _Connection:
    """One request's socket: the head read to its end, then the body."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 read_timeout: float) -> None:
        self._reader, self._writer = reader, writer
        self._read_timeout = read_timeout
        self._buffer = b""  # read past the head (or past a chunk's header)
        self.answered = False  # a byte of the current answer came
        self.reusable = False  # the answer allows another request on this connection

    def close(self) -> None:
        self._writer.close()

    def at_eof(self) -> bool:
        return self._reader.at_eof()

    async def send(self, request: bytes, timeout: float) -> None:
        self.answered = self.reusable = False
        self._writer.write(request)
        try:
            async with asyncio.timeout(timeout):
                await self._writer.drain()
        except TimeoutError as exc:
            raise _http_error("WriteTimeout", "timed out sending the request") from exc
        except OSError as exc:
            raise _http_error("WriteError", str(exc) or type(exc).__name__) from exc

    async def _read(self) -> bytes:
        try:
            async with asyncio.timeout(self._read_timeout):
                data = await self._reader.read(READ_SIZE)
                self.answered = self.answered or bool(data)
                return data
        except TimeoutError as exc:
            raise _http_error("ReadTimeout", "timed out waiting for the answer") from exc
        except OSError as exc:  # a reset, a TLS alert
            raise _http_error("ReadError", str(exc) or type(exc).__name__) from exc

    async def _read_until(self, pattern: re.Pattern[bytes], at_eof: str) -> bytes:
        """The buffered bytes up to the end of `pattern`'s match; refused when more than
        MAX_HEAD_BYTES are buffered without one (h11's rule)."""
        while (found := pattern.search(self._buffer)) is None:
            if len(self._buffer) > MAX_HEAD_BYTES:
                raise _http_error("RemoteProtocolError", "Receive buffer too long")
            data = await self._read()
            if not data:
                raise _http_error("RemoteProtocolError", at_eof)
            self._buffer += data
        head, self._buffer = self._buffer[:found.end()], self._buffer[found.end():]
        return head

    async def read_head(self) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
        """Status, reason and headers of the final answer (informational 1xx ones skipped)."""
        while True:
            head = await self._read_until(_HEAD_END, "Server disconnected without sending a response.")
            lines = [line.rstrip(b"\r") for line in head.split(b"\n")[:-2]]
            status_line = _STATUS.fullmatch(lines[0])
            if status_line is None:
                raise _http_error("RemoteProtocolError", "illegal status line")
            status = int(status_line.group(1))
            headers: list[tuple[bytes, bytes]] = []
            for line in lines[1:]:
                if line[:1] in (b" ", b"\t") and headers:  # obsolete line folding
                    name, value = headers.pop()
                    headers.append((name, (value + b" " + line.strip(b" \t")).strip(b" ")))
                    continue
                field = _HEADER.fullmatch(line)
                if field is None:
                    raise _http_error("RemoteProtocolError", "illegal header line")
                headers.append((field.group(1), field.group(2)))
            if not 100 <= status < 200 or status == 101:
                # HTTP/1.1 keeps the connection unless told otherwise (the body's framing
                # may still end it: see `body`).
                self.reusable = lines[0].startswith(b"HTTP/1.1") and not any(
                    name.lower() == b"connection" and b"close" in value.lower() for name, value in headers)
                return status, status_line.group(2) or b"", headers

    def body(self, status: int, headers: ResponseHeaders) -> AsyncIterator[bytes]:
        """The body's raw bytes, framed as the headers say."""
        if status in (204, 304):
            return self._sized(0)
        encodings = headers.get("transfer-encoding")
        if encodings is not None:
            if [part.strip().lower() for part in encodings.split(",")] != ["chunked"]:
                return _failing("Only Transfer-Encoding: chunked is supported")
            return self._chunked()
        lengths = headers.get("content-length")
        if lengths is not None:
            values = {value.strip() for value in lengths.split(",")}
            length = values.pop()
            if values or not length.isdigit():
                return _failing("bad Content-Length")
            return self._sized(int(length))
        self.reusable = False  # the body ends when the connection does
        return self._until_close()

    async def _sized(self, length: int) -> AsyncIterator[bytes]:
        received = 0
        while received < length:
            data, self._buffer = (self._buffer or await self._read()), b""
            if not data:
                raise _http_error("RemoteProtocolError", f"{_INCOMPLETE}: received {received} "
                                                         f"bytes, expected {length}")
            if len(data) > length - received:  # more than the body: not an answer to reuse after
                data, self.reusable = data[:length - received], False
            received += len(data)
            yield data

    async def _until_close(self) -> AsyncIterator[bytes]:
        while data := (self._buffer or await self._read()):
            self._buffer = b""
            yield data

    async def _chunked(self) -> AsyncIterator[bytes]:
        incomplete = f"{_INCOMPLETE}: incomplete chunked read"
        while True:
            size = _CHUNK_SIZE.fullmatch((await self._read_until(_LINE_END, incomplete)).rstrip(b"\r\n"))
            if size is None:
                raise _http_error("RemoteProtocolError", "illegal chunk header")
            left = int(size.group(1), 16)
            if left == 0:
                break
            while left:
                data = self._buffer or await self._read()
                if not data:
                    raise _http_error("RemoteProtocolError", incomplete)
                data, self._buffer = data[:left], data[left:]
                left -= len(data)
                yield data
            if (await self._read_until(_LINE_END, incomplete)).strip(b"\r\n"):
                raise _http_error("RemoteProtocolError", "illegal chunk terminator")
        while (await self._read_until(_LINE_END, incomplete)).strip(b"\r\n"):
            pass  # trailer fields: nothing here reads them
        if self._buffer:  # more than the answer
            self.reusable = False


async def _failing(message: str) -> AsyncIterator[bytes]:
    raise _http_error("RemoteProtocolError", message)
    yield b""  # an async generator: it raises when read
