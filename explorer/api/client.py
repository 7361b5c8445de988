"""`GenerationsClient`: the async service every front end (TUI, CLI, batch) goes through."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import quote

from pydantic import BaseModel, SecretStr

from explorer import __version__
from explorer.api.answer import Answer, is_httpx_error
from explorer.api.body import ACCEPT_ENCODING, read_bounded
from explorer.api.errors import (
    ApiError,
    InvalidIdError,
    NetworkError,
    RequestTimeoutError,
    UnexpectedError,
)
from explorer.api.ids import normalize_id
from explorer.api.models import ContentEnvelope, Generation, GenerationContent, GenerationEnvelope
from explorer.api.redaction import KeyRedactor
from explorer.api.responses import error_from_response, network_error, parse_body, retry_after_seconds
from explorer.settings import APP_NAME, DEFAULT_BASE_URL

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"{APP_NAME}/{__version__} (+httpx)"
LARGE_BODY_BYTES = 256 * 1024
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries: `attempts` tries within `budget_seconds`, exponential backoff."""

    attempts: int = 3
    budget_seconds: float = 30.0
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay_for(self, attempt_number: int, error: BaseException | None) -> float:
        """Seconds to wait before the next try: the server's Retry-After wins when it gave one."""
        return backoff_delay(attempt_number, getattr(error, "retry_after", None),
                             self.base_delay, self.max_delay)


def backoff_delay(attempt_number: int, retry_after: float | None, base_delay: float,
                  max_delay: float) -> float:
    """The server's Retry-After when it gave one, else `base_delay` doubling per attempt
    up to `max_delay` (shared by the client's retries and the batch's 429 pauses)."""
    if retry_after is not None:
        return max(0.0, float(retry_after))
    return min(max_delay, base_delay * (2 ** (attempt_number - 1)))


NO_RETRY = RetryPolicy(attempts=1)


@dataclass
class Lookup:
    """What one lookup returns: metadata, and content or the reason there is none."""

    generation: Generation
    raw_generation: dict[str, Any]
    content: GenerationContent | None = None
    raw_content: dict[str, Any] | None = None
    content_error: ApiError | None = None
    fetched_at: float = field(default_factory=time.time)

    @property
    def id(self) -> str:
        return self.generation.id


class Exchange(Protocol):
    """How the client's GET requests travel (`api.transport`, `api.http1`): `get` returns an
    answer whose body is still to be read, read as httpx reads one (`httpx.Response` fits)."""

    async def get(self, url: str) -> Any: ...

    async def aclose(self) -> None: ...


