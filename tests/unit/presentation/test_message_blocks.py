"""`explorer.presentation.content_blocks`: messages of any shape become display blocks, safely and fast."""

from __future__ import annotations

import base64
import json
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.presentation.content_blocks import (
    Part,
    base64_size,
    content_as_markdown,
    conversation_lines,
    human_size,
    message_blocks,
    messages_as_text,
)
from explorer.presentation.big_text import safe_multiline, split_lines
from explorer.presentation.safe_text import safe_text

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def data_url(media: str, size: int) -> str:
    return f"data:{media};base64," + base64.b64encode(b"x" * size).decode()


def test_roles_names_and_tool_results_get_clear_headers():
    blocks = message_blocks([
        {"role": "system", "content": "be brief"},
        {"role": "user", "name": "alice", "content": "hi"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function",
             "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
        {"role": "critic", "content": "fine"},
    ])
    assert [b.role for b in blocks] == ["system", "user", "assistant", "tool", "critic"]
    assert [b.role_kind for b in blocks] == ["system", "user", "assistant", "tool", "other"]
    assert blocks[1].header == "── #2 user · name: alice ──"
    assert blocks[3].tool_name == "get_weather"
    assert blocks[3].header == "── #4 tool · result of get_weather · tool_call_id: call_1 ──"


def test_multimodal_parts_become_one_line_placeholders():
    png = data_url("image/png", 49_357)
    [block] = message_blocks([{"role": "user", "content": [
        {"type": "text", "text": "look"},
        {"type": "image_url", "image_url": {"url": png}},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "high"}},
        {"type": "input_audio", "input_audio": {"data": base64.b64encode(b"a" * 2048).decode(),
                                                "format": "wav"}},
        {"type": "file", "file": {"filename": "report.pdf",
                                  "file_data": data_url("application/pdf", 5 * 1024 * 1024)}},
        {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg",
                                     "data": base64.b64encode(b"j" * 1000).decode()}},
        {"type": "hologram", "data": "zzz"},
        42,
    ]}])
    assert [p.kind for p in block.parts] == [
        "text", "image", "image", "audio", "file", "image", "unknown", "unknown"]
    summaries = [p.summary for p in block.parts[1:]]
    assert summaries[0] == "[image: image/png, 48.2 KB base64 data]"
    assert summaries[1] == "[image: https://example.com/a.png, detail high]"
    assert summaries[2] == "[audio: audio/wav, 2.0 KB base64 data]"
    assert summaries[3] == "[file: report.pdf, application/pdf, 5.0 MB base64 data]"
    assert summaries[4] == "[image: image/jpeg, 1000 B base64 data]"
    assert summaries[5].startswith("[hologram part: ")
    assert summaries[6] == "[part: 42]"
    # Never megabytes of base64 on screen.
    assert max(len(line) for line, _ in conversation_lines([block])) < 300


def test_tool_call_arguments_are_pretty_printed_or_shown_raw_with_a_note():
    [block] = message_blocks([{"role": "assistant", "tool_calls": [
        {"id": "a", "function": {"name": "ok", "arguments": '{"x": [1, 2]}'}},
        {"id": "b", "function": {"name": "broken", "arguments": '{"x": '}},
        {"id": "c", "function": {"name": "dict_args", "arguments": {"y": 1}}},
        "not a call",
    ]}])
    ok, broken, as_dict, junk = block.tool_calls
    assert ok.arguments == json.dumps({"x": [1, 2]}, indent=2) and ok.arguments_valid
    assert broken.arguments == '{"x": ' and not broken.arguments_valid
    assert as_dict.arguments == '{\n  "y": 1\n}'
    assert not junk.arguments_valid
    text = messages_as_text([{"role": "assistant", "tool_calls": [
        {"id": "b", "function": {"name": "broken", "arguments": "{oops"}}]}])
    assert "→ tool call broken · id: b" in text
    assert "(arguments are not valid JSON: shown raw)" in text
    assert "  {oops" in text


@pytest.mark.parametrize("messages", [
    None, [], "just a string", 42, {"role": "user"}, [None], [[1, 2]], [{"content": 3}],
    [{"role": None, "content": {"type": "text", "text": "dict content"}}],
    [{"role": "user", "content": [{"type": "text", "text": None}]}],
    [{"role": "assistant", "tool_calls": {"id": "x"}}],
    [{"role": ["weird"], "name": {"n": 1}, "tool_call_id": 7}],
])
def test_any_shape_is_tolerated(messages):
    text = messages_as_text(messages)
    assert isinstance(text, str)


