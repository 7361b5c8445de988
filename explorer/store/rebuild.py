"""Rebuild a `Lookup` from a generation saved in the history: open it offline, render it the
same way as a fresh lookup, export or compare it.

No Textual import; the pydantic models load on the first call (not at import), so UI modules
can import this one at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.api.errors import ApiError

if TYPE_CHECKING:
    from explorer.api.client import Lookup
    from explorer.store.schema import StoredGeneration


class ContentNotInHistory(ApiError):
    """The history holds the metadata of a generation but not its content."""

    kind = "not-in-history"
    title = "Content not in history"
    hint = "Press r to fetch the generation from the API again."


def lookup_from_stored(stored: StoredGeneration) -> Lookup:
    """The `Lookup` a fresh lookup would have returned, from the saved raw JSON.

    `fetched_at` is when it was fetched (not now). Without saved content, `content_error` says
    so (the original reason, e.g. a 403, is not kept in the history).
    """
    from explorer.api.client import Lookup
    from explorer.api.json_limits import check_json_limits
    from explorer.api.models import ContentEnvelope, GenerationEnvelope

    # A row saved before the client bounded answers may nest deeper than any view can show:
    # it is refused here with the client's own error, not halfway through rendering.
    check_json_limits([stored.generation, stored.content], status=None)
    generation = GenerationEnvelope.model_validate({"data": stored.generation}).data
    lookup = Lookup(generation=generation, raw_generation=stored.generation,
                    fetched_at=stored.fetched_at)
    if stored.content is None:
        lookup.content_error = ContentNotInHistory(
            "the content was not available when this generation was fetched"
        )
    else:
        lookup.content = ContentEnvelope.model_validate({"data": stored.content}).data
        lookup.raw_content = stored.content
    return lookup


def load_stored_lookup(store: object, generation_id: str) -> tuple[Lookup, float] | None:
    """(lookup, when it was fetched, Unix seconds) for a stored generation, None when it is not
    in `store` (or there is no store). Blocking: call it from a thread."""
    get = getattr(store, "get", None)
    stored = None if get is None else get(generation_id)
    if stored is None:
        return None
    return lookup_from_stored(stored), stored.fetched_at