class GenerationsClient:
    """Looks up generations over one `Exchange`, which keeps its connections open.

    Pass `transport` to run in-process (the demo API over `httpx.ASGITransport`, or a
    `MockTransport` in tests): the same code path as over the network. Without one the client
    goes over the network (`api.http1` with kept connections, aiohttp through a proxy;
    `few_requests`: a transport quick to start, see `api.transport`), through the proxy the
    environment names (see `api.proxies`), and
    `warning` says when the key would travel unencrypted.

    Every answer is bounded: at most `max_response_bytes` are read (declared, streamed or
    decompressed), within one deadline of `timeout` plus a little per request, and parsed
    JSON may nest at most 200 levels and hold at most 100,000 items per list.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: SecretStr | str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        retry: RetryPolicy = RetryPolicy(),
        pending_window: float = 60.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        few_requests: bool = False,
    ) -> None:
        if isinstance(api_key, str):
            api_key = SecretStr(api_key)
        # Kept as SecretStr: a repr, a log line or a traceback's locals show "**********".
        self._secret = api_key if api_key and api_key.get_secret_value() else None
        self.base_url = base_url.rstrip("/")
        self.retry = retry
        self.pending_window = pending_window
        self._clock = clock
        self._sleep = sleep
        self.max_response_bytes = max_response_bytes
        self._redactor = KeyRedactor(self._secret.get_secret_value() if self._secret else None)
        self.warning: str | None = None
        """Said once by the front end: the key would be sent unencrypted (http:// to a host
        that is not loopback). None for in-process transports."""
        self._proxy_problem: str | None = None
        self.proxy = ""
        """The proxy requests go through (scheme://host:port), "" when none."""
        # httpx enforces its timeouts per network phase, and not at all for in-process
        # transports (ASGITransport): an overall deadline per request covers both.
        self._deadline = timeout + min(1.0, timeout / 2)
        # Only what the body reader can decode within its limit (httpx would add br and zstd).
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json",
                   "Accept-Encoding": ACCEPT_ENCODING}
        if self._secret:
            headers["Authorization"] = f"Bearer {self._secret.get_secret_value()}"
        timeouts = {"timeout": timeout, "connect_timeout": connect_timeout}
        self._exchange: Exchange
        if transport is not None:
            from explorer.api.transport import HttpxExchange

            self._exchange = HttpxExchange(transport, headers, **timeouts)
            return
        from explorer.api.proxies import insecure_key_warning, proxy_for, url_parts

        url_parts(self.base_url)  # a base URL httpx cannot read raises its InvalidURL here
        choice = proxy_for(self.base_url)
        self._proxy_problem = choice.problem
        self.proxy = choice.shown
        if self._secret:
            self.warning = insecure_key_warning(self.base_url)
        # `few_requests` (a command-line lookup): quick to start rather than cheap per request.
        self._exchange = (_quick_exchange(self.base_url, choice, headers, timeouts) if few_requests
                          else _network_exchange(self.base_url, choice, headers, timeouts))

    async def __aenter__(self) -> GenerationsClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._exchange.aclose()

    def redact(self, text: str) -> str:
        """Remove the API key, in any form a server can echo it, from text that came back."""
        if self._secret and text:
            text = text.replace(self._secret.get_secret_value(), "***")
        return self._redactor.text(text)

    async def get_generation(self, generation_id: str) -> Generation:
        """Metadata of one generation."""
        model, _ = await self._fetch("/generation", normalize_id(generation_id), GenerationEnvelope)
        return model.data

    async def get_content(self, generation_id: str) -> GenerationContent:
        """Stored content of one generation."""
        model, _ = await self._fetch("/generation/content", normalize_id(generation_id),
                                     ContentEnvelope)
        return model.data

    async def lookup(self, generation_id: str) -> Lookup:
        """Metadata and content, both requests in flight at the same time.

        A metadata failure raises; a content failure (403 when I/O logging is off) is kept in
        `Lookup.content_error` so the metadata still shows.
        """
        generation_id = normalize_id(generation_id)
        content_task = asyncio.ensure_future(
            self._fetch("/generation/content", generation_id, ContentEnvelope)
        )
        try:
            meta, raw_meta = await self._fetch("/generation", generation_id, GenerationEnvelope)
        except BaseException:
            content_task.cancel()
            await asyncio.gather(content_task, return_exceptions=True)
            raise
        lookup = Lookup(generation=meta.data, raw_generation=raw_meta.get("data", {}))
        try:
            content, raw_content = await content_task
            lookup.content = content.data
            lookup.raw_content = raw_content.get("data")
        except ApiError as error:
            lookup.content_error = error
        return lookup

    async def _fetch(self, path: str, generation_id: str, model: type[Model]) -> tuple[Model, dict]:
        """One request, retried on a retryable error per `self.retry`.

        Stops after `attempts` tries, or before a wait that would end past `budget_seconds`;
        the budget counts from the first failure (monotonic time), so a slow first try still
        gets its retries. The last error is raised. `generation_id` is normalized already.
        """
        policy = self.retry
        attempt = 1
        first_failure_at: float | None = None
        while True:
            try:
                return await self._fetch_once(path, generation_id, model)
            except ApiError as error:
                if not error.retryable or attempt >= policy.attempts:
                    raise
                now = time.monotonic()
                if first_failure_at is None:
                    first_failure_at = now
                delay = policy.delay_for(attempt, error)
                if now - first_failure_at + delay >= policy.budget_seconds:
                    raise
            await self._sleep(delay)
            attempt += 1

    async def _fetch_once(self, path: str, generation_id: str, model: type[Model]) -> tuple[Model, dict]:
        try:
            return await self._request(path, generation_id, model)
        except ApiError:
            raise
        except Exception as exc:  # nothing known gets here; if anything does, it ends this request only
            problem = f"{type(exc).__name__}: {self.redact(str(exc))}"
        # Outside the except block: no __context__ holding what the server sent.
        raise UnexpectedError(problem)

    async def _request(self, path: str, generation_id: str, model: type[Model]) -> tuple[Model, dict]:
        if self._proxy_problem:
            raise NetworkError(self._proxy_problem, hint="Fix HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, "
                               "or exempt the host with NO_PROXY.")
        url = f"{self.base_url}{path}?id={quote(generation_id, safe='')}"
        try:
            # One deadline over the request and the whole (streamed) body: a slow or endless
            # body ends here as surely as a silent server.
            async with asyncio.timeout(self._deadline):
                response = await self._exchange.get(url)
                try:
                    body = await read_bounded(response, self.max_response_bytes)
                finally:
                    await response.aclose()
        except TimeoutError:
            from explorer.api.proxies import url_parts

            host = url_parts(self.base_url)[1] or self.base_url
            raise RequestTimeoutError(f"no answer from {host} within {self._deadline:g} s") from None
        except Exception as exc:
            if not is_httpx_error(exc):  # an ApiError of the body's reader, say
                raise
            raise network_error(exc, self.base_url, proxy=self.proxy) from None
        answer = Answer(response.status_code, response.reason_phrase, response.headers, body)
        if answer.status_code != 200:
            raise error_from_response(
                answer,
                generation_id=generation_id,
                redact=self.redact,
                now=self._clock(),
                pending_window=self.pending_window,
            )
        if len(body) > LARGE_BODY_BYTES:
            # Parsing and validating megabytes takes long enough to freeze a UI: use a thread.
            return await asyncio.to_thread(self._parse, answer, model)
        return self._parse(answer, model)

    def _parse(self, response: Answer, model: type[Model]) -> tuple[Model, dict]:
        """`parse_body`, the key removed in every form first (from the raw bytes and from
        every parsed string): an echo must not reach a screen, the history or an export."""
        scrub = self._redactor if self._redactor.active else None
        return parse_body(response, model, redact=self.redact, scrub=scrub)


