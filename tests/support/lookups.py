"""Lookups for the content viewer and content-tab tests, built from dicts the way the client
builds them."""

from __future__ import annotations

import base64
from typing import Any

from explorer.api.client import Lookup
from explorer.api.errors import ApiError, ForbiddenError
from explorer.api.models import ContentEnvelope, GenerationEnvelope

PNG_BYTES = 49_357  # "48.2 KB"


def make_lookup(
    generation: dict[str, Any] | None = None,
    content: dict[str, Any] | None = None,
    *,
    content_error: ApiError | None = None,
) -> Lookup:
    """A Lookup from raw `data` dicts (content None means it was not returned)."""
    raw_generation = {"id": "gen-1771967973-0hZ8J5kY7qLMOKbPx0u3", "model": "openai/gpt-4o",
                      "api_type": "completions", **(generation or {})}
    lookup = Lookup(
        generation=GenerationEnvelope.model_validate({"data": raw_generation}).data,
        raw_generation=raw_generation,
        content_error=content_error,
        fetched_at=0.0,
    )
    if content is not None:
        lookup.content = ContentEnvelope.model_validate({"data": content}).data
        lookup.raw_content = content
    return lookup


def png_data_url(size: int = PNG_BYTES) -> str:
    return "data:image/png;base64," + base64.b64encode(b"\x89PNG" + b"\0" * (size - 4)).decode()


def chat_lookup() -> Lookup:
    """A chat with a system prompt, an image, tool calls, a tool result and reasoning."""
    messages = [
        {"role": "system", "content": "You are a weather assistant."},
        {"role": "user", "name": "alice", "content": [
            {"type": "text", "text": "What is the weather where this photo was taken?"},
            {"type": "image_url", "image_url": {"url": png_data_url()}},
            {"type": "image_url", "image_url": {"url": "https://example.com/photo.jpg"}},
        ]},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {
                "name": "get_weather", "arguments": '{"city": "Paris", "unit": "celsius"}'}},
            {"id": "call_2", "type": "function", "function": {
                "name": "get_time", "arguments": '{"city": "Paris"'}},
        ]},
        {"role": "tool", "tool_call_id": "call_1", "content": '{"temp": 21, "sky": "clear"}'},
        {"role": "assistant", "content": "It is **21 °C** and clear in Paris."},
    ]
    return make_lookup(
        {"native_tokens_reasoning": 12, "finish_reason": "stop"},
        {"input": {"messages": messages},
         "output": {"completion": "# Weather\n\nIt is **21 °C** and clear in Paris.\n\n"
                                  "- sunny\n- warm",
                    "reasoning": "The user wants the weather.\nI called get_weather for Paris."}},
    )


HOSTILE = (
    "markup [bold]x[/] [link=https://evil.example]click[/link]\n"
    "ansi \x1b[31mred\x1b[0m osc52 \x1b]52;c;aGk=\x07 bel \x07 nul \x00\n"
    "bidi \u202eevil\u202c zero\u200bwidth\n"
    "emoji 😀👍 CJK 日本語のテキスト"
)


def hostile_lookup() -> Lookup:
    """Every kind of text that must be shown literally."""
    return make_lookup(
        {"model": "evil/[bold]model[/]"},
        {"input": {"messages": [{"role": "user", "name": "[red]n[/]", "content": HOSTILE}]},
         "output": {"completion": HOSTILE, "reasoning": HOSTILE}},
    )


def prompt_lookup() -> Lookup:
    return make_lookup({}, {"input": {"prompt": "Once upon a time"},
                            "output": {"completion": "there was a prompt.", "reasoning": None}})


def forbidden_lookup() -> Lookup:
    error = ForbiddenError("Content logging is disabled for this account", status=403)
    return make_lookup({}, None, content_error=error)
