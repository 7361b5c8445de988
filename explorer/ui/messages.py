"""The lookup pipeline's messages, and `fetch_and_post`, the lookup worker's body that posts them.

Each message carries the `token` of the lookup that produced it; the main screen drops a message
whose token is not the current one, so a slow old answer never overwrites a newer lookup.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual.message import Message

from explorer.api.errors import ApiError, NotFoundError, UnexpectedError
from explorer.ui.lookup_state import Pending

if TYPE_CHECKING:
    from explorer.api.client import GenerationsClient, Lookup
    from explorer.services import Services


class LookupMessage(Message, bubble=False):
    """Base: which lookup (`token`) of which generation ID this is about (for the main screen
    only: it does not bubble)."""

    def __init__(self, token: int, generation_id: str) -> None:
        super().__init__()
        self.token = token
        self.generation_id = generation_id


class GenerationLoaded(LookupMessage, bubble=False):
    """The metadata (and content, or why there is none) arrived."""

    def __init__(self, token: int, lookup: Lookup) -> None:
        super().__init__(token, lookup.id)
        self.lookup = lookup


class LookupFailed(LookupMessage, bubble=False):
    """The lookup ended with a service error (already a one-line, key-free `ApiError`)."""

    def __init__(self, token: int, generation_id: str, error: ApiError) -> None:
        super().__init__(token, generation_id)
        self.error = error


class PendingCountdownTicked(LookupMessage, bubble=False):
    """A young generation had no stats yet; the next try comes in `seconds_left` seconds. It
    finished `finished_seconds_ago` (None: its ID does not say when), counted on each tick."""

    def __init__(self, token: int, generation_id: str, error: ApiError, *, seconds_left: int,
                 attempt: int, max_attempts: int, finished_seconds_ago: int | None = None) -> None:
        super().__init__(token, generation_id)
        self.error = error
        self.seconds_left = seconds_left
        self.attempt = attempt
        self.max_attempts = max_attempts
        self.finished_seconds_ago = finished_seconds_ago

    def pending(self, previous: Lookup | None) -> Pending:
        """The main screen's state for this tick; `previous`: the generation to show again if
        the lookup fails or is cancelled."""
        return Pending(self.generation_id, self.error, self.seconds_left, self.attempt,
                       self.max_attempts, self.finished_seconds_ago, previous)


async def fetch_and_post(
    post: Callable[[Message], object],
    services: Services,
    generation_id: str,
    token: int,
    *,
    retry_seconds: int,
    max_attempts: int | None,
    sleep: Callable[[float], Awaitable[None]],
) -> None:
    """Look `generation_id` up and `post` how it went: `GenerationLoaded` or `LookupFailed`, and
    while a young generation has no stats yet, a `PendingCountdownTicked` per second (paced by
    `sleep`) before trying again, up to `max_attempts` tries (None: enough to cover the
    client's pending window)."""
    attempt = 1
    while True:
        try:
            client = await services.client()
            lookup = await client.lookup(generation_id)
        except NotFoundError as error:
            tries = max_attempts or _tries_for_pending_window(client, retry_seconds)
            if not error.pending or attempt >= tries:
                post(LookupFailed(token, generation_id, error))
                return
            age = error.age_seconds
            for seconds_left in range(retry_seconds, 0, -1):
                waited = retry_seconds - seconds_left  # since the answer said how old it is
                post(PendingCountdownTicked(
                    token, generation_id, error, seconds_left=seconds_left, attempt=attempt,
                    max_attempts=tries,
                    finished_seconds_ago=None if age is None else max(0, int(age)) + waited))
                await sleep(1)
            attempt += 1
        except ApiError as error:
            post(LookupFailed(token, generation_id, error))
            return
        except Exception as error:  # never a traceback on screen
            text = f"{type(error).__name__}: {error}"
            built = services.built_client
            post(LookupFailed(token, generation_id,
                              UnexpectedError(built.redact(text) if built else text)))
            return
        else:
            post(GenerationLoaded(token, lookup))
            return


def _tries_for_pending_window(client: GenerationsClient, retry_seconds: int) -> int:
    return max(2, math.ceil(client.pending_window / retry_seconds) + 1)
