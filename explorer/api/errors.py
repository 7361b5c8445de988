"""Typed service errors: each carries a one-line human message and a hint for what to do.

The UI and the CLI show `title`, `message` and `hint`; nothing here ever includes the API key
(server text passes through `redact` in the client before it reaches an error).
"""

from __future__ import annotations


class ApiError(Exception):
    """Base of every error the service raises. `str(err)` is one line, safe to print."""

    kind = "error"
    title = "Request failed"
    hint = ""
    retryable = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        hint: str | None = None,
        server_message: str | None = None,
        code: int | str | None = None,
    ) -> None:
        self.message = _one_line(message)
        self.status = status
        self.server_message = _one_line(server_message) if server_message else None
        self.code = code
        if hint is not None:
            self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """`Title: message` on one line, for stderr, notifications and logs."""
        return f"{self.title}: {self.message}"


def _one_line(text: str, limit: int = 500) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class InvalidIdError(ApiError):
    """The ID was refused before any request was made."""

    kind = "invalid-id"
    title = "Invalid generation ID"
    hint = "Paste an ID like gen-1771967973-0hZ8J5kY7qLMOKbPx0u3, or a URL containing id=…"


class MissingKeyError(ApiError):
    """No API key is configured and the app is not in demo mode."""

    kind = "missing-key"
    title = "No API key"
    hint = (
        "Set MODELGATES_API_KEY (export MODELGATES_API_KEY=…), "
        "or try the built-in demo API with --demo."
    )


class HttpStatusError(ApiError):
    """The server answered with an error status."""

    kind = "http"
    title = "HTTP error"
    hint = "The server refused the request; the message above is what it said."


class UnauthorizedError(HttpStatusError):
    kind = "unauthorized"
    title = "Unauthorized (401)"
    hint = "Check MODELGATES_API_KEY: the key is missing, mistyped or revoked."


class PaymentRequiredError(HttpStatusError):
    kind = "payment-required"
    title = "Payment required (402)"
    hint = "The account is out of credits: add credits, then retry."


class ForbiddenError(HttpStatusError):
    kind = "forbidden"
    title = "Forbidden (403)"
    hint = (
        "Content is stored only when the account logs prompts and completions, "
        "and only the account that made the generation can read it."
    )


class NotFoundError(HttpStatusError):
    """404. `pending` is set when the ID is young: its stats are probably not ready yet."""

    kind = "not-found"
    title = "Not found (404)"
    hint = "Check the ID. Generations made with another account's key are not visible."

    def __init__(self, message: str, *, pending: bool = False, age_seconds: float | None = None,
                 **kwargs) -> None:
        self.pending = pending
        self.age_seconds = age_seconds
        if pending:
            self.kind = "pending"
            self.title = "Not ready yet (404)"
            kwargs.setdefault(
                "hint", "Stats appear a few seconds after a generation finishes; retrying."
            )
        super().__init__(message, **kwargs)


class RateLimitedError(HttpStatusError):
    """429, with the server's Retry-After when it gave one."""

    kind = "rate-limited"
    title = "Rate limited (429)"
    hint = "Too many requests: wait a moment and retry."
    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs) -> None:
        self.retry_after = retry_after
        if retry_after is not None:
            kwargs.setdefault("hint", f"The server asks to wait {retry_after:g} s before retrying.")
        super().__init__(message, **kwargs)


class ServerError(HttpStatusError):
    kind = "server-error"
    title = "Server error (500)"
    hint = "ModelGates had an internal error; retrying usually helps."
    retryable = True


class BadGatewayError(HttpStatusError):
    kind = "bad-gateway"
    title = "Bad gateway (502)"
    hint = "An upstream provider or proxy failed; retry in a moment."
    retryable = True


class EdgeTimeoutError(HttpStatusError):
    kind = "edge-timeout"
    title = "Edge timeout (524)"
    hint = "The request timed out at the edge network; retry in a moment."
    retryable = True


class ProviderOverloadedError(HttpStatusError):
    kind = "overloaded"
    title = "Provider overloaded (529)"
    hint = "The provider is temporarily overloaded; retry in a moment."
    retryable = True


class NetworkError(ApiError):
    """The request never got an HTTP answer: refused, DNS, TLS, reset."""

    kind = "network"
    title = "Network error"
    hint = "Check the base URL and your connection."
    retryable = True


class RequestTimeoutError(ApiError):
    kind = "timeout"
    title = "Timed out"
    hint = "The server did not answer in time; retry, or raise MODELGATES_TIMEOUT."
    retryable = True


class InvalidResponseError(ApiError):
    """The server answered, but not with what the API documents (HTML, truncated, wrong shape)."""

    kind = "invalid-response"
    title = "Invalid response"
    hint = "The server's answer was not the API's JSON; check the base URL or retry."


class ResponseTooLargeError(InvalidResponseError):
    """The answer passed a limit: its size (`max_response_mb`), its nesting or its item count.
    Reading stopped there, so a hostile or broken server cannot take the memory or the time."""

    kind = "too-large"
    title = "Response too large"
    hint = ("No real generation comes near this limit; if the server is right, raise "
            "MODELGATES_MAX_RESPONSE_MB (max_response_mb in the config file).")


class MalformedHttpError(InvalidResponseError):
    """The answer's status line or headers could not be read (too many, too long, not HTTP)."""

    kind = "malformed-http"
    title = "Malformed HTTP answer"
    hint = "Something between here and the API (the server or a proxy) sent broken HTTP; check the base URL."


class UnshowableResponseError(ApiError):
    """An answer that parsed but could not be shown (from the network, or stored in the history)."""

    kind = "unshowable"
    title = "Cannot show this generation"
    hint = "Its data holds values the viewer cannot display; `show --json ID` prints it as sent."


class UnexpectedError(ApiError):
    """A lookup failed in a way nothing foresaw; it ends that lookup only."""

    kind = "unexpected"
    title = "Unexpected error"
    hint = "This lookup failed; the others are not affected. MODELGATES_EXPLORER_DEBUG=1 shows details."


STATUS_ERRORS: dict[int, type[HttpStatusError]] = {
    401: UnauthorizedError,
    402: PaymentRequiredError,
    403: ForbiddenError,
    404: NotFoundError,
    429: RateLimitedError,
    500: ServerError,
    502: BadGatewayError,
    524: EdgeTimeoutError,
    529: ProviderOverloadedError,
}


def error_class_for(status: int) -> type[HttpStatusError]:
    """The error class for an HTTP status; other 5xx retry, other 4xx do not."""
    if status in STATUS_ERRORS:
        return STATUS_ERRORS[status]
    return _OtherServerError if status >= 500 else HttpStatusError


class _OtherServerError(HttpStatusError):
    kind = "server-error"
    title = "Server error"
    hint = "The server failed; retrying usually helps."
    retryable = True
