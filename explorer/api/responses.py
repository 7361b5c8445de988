"""Turning raw HTTP answers into models or typed errors, with messages a person can act on."""

from __future__ import annotations

import json
import socket
import ssl
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import pydantic_core
from pydantic import BaseModel, ValidationError

from explorer.api.errors import (
    ApiError,
    InvalidResponseError,
    MalformedHttpError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    RequestTimeoutError,
    error_class_for,
)
from explorer.api.ids import embedded_unix_time
from explorer.api.json_limits import check_container_count, check_json_limits, too_deep
from explorer.api.models import ErrorBody

if TYPE_CHECKING:
    import httpx

    from explorer.api.answer import Answer

Model = TypeVar("Model", bound=BaseModel)


class Scrub(Protocol):
    """Removes a secret from a body before parsing and from the parsed value (`KeyRedactor`)."""

    def literal_body(self, body: bytes) -> bytes: ...

    def may_hide_in_escapes(self, body: bytes) -> bool: ...

    def value(self, value: Any) -> Any: ...


def parse_body(
    response: Answer | httpx.Response, model: type[Model], *, redact: Callable[[str], str],
    scrub: Scrub | None = None,
) -> tuple[Model, dict[str, Any]]:
    """Parse a 200 body into `model`; anything else raises `InvalidResponseError` (or its
    `ResponseTooLargeError` when the JSON passes the nesting or item limits). With `scrub`, the
    secret is removed from the raw bytes (its literal forms) and from every parsed string."""
    body, encoded = response.content, False
    if scrub is not None:
        encoded = scrub.may_hide_in_escapes(body)
        body = scrub.literal_body(body)
    big_enough = check_container_count(body, response.status_code)
    raw = _json_or_error(response, body, redact)
    if big_enough:
        check_json_limits(raw, status=response.status_code)
    if encoded:  # escapes are decoded now: every form is found in the strings
        raw = scrub.value(raw)
    if not isinstance(raw, dict):
        raise InvalidResponseError(
            f"expected a JSON object, got {_json_type(raw)}", status=response.status_code
        )
    try:
        return model.model_validate(raw), raw
    except ValidationError as exc:
        problem = describe_validation_error(exc)
    except RecursionError:
        problem = None
    if problem is None:
        raise too_deep(response.status_code)
    # Raised outside the except block: the error must not keep the body (which a server may
    # have filled with the echoed key) alive in its __context__.
    raise InvalidResponseError(problem, status=response.status_code)


def describe_validation_error(exc: ValidationError) -> str:
    """One sentence naming the first wrong field, never a pydantic dump."""
    errors = exc.errors(include_url=False, include_input=False)
    if not errors:
        return "the body does not have the documented shape"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "the body"
    kind = first.get("type", "")
    if kind == "missing":
        what = f"field '{where}' is missing"
    elif kind in ("model_type", "dict_type"):
        what = f"field '{where}' should be an object"
    elif kind == "list_type":
        what = f"field '{where}' should be a list"
    elif kind.startswith(("int", "float")):
        what = f"field '{where}' should be a number"
    elif kind == "string_too_short":
        what = f"field '{where}' is empty"
    elif kind.startswith("string"):
        what = f"field '{where}' should be text"
    elif kind.startswith("bool"):
        what = f"field '{where}' should be true or false"
    else:
        what = f"field '{where}' is not valid ({kind})"
    more = len(errors) - 1
    return what + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def error_from_response(
    response: Answer | httpx.Response,
    *,
    generation_id: str,
    redact: Callable[[str], str],
    now: float,
    pending_window: float,
) -> ApiError:
    """The typed error for a non-200 answer, with the server's own message when it sent one."""
    status = response.status_code
    server_message, code = _error_message(response, redact)
    cls = error_class_for(status)
    reason = redact(response.reason_phrase or "error")  # server text: it may quote the key
    message = server_message or f"the server answered {status} {reason}"
    if server_message is None and _looks_like_html(response):
        message = f"the server answered {status} with an HTML page instead of JSON"
    kwargs: dict[str, Any] = {"status": status, "server_message": server_message, "code": code}
    if cls is NotFoundError:
        created = embedded_unix_time(generation_id)
        age = None if created is None else now - created
        pending = age is not None and -pending_window <= age <= pending_window
        if pending:
            message = f"generation finished {max(0, int(age))} s ago; its stats are not ready yet"
        return NotFoundError(message, pending=pending, age_seconds=age, **kwargs)
    if cls is RateLimitedError:
        return RateLimitedError(message, retry_after=retry_after_seconds(response.headers, now), **kwargs)
    return cls(message, **kwargs)


def retry_after_seconds(headers: Any, now: float | None = None) -> float | None:
    """Seconds to wait from `Retry-After` (delta or HTTP date) or `X-RateLimit-Reset`."""
    now = time.time() if now is None else now
    value = headers.get("retry-after")
    if value:
        value = value.strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            import email.utils  # only for an HTTP date

            parsed = email.utils.parsedate_to_datetime(value) if value else None
            if parsed is not None:
                return max(0.0, parsed.timestamp() - now)
    reset = headers.get("x-ratelimit-reset")
    if reset:
        try:
            number = float(reset.strip())
        except ValueError:
            return None
        if number > 1e12:  # epoch milliseconds (what OpenRouter-style gateways send)
            return max(0.0, number / 1000 - now)
        if number > 1e9:  # epoch seconds
            return max(0.0, number - now)
        return max(0.0, number)
    return None


