"""The demo data set: realistic ModelGates generations served by the demo API.

Records live as one JSON file each in ``assets/demo/`` (shipped as ``explorer/_assets/demo``).
Each file holds ``id``, ``title``, ``generation`` (the ``data`` object of ``GET /generation``) and
``content`` (the ``data`` object of ``GET /generation/content``; ``null`` = content not stored,
so the content endpoint answers 403). Two compact encodings keep the files small and readable:

- ``output.completion``, ``output.reasoning`` and ``input.prompt`` may be a list of lines;
- strings ``"@blob:<name>"`` stand for generated attachments (see :mod:`explorer.demo.blobs`);
- ``content_recipe`` (instead of ``content``) is expanded by :func:`explorer.demo.synth.long_conversation`.

Stable demo IDs (newest first):

``gen-1795252840-WLFbAzjQ05OI43qHdKCR``  auto-router        router modelgates/auto, same session as the café chat
``gen-1795252502-7DJzk3i8ju6BRoQowFgs``  rate-limited-once  first request per endpoint → 429 + Retry-After: 1
``gen-1795176041-0gbVC3lrAmSJ2km14IKC``  schema-drift       unknown fields/enum values, provider "Quasar Compute"
``gen-1795059686-GDinouxZjugnDD57Nb5s``  provider-storm     19 failed attempts, then 200
``gen-1795012512-zi2Eg3h0p54qGzTYdXt5``  response-cache-hit provider_responses null
``gen-1795012327-38AibNyyurlGFb0EkjKW``  fallback-chain     429 → 502 → 200 across three providers
``gen-1794998044-I2nVsbBi1RMar1jf3YZ4``  all-providers-failed 429 → 503 → 502; content ``error`` with previous_errors
``gen-1794906344-REhbiGjlvhkTp3SKQOo6``  reasoning-long     deepseek-r1 with ~5.6 KB of reasoning
``gen-1794846113-kwMJFrCfZ4U2EqkNk6sE``  tool-chat-image    system/user(image)/assistant(tool_calls)/tool
``gen-1794846109-Cd6rvau5kHvRwMzzuVtY``  tool-call-step     finish_reason tool_calls (same session)
``gen-1794760925-qsR6RZ24lPoQj3oPUlie``  image-generation   api_type image: 14 normalised, 2,580 native tokens, 2 images
``gen-1794729739-BaVbVJBMQKnY8qS0BFn7``  cached-prompt      native_tokens_cached + cache_discount
``gen-1794652200-NoDxQshIISj3bb5642ld``  embeddings         api_type embeddings, no completion
``gen-1794591930-yN84Bl3WWWqWibY6PFcv``  audio-file-input   input_audio (wav) + file (PDF) parts
``gen-1794514476-I3Ao3pxTnHyf6t5YdIng``  byok               is_byok, upstream_inference_cost
``gen-1794410868-H9R1YpX4nVrRtdVlC1fD``  web-search         num_search_results, web_search_engine exa
``gen-1794319081-BwpkZ01BZGaG7yOh3FZ9``  content-not-stored content endpoint → 403
``gen-1794250991-BUiTue7fiPgpoiN4au9K``  max-tokens-length  finish_reason length
``gen-1794175805-rpS9wg1QlRRLiiRejeKx``  large-content      3,000 messages, 20,000-line completion
``gen-1791028032-r6f4gUy0BQ8DEoFogNCA``  legacy-prompt      input.prompt instead of messages
``gen-1771967973-0hZ8J5kY7qLMOKbPx0u3``  cancelled-stream   real body, verbatim (an older answer: no data_region…)

Every other record answers as today's API does (``data_region``, ``preset_id``, ``workspace_id``,
the content ``error``), so the official ``openrouter`` SDK parses it.

Special IDs the demo API understands besides these:

- **Pending flow** — type ``gen-<now>-anything`` (``<now>`` = current unix seconds) to see the
  pending flow: the API answers 404 for ``pending_seconds`` after the embedded time, then 200
  with a generation synthesized from the ID. :func:`fresh_pending_id` builds such an ID.
- :data:`RATE_LIMITED_ID` answers 429 once per endpoint, then 200.
- :data:`UNKNOWN_ID_EXAMPLE` is always 404.
- ``fault-<kind>`` IDs inject faults; see :data:`explorer.demo.faults.FAULT_IDS`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import explorer
from explorer.demo.blobs import expand_blobs
from explorer.demo.synth import long_conversation

#: Every pending ID starts like this; the full form is ``gen-<unix seconds>-<anything>``.
PENDING_ID_PREFIX = "gen-"
#: Unknown IDs of the pending form are synthesized only this long after their embedded time.
PENDING_HORIZON_SECONDS = 24 * 3600
#: A demo record whose first request on each endpoint is rate limited (429, Retry-After: 1).
RATE_LIMITED_ID = "gen-1795252502-7DJzk3i8ju6BRoQowFgs"
#: A well-formed ID that is never found (its embedded time is far outside the pending horizon).
UNKNOWN_ID_EXAMPLE = "gen-1760000000-NoSuchGenerationHere"

#: Case name → demo ID, so other code and tests can pick "the fallback one" without magic strings.
DEMO_CASES: dict[str, str] = {
    "fallback-chain": "gen-1795012327-38AibNyyurlGFb0EkjKW",
    "reasoning-long": "gen-1794906344-REhbiGjlvhkTp3SKQOo6",
    "tool-chat-image": "gen-1794846113-kwMJFrCfZ4U2EqkNk6sE",
    "tool-call-step": "gen-1794846109-Cd6rvau5kHvRwMzzuVtY",
    "legacy-prompt": "gen-1791028032-r6f4gUy0BQ8DEoFogNCA",
    "cancelled-stream": "gen-1771967973-0hZ8J5kY7qLMOKbPx0u3",
    "byok": "gen-1794514476-I3Ao3pxTnHyf6t5YdIng",
    "cached-prompt": "gen-1794729739-BaVbVJBMQKnY8qS0BFn7",
    "content-not-stored": "gen-1794319081-BwpkZ01BZGaG7yOh3FZ9",
    "embeddings": "gen-1794652200-NoDxQshIISj3bb5642ld",
    "provider-storm": "gen-1795059686-GDinouxZjugnDD57Nb5s",
    "large-content": "gen-1794175805-rpS9wg1QlRRLiiRejeKx",
    "schema-drift": "gen-1795176041-0gbVC3lrAmSJ2km14IKC",
    "response-cache-hit": "gen-1795012512-zi2Eg3h0p54qGzTYdXt5",
    "audio-file-input": "gen-1794591930-yN84Bl3WWWqWibY6PFcv",
    "rate-limited-once": RATE_LIMITED_ID,
    "web-search": "gen-1794410868-H9R1YpX4nVrRtdVlC1fD",
    "max-tokens-length": "gen-1794250991-BUiTue7fiPgpoiN4au9K",
    "auto-router": "gen-1795252840-WLFbAzjQ05OI43qHdKCR",
    "image-generation": "gen-1794760925-qsR6RZ24lPoQj3oPUlie",
    "all-providers-failed": "gen-1794998044-I2nVsbBi1RMar1jf3YZ4",
}

_PENDING_RE = re.compile(r"^gen-(\d{9,11})-(.+)$", re.DOTALL)
_JOINED_KEYS = (("output", "completion"), ("output", "reasoning"), ("input", "prompt"))


@dataclass(frozen=True)
class DemoRecord:
    """One demo generation: its metadata and content, as the two endpoints return them.

    The dicts are shared by every caller (the loader caches them): treat them as read-only.
    """

    id: str
    title: str
    generation: dict[str, Any]
    content: dict[str, Any] | None  # None: content not stored, the content endpoint answers 403


def assets_dir() -> Path:
    """Where ``assets/`` is: ``explorer/_assets`` in a wheel, ``<repo>/assets`` in a checkout."""
    package = Path(explorer.__file__).parent
    shipped = package / "_assets"
    return shipped if shipped.exists() else package.parent / "assets"


def _decode_content(raw: dict[str, Any]) -> dict[str, Any] | None:
    if "content_recipe" in raw:
        return long_conversation(raw["content_recipe"])
    content = raw.get("content")
    if content is None:
        return None
    content = expand_blobs(content)
    for outer, inner in _JOINED_KEYS:
        value = content.get(outer, {}).get(inner)
        if isinstance(value, list):  # lines in the JSON file, one string on the wire
            content[outer][inner] = "\n".join(value)
    return content


@cache
def load_demo_records() -> list[DemoRecord]:
    """Load every demo record, newest first by ``created_at``. Cached and deterministic."""
    records = []
    for path in sorted((assets_dir() / "demo").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        records.append(DemoRecord(raw["id"], raw["title"], raw["generation"], _decode_content(raw)))
    records.sort(key=lambda record: (record.generation["created_at"], record.id), reverse=True)
    return records


@cache
def _records_by_id() -> dict[str, DemoRecord]:
    return {record.id: record for record in load_demo_records()}


def demo_ids() -> list[str]:
    """IDs of all demo records, newest first."""
    return [record.id for record in load_demo_records()]


def get_demo_record(gen_id: str) -> DemoRecord | None:
    """The demo record with this ID, or None."""
    return _records_by_id().get(gen_id)


def pending_created_at(gen_id: str) -> int | None:
    """The embedded unix time of an ID of the form ``gen-<unix seconds>-<anything>``, else None."""
    match = _PENDING_RE.match(gen_id)
    return int(match.group(1)) if match else None


def fresh_pending_id(now: float) -> str:
    """An ID that is pending at ``now``: ``gen-<now>-`` plus 20 characters derived from ``now``."""
    suffix = hashlib.sha256(repr(now).encode()).hexdigest()[:13]
    return f"gen-{int(now)}-pending{suffix}"
