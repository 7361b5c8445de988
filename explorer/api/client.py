"""`GenerationsClient`: the async service every front end (TUI, CLI, batch) goes through."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, SecretStr

from explorer import __version__
from explorer.api.errors import ApiError, InvalidIdError, RequestTimeoutError
from explorer.api.ids import normalize_id
from explorer.api.models import ContentEnvelope, Generation, GenerationContent, GenerationEnvelope
from explorer.api.responses import error_from_response, network_error, parse_body, retry_after_seconds
from explorer.settings import APP_NAME, DEFAULT_BASE_URL

USER_AGENT = f"{APP_NAME}/{__version__} (+httpx)"
LARGE_BODY_BYTES = 256 * 1024
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


def network_transport() -> httpx.AsyncBaseTransport:
    """httpx's API over aiohttp's connection handling: the same behaviour for the client code,
    at about half the CPU per request, which is what bounds a large batch on a small machine."""
    from httpx_aiohttp import AiohttpTransport

    return AiohttpTransport(limits=httpx.Limits(max_connections=100, max_keepalive_connections=64))


MIN_REDACTED_KEY = 8  # bytes: shorter keys are not searched for in 200 bodies


class _NoCookies(httpx.Cookies):
    def extract_cookies(self, response: httpx.Response) -> None:
        pass  # the API sets none


class _CookielessClient(httpx.AsyncClient):
    """httpx without cookie bookkeeping: the API sets no cookies, yet reading each response's
    (absent) Set-Cookie cost a tenth of a request's CPU, and a batch sends thousands."""

    _no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        pass  # httpx.AsyncClient.__init__ sets them; there are none to keep


class GenerationsClient:
    """Looks up generations over one shared `httpx.AsyncClient`.

    Pass `transport` to run in-process (the demo API over `httpx.ASGITransport`, or a
    `MockTransport` in tests): the same code path as over the network.
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
        # httpx enforces its timeouts per network phase, and not at all for in-process
        # transports (ASGITransport): an overall deadline per request covers both.
        self._deadline = timeout + min(1.0, timeout / 2)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if self._secret:
            headers["Authorization"] = f"Bearer {self._secret.get_secret_value()}"
        self._http = _CookielessClient(
            transport=transport or network_transport(),
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(connect_timeout, timeout)),
            follow_redirects=False,
        )

    async def __aenter__(self) -> GenerationsClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the shared HTTP client."""
        await self._http.aclose()

    def redact(self, text: str) -> str:
        """Remove the API key from text that came back from a server."""
        if self._secret and text:
            return text.replace(self._secret.get_secret_value(), "***")
        return text

    def _without_key(self, response: httpx.Response) -> httpx.Response:
        """The response with any echo of the API key replaced by `***` (a gateway that puts
        the request's key in a 200 body must not get it on screen, into history or exports).
        Searched in the raw bytes, so a 14 MB body costs a few milliseconds."""
        key = self._secret.get_secret_value().encode() if self._secret else b""
        # A key of a few letters (a test's "k") would match ordinary text everywhere; real
        # keys are long, and only those are worth, and safe, to hunt for.
        if len(key) < MIN_REDACTED_KEY or key not in response.content:
            return response
        return httpx.Response(response.status_code, content=response.content.replace(key, b"***"),
                              headers={"content-type": response.headers.get("content-type", "")})

    async def get_generation(self, generation_id: str) -> Generation:
        """Metadata of one generation."""
        model, _ = await self._fetch("/generation", generation_id, GenerationEnvelope)
        return model.data

    async def get_content(self, generation_id: str) -> GenerationContent:
        """Stored content of one generation."""
        model, _ = await self._fetch("/generation/content", generation_id, ContentEnvelope)
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
        gets its retries. The last error is raised.
        """
        generation_id = normalize_id(generation_id)
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
            async with asyncio.timeout(self._deadline):
                # The query built here, not from params=: httpx's merging of params costs as
                # much again as the rest of building the request (a batch sends thousands).
                url = f"{self.base_url}{path}?id={quote(generation_id, safe='')}"
                response = await self._http.get(url)
                # Read inside the try: a connection reset mid-body surfaces here.
                await response.aread()
        except httpx.HTTPError as exc:
            raise network_error(exc, self.base_url) from None
        except TimeoutError:
            host = httpx.URL(self.base_url).host or self.base_url
            raise RequestTimeoutError(f"no answer from {host} within {self._deadline:g} s") from None
        if response.status_code != 200:
            raise error_from_response(
                response,
                generation_id=generation_id,
                redact=self.redact,
                now=self._clock(),
                pending_window=self.pending_window,
            )
        response = self._without_key(response)
        if len(response.content) > LARGE_BODY_BYTES:
            # Parsing and validating megabytes takes long enough to freeze a UI: use a thread.
            return await asyncio.to_thread(parse_body, response, model, redact=self.redact)
        return parse_body(response, model, redact=self.redact)


__all__ = [
    "DEFAULT_BASE_URL",
    "GenerationsClient",
    "InvalidIdError",
    "Lookup",
    "NO_RETRY",
    "RetryPolicy",
    "retry_after_seconds",
]