def _direct_exchange(base_url: str, choice: Any, headers: dict[str, str],
                     timeouts: dict[str, float]) -> Exchange | None:
    """`http1` with kept connections for a direct connection to a plain base URL: quick to
    start (nothing heavy to import) and ~40 µs of CPU a request; None for anything else."""
    from explorer.api.http1 import Http1Exchange, default_tls_context, plain_request

    origin = plain_request(base_url, headers)
    if choice.url is None and origin is not None:
        return Http1Exchange(origin, headers, tls_context=default_tls_context, **timeouts)
    return None


def _quick_exchange(base_url: str, choice: Any, headers: dict[str, str],
                    timeouts: dict[str, float]) -> Exchange:
    """A direct connection over `http1`; else, through a proxy say, httpx's own transport."""
    if (direct := _direct_exchange(base_url, choice, headers, timeouts)) is not None:
        return direct
    from explorer.api.transport import HttpxExchange, quick_transport

    return HttpxExchange(quick_transport(base_url, choice), headers, **timeouts)


def _network_exchange(base_url: str, choice: Any, headers: dict[str, str],
                      timeouts: dict[str, float]) -> Exchange:
    """The least CPU per request (the TUI, a batch): a direct connection over `http1`; else
    aiohttp driven directly (~200 µs a request; through a proxy, say)."""
    if (direct := _direct_exchange(base_url, choice, headers, timeouts)) is not None:
        return direct
    from explorer.api.transport import AiohttpExchange

    return AiohttpExchange(base_url, headers, proxy=choice, **timeouts)


__all__ = [
    "DEFAULT_BASE_URL",
    "GenerationsClient",
    "InvalidIdError",
    "Lookup",
    "NO_RETRY",
    "RetryPolicy",
    "retry_after_seconds",
]
