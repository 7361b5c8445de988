"""What each viewer tab shows (pure: `content_tabs`, `text_layout`), and the import contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from explorer.api.errors import ServerError
from explorer.presentation.content_tabs import (
    MARKDOWN_LIMIT,
    completion_tab,
    content_unavailable,
    messages_tab,
    pretty_json,
    raw_tab,
    reasoning_tab,
    tab_title,
)
from explorer.presentation.text_layout import SEGMENT_CHARS, DisplayLines, ascii_breaks, cell_breaks
from tests.support.lookups import (
    chat_lookup,
    forbidden_lookup,
    hostile_lookup,
    make_lookup,
    prompt_lookup,
)

ROOT = Path(__file__).resolve().parents[3]


def test_pure_modules_do_not_import_textual():
    code = ("import sys, explorer.presentation.content_blocks, explorer.presentation.content_tabs\n"
            "print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_messages_and_prompt_titles():
    assert messages_tab(chat_lookup()).title == "Messages"
    assert tab_title(chat_lookup(), "messages") == "Messages"
    assert messages_tab(prompt_lookup()).title == "Prompt"
    assert tab_title(prompt_lookup(), "messages") == "Prompt"
    assert messages_tab(prompt_lookup()).text == "Once upon a time"
    assert tab_title(None, "raw") == "Raw JSON"


def _empty(tab) -> str:
    assert tab.is_empty and tab.text == ""
    return "\n".join(text for text, _ in tab.empty)


def test_empty_states_say_why():
    assert _empty(reasoning_tab(prompt_lookup())) == "No reasoning for this generation"
    assert "12 reasoning tokens" in _empty(reasoning_tab(make_lookup(
        {"native_tokens_reasoning": 12}, {"output": {"completion": "x"}})))
    assert _empty(messages_tab(make_lookup({}, {"input": {"messages": []}}))) == "No messages"
    assert _empty(messages_tab(make_lookup({}, {}))) == "No messages"
    assert _empty(completion_tab(make_lookup({"api_type": "embeddings"}, {}))) == (
        "No completion (embeddings request)")
    assert _empty(completion_tab(make_lookup({"cancelled": True}, {"output": {"completion": ""}}))
                  ) == "Completion is empty (the stream was cancelled)"
    assert _empty(completion_tab(make_lookup({}, {"output": {"completion": None}}))) == (
        "No completion stored for this generation")
    assert _empty(completion_tab(make_lookup({"finish_reason": "tool_calls"},
                                             {"output": {"completion": ""}}))) == (
        "Completion is empty (finish reason: tool_calls)")


def test_content_not_stored_uses_the_error_hint():
    for tab in (messages_tab, completion_tab, reasoning_tab):
        text = _empty(tab(forbidden_lookup()))
        assert text.startswith("Content not stored (403): Content is stored only when")
        assert "Content logging is disabled for this account" in text
    error = ServerError("boom", status=500)
    [(head, kind), (hint, _)] = content_unavailable(error)
    assert head == "Content not available: Server error (500): boom" and kind == "error"
    assert hint == ServerError.hint


def test_failed_generation_error_is_shown_with_the_completion():
    lookup = make_lookup({"cancelled": True}, {"output": {"completion": "partial"}, "error": {
        "message": "upstream died", "provider_name": "OpenAI", "status": 502,
        "previous_errors": [{"code": 429, "message": "slow down", "provider_name": "Azure"}]}})
    tab = completion_tab(lookup)
    notes = [text for text, _ in tab.notes]
    assert notes[0] == "Generation failed: upstream died (status 502, provider OpenAI)"
    assert notes[1] == "Earlier attempts that failed: Azure 429"  # in full when there is no completion
    assert notes[2] == "The stream was cancelled: the completion may be partial"
    assert tab.text == "partial"


def test_markdown_only_for_reasonable_sizes():
    small = completion_tab(make_lookup({}, {"output": {"completion": "# hi"}}))
    big = completion_tab(make_lookup({}, {"output": {"completion": "x" * (MARKDOWN_LIMIT + 1)}}))
    assert small.markdown and not big.markdown


def test_raw_json_has_both_responses_and_unknown_fields():
    lookup = make_lookup({"brand_new_field": {"a": 1}},
                         {"input": {"prompt": "p"}, "output": {}, "surprise": [1, 2]})
    raw = json.loads(raw_tab(lookup).text)
    assert raw["generation"]["brand_new_field"] == {"a": 1}
    assert raw["content"]["surprise"] == [1, 2]
    assert raw_tab(lookup).text.startswith('{\n  "generation": {\n    "id": ')
    assert json.loads(raw_tab(forbidden_lookup()).text)["content"] is None


def test_hostile_text_is_safe_in_every_tab():
    lookup = hostile_lookup()
    for tab in (messages_tab, completion_tab, reasoning_tab, raw_tab):
        text = tab(lookup).text
        assert "\x1b" not in text and "\x07" not in text and "\x00" not in text
        assert "\u202e" not in text and "\u200b" not in text


def test_raw_json_of_plain_ascii_is_safe_too():
    # JSON escapes control characters but not DEL; plain ASCII takes the quick path.
    lookup = make_lookup({}, {"output": {"completion": "rub\x7fout \x1b[31m red \x9b"[:-1]}})
    text = raw_tab(lookup).text
    assert "\x7f" not in text and "\x1b" not in text and "rub" in text
    assert "\\u001b[31m red" in text  # the escape as JSON wrote it, not a terminal sequence


def test_pretty_json_matches_json_dumps_with_big_strings():
    value = {"a": "x" * 600_000, "b": ["é\n\"\x00" * 100_000, 1, None], "c": "small"}
    assert pretty_json(value) == json.dumps(value, indent=2, ensure_ascii=False)
    tricky = {"a": "y" * 600_000, "b": "\x00big-string\x00", "lone": "\ud800", "n": [2**70, -0.0]}
    assert pretty_json(tricky) == json.dumps(tricky, indent=2, ensure_ascii=False)
    numbers = {"cost": 1.2e-05, "big": 1e300, "nan": float("inf")}
    assert json.loads(pretty_json(numbers)) == numbers


def test_display_lines_segments_giant_lines_and_keeps_the_text():
    text = "short\n" + "z" * (SEGMENT_CHARS * 2 + 3) + "\nend"
    lines = DisplayLines.from_text(text)
    assert [len(t) for t in lines.texts] == [5, SEGMENT_CHARS, SEGMENT_CHARS, 3, 3]
    assert lines.joined == {2, 3}
    assert lines.text == text
    styled = DisplayLines.from_lines([("a\tb", "note"), ("c" * (SEGMENT_CHARS + 1), "code")])
    assert styled.texts[0] == "a   b"
    assert styled.kinds == ["note", "code", "code"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab  -"), max_size=400), st.integers(1, 50))
def test_ascii_breaks_rows_fit_and_rebuild_the_text(text, width):
    cuts = [0, *ascii_breaks(text, width), len(text)]
    rows = [text[a:b] for a, b in zip(cuts, cuts[1:])]
    assert "".join(rows) == text
    # A row may end with the one space it broke after; without it, it fits.
    assert all(len(row.rstrip(" ")) <= width or len(row) <= width for row in rows)
    assert all(len(row) <= width + 1 for row in rows)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("a 日本😀é"), max_size=300), st.integers(2, 40))
def test_cell_breaks_rows_fit_in_cells(text, width):
    cuts = [0, *cell_breaks(text, width), len(text)]
    rows = [text[a:b] for a, b in zip(cuts, cuts[1:])]
    assert "".join(rows) == text
    assert all(cell_len(row.rstrip(" ")) <= width for row in rows)
