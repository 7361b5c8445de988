"""Hypothesis strategies for response bodies: arbitrary JSON, and "near-valid" bodies built from
the real fixture's shape with fields replaced by arbitrary JSON."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

from explorer.demo.faults import HOSTILE_SNIPPETS
from tests.support.fixtures import fixture_body

REAL_GENERATION: dict[str, Any] = fixture_body("real-generation-cancelled-stream.json")["data"]

# A content body in the shape the live API sends (messages with parts and tool calls).
REAL_CONTENT: dict[str, Any] = {
    "input": {"messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": [
            {"type": "text", "text": "What is in this picture?"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}},
        ]},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\"q\": 1}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "{\"answer\": 42}"},
    ]},
    "output": {"completion": "A cat, **probably**.", "reasoning": "Looked at the pixels."},
}

# Text: any code point except surrogates (see test_parse_fuzz for surrogates), plus the demo's
# hostile fragments (escapes, markup, bidi) so they come up often.
text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(sorted(HOSTILE_SNIPPETS.values())),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(), text,  # floats include NaN and ±Infinity: Python's json accepts them
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (keys and indices) inside a JSON value, the root excluded."""
    found = []
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return found
    for key, item in items:
        found.append(prefix + (key,))
        found += _paths(item, prefix + (key,))
    return found


def _replace(value: Any, path: tuple, new: Any) -> None:
    for key in path[:-1]:
        value = value[key]
    value[path[-1]] = new


@st.composite
def near_valid(draw, base: dict[str, Any]) -> dict[str, Any]:
    """`{"data": base}` with a few fields (at any depth) replaced by arbitrary JSON, sometimes a
    field added or removed."""
    data = copy.deepcopy(base)
    paths = _paths(data)
    for path in draw(st.lists(st.sampled_from(paths), max_size=4, unique=True)):
        try:
            _replace(data, path, draw(json_values))
        except (KeyError, IndexError, TypeError):  # an earlier replacement removed the parent
            pass
    if draw(st.booleans()):
        data[draw(text)] = draw(json_values)
    if data and draw(st.integers(0, 4)) == 0:
        data.pop(draw(st.sampled_from(sorted(data, key=repr))), None)
    return {"data": data}


generation_bodies = st.one_of(near_valid(REAL_GENERATION), json_values)
content_bodies = st.one_of(near_valid(REAL_CONTENT), json_values)


def normal(value: Any) -> str:
    """A comparable form of JSON data (NaN != NaN, so compare text)."""
    return json.dumps(value, sort_keys=True)