def test_extra_fields_are_shown_under_the_message():
    text = messages_as_text([{"role": "assistant", "content": "x", "reasoning": "because\nso",
                              "refusal": None, "annotations": [{"k": 1}]}])
    assert "reasoning:\n  because\n  so" in text
    assert "refusal: null" in text
    assert '"k": 1' in text


def test_hostile_text_is_made_visible_everywhere():
    hostile = "[bold]x[/] \x1b[31m \x1b]52;c;aGk=\x07 \x00 \u202e \u200b"
    text = messages_as_text([{
        "role": hostile, "name": hostile, "tool_call_id": hostile,
        "content": [{"type": "text", "text": hostile}, {"type": hostile}],
        "tool_calls": [{"id": hostile, "function": {"name": hostile, "arguments": hostile}}],
        hostile: hostile,
    }])
    assert not UNSAFE.search(text)
    assert "[bold]x[/]" in text  # markup is data: kept literally (the UI renders it as Text)
    assert "␛[31m" in text and "<RLO>" in text and "<ZWSP>" in text


def test_messages_as_text_headers():
    text = messages_as_text([{"role": "user", "content": "hello"},
                             {"role": "assistant", "content": "hi"}])
    assert text == "── #1 user ──\nhello\n\n── #2 assistant ──\nhi"


def test_three_thousand_messages_are_fast():
    messages = [{"role": ("user", "assistant")[i % 2], "content": "hello world " * 20 + "\nmore"}
                for i in range(3000)]
    best = min(_timed(lambda: conversation_lines(message_blocks(messages))) for _ in range(3))
    assert best < 0.1, f"{best * 1000:.0f} ms"


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def test_sizes():
    assert base64_size(base64.b64encode(b"x" * 1000).decode()) == 1000
    assert base64_size(base64.b64encode(b"x" * 1001).decode()) == 1001
    assert base64_size("QUJD\nREVG\n") == 6
    assert human_size(512) == "512 B"
    assert human_size(49_357) == "48.2 KB"
    assert human_size(5 * 1024 * 1024) == "5.0 MB"


def test_part_display():
    assert Part("text", text="a").display == "a"
    assert Part("image", summary="[image]").display == "[image]"


def test_content_as_markdown_fences_network_text():
    markdown = content_as_markdown(messages=[{"role": "user", "content": "```evil```"}],
                                   completion="# done", reasoning="think")
    assert "## Messages\n\n````text\n── #1 user ──\n```evil```\n````" in markdown
    assert "## Reasoning\n\n```text\nthink\n```" in markdown
    assert markdown.endswith("## Completion\n\n```text\n# done\n```\n")
    assert content_as_markdown(prompt="p").startswith("## Prompt")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.sampled_from(
        ["role", "content", "type", "text", "image_url", "url", "tool_calls", "function",
         "arguments", "name", "id", "tool_call_id", "input_audio", "file", "data", "format",
         "file_data", "filename", "source", "media_type", "detail", "reasoning"]) | st.text(),
        children, max_size=6),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_message_blocks_never_raises_on_arbitrary_json(value):
    lines = conversation_lines(message_blocks(value))
    for text, kind in lines:
        assert isinstance(text, str) and isinstance(kind, str)
        assert not UNSAFE.search(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_safe_multiline_is_safe_text(text):
    assert safe_multiline(text) == safe_text(text)


def test_safe_multiline_on_big_text_in_pieces():
    text = "plain\n" * 300_000 + "\x1b[31m\r\n" + "日本\n" * 300_000
    assert safe_multiline(text) == safe_text(text)


@pytest.mark.parametrize("text", [
    "", "a", "a\n", "\n", "a\tb\nc\n\n",
    "x" * ((1 << 20) + 5) + "\n" + "y\n" * 10,  # the first cut falls inside a long line
    "line\n" * 400_000,  # several 1 MB pieces, ending with a newline
    ("ab\t" * 300_000 + "\n") * 3,  # tabs expanded per line, across pieces
])
def test_split_lines_in_pieces_equals_one_split(text):
    expected = (text.expandtabs(4) if "\t" in text else text).split("\n")
    assert split_lines(text) == expected