_RESET_NAMES = {"ServerDisconnectedError", "ClientPayloadError", "RemoteProtocolError",
                "ReadError", "WriteError", "ConnectionResetError", "BrokenPipeError",
                "IncompleteReadError", "ContentLengthError", "TransferEncodingError"}


def network_error(exc: httpx.HTTPError, base_url: str, *, proxy: str = "") -> ApiError:
    """A specific message for a request that never got a usable HTTP answer.

    Classified by the whole cause chain, not the outer class: transports wrap the real cause
    (a refused socket, a DNS failure) in whichever httpx class they map it to. `proxy` is the
    proxy the request went through (shown without credentials), if any.
    """
    import httpx  # loaded already: `exc` is one of its errors

    from explorer.api.transport import malformed_http_reason

    host = httpx.URL(base_url).host or base_url

    if (reason := malformed_http_reason(exc)) is not None:
        return MalformedHttpError(reason)  # the status line or headers could not be read
    chain = _exception_chain(exc)
    through_proxy = isinstance(exc, httpx.ProxyError) or any("Proxy" in type(e).__name__ for e in chain)
    if through_proxy or (proxy and isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))):
        # With a proxy, connecting means connecting to the proxy.
        # Never str(exc): a proxy URL may carry a user and password.
        return NetworkError(f"could not reach {host} through the proxy {proxy or '(from the environment)'}",
                            hint="Check HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, or exempt the host "
                                 "with NO_PROXY.")
    names = {type(e).__name__ for e in chain}
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, ssl.SSLError) for e in chain) or "certificate" in text:
        return NetworkError(f"TLS handshake with {host} failed")
    if any(isinstance(e, socket.gaierror) for e in chain) or "name or service" in text \
            or "nodename" in text or "name resolution" in text:
        return NetworkError(f"cannot resolve host {host} (DNS)")
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "connection refused" in text \
            or "errno 111" in text:
        return NetworkError(f"connection to {host} refused: is the server running?")
    if names & _RESET_NAMES or "reset by peer" in text:
        return NetworkError(f"connection to {host} was reset or closed mid-response")
    if any(isinstance(e, (TimeoutError, httpx.TimeoutException)) for e in chain):
        phase = "connecting to" if "connect" in " ".join(names).lower() else "waiting for"
        return RequestTimeoutError(f"timed out {phase} {host}")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return NetworkError(f"unsupported URL scheme in base URL {base_url!r}")
    if isinstance(exc, httpx.ConnectError):
        return NetworkError(f"cannot connect to {host}")
    return NetworkError(f"request to {host} failed ({type(exc).__name__})")


def _exception_chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _json_or_error(response: Answer | httpx.Response, body: bytes,
                   redact: Callable[[str], str]) -> Any:
    if not body.strip():
        raise InvalidResponseError("the server sent an empty body", status=response.status_code)
    if _looks_like_html(response):
        raise InvalidResponseError(
            "the server sent an HTML page instead of JSON", status=response.status_code
        )
    try:
        # jiter (pydantic's parser) takes a third of json's time on a megabyte body, and the
        # parse holds the GIL all along: the UI thread waits that long. It refuses what json
        # accepts (a lone surrogate escape) and says less about what is wrong: json decides.
        # Only field names go to its process-wide string cache: values (IDs, bits of prompts)
        # would stay there, up to 16,384 of them, long after their answer is gone.
        return pydantic_core.from_json(body, cache_strings="keys")
    except ValueError as exc:
        deep = "recursion limit" in str(exc)  # jiter stops at 200 levels; json goes on to 1,000
    if deep:
        raise too_deep(response.status_code)
    try:
        return json.loads(body)
    except RecursionError:
        what = None
    except UnicodeDecodeError:
        what = "the body is not UTF-8 text"
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(exc.doc.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
        if at_end:
            what = f"the JSON body is truncated (cut off after {len(body):,} bytes)"
        else:
            what = f"the body is not valid JSON ({exc.msg}: line {exc.lineno}, column {exc.colno})"
    if what is None:
        raise too_deep(response.status_code)
    # Outside the except block: no __context__ holding the body (JSONDecodeError.doc).
    raise InvalidResponseError(redact(what), status=response.status_code)


def _error_message(response: Answer | httpx.Response,
                   redact: Callable[[str], str]) -> tuple[str | None, Any]:
    try:
        body = ErrorBody.model_validate(json.loads(response.content))
    except (ValueError, ValidationError, UnicodeDecodeError, RecursionError):
        return None, None
    message, code = body.error.message, body.error.code
    if isinstance(code, str):  # a code is server text too: it may quote the key back
        code = redact(code)
    return (redact(message) if message else None), code


def _looks_like_html(response: Answer | httpx.Response) -> bool:
    if "html" in response.headers.get("content-type", "").lower():
        return True
    head = response.content[:64].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html"))


def _json_type(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), "null" if value is None else type(value).__name__
    )
