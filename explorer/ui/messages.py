"""Messages of the lookup pipeline, posted by `ExplorerApp`'s lookup worker to the app itself.

Each carries the `token` of the lookup that produced it; the app drops a message whose token is
not the current one, so a slow old answer never overwrites a newer lookup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from explorer.api.errors import ApiError

if TYPE_CHECKING:
    from explorer.api.client import Lookup


class UnexpectedError(ApiError):
    """A failure the service layer did not foresee, shown like any other error."""

    kind = "unexpected"
    title = "Unexpected error"
    hint = "This is a bug in the explorer; press r to retry."


class LookupMessage(Message):
    """Base: which lookup (`token`) of which generation ID this is about."""

    def __init__(self, token: int, generation_id: str) -> None:
        super().__init__()
        self.token = token
        self.generation_id = generation_id


class GenerationLoaded(LookupMessage):
    """The metadata (and content, or why there is none) arrived."""

    def __init__(self, token: int, lookup: Lookup) -> None:
        super().__init__(token, lookup.id)
        self.lookup = lookup


class LookupFailed(LookupMessage):
    """The lookup ended with a service error (already a one-line, key-free `ApiError`)."""

    def __init__(self, token: int, generation_id: str, error: ApiError) -> None:
        super().__init__(token, generation_id)
        self.error = error


class PendingCountdownTicked(LookupMessage):
    """A young generation had no stats yet; the next try comes in `seconds_left` seconds."""

    def __init__(self, token: int, generation_id: str, error: ApiError, *, seconds_left: int,
                 attempt: int, max_attempts: int) -> None:
        super().__init__(token, generation_id)
        self.error = error
        self.seconds_left = seconds_left
        self.attempt = attempt
        self.max_attempts = max_attempts
