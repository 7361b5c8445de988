"""What each tab of the content viewer shows for a lookup: lines, copy text, or why it is empty.

Pure (no `textual` import), so the empty-state wording and the tab texts are unit-testable.
Every string that came from the network goes through `safe_text` (via `explorer.presentation.content_blocks`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from explorer.api.errors import ApiError
from explorer.presentation.big_text import safe_multiline
from explorer.presentation.content_blocks import Line, conversation_lines, message_blocks
from explorer.presentation.generation_failure import failure_lines
from explorer.presentation.markdown_signals import SCAN_CHARS, looks_like_markdown
from explorer.presentation.safe_text import one_line, safe_text
from explorer.presentation.text_layout import DisplayLines

if TYPE_CHECKING:
    from explorer.api.client import Lookup

TAB_IDS = ("messages", "completion", "reasoning", "raw")
TAB_TITLES = ("Messages", "Completion", "Reasoning", "Raw JSON")
MARKDOWN_LIMIT = 64 * 1024  # characters; above this the completion is shown as raw text
TOO_LARGE_NOTE = "shown as raw text: too large to render as Markdown"
HINT_SCAN_CHARS = 16_000  # of a completion too large to render: enough to word its note
NON_COMPLETION_TYPES = frozenset({"embeddings", "rerank", "tts", "stt", "video"})
IDLE_MESSAGE = "Enter a generation ID to see its content"


@dataclass
class TabContent:
    """One tab's content, or an `empty` explanation of why there is none.

    A plain-text tab keeps only `text` (one string, shown in the plain style); a styled tab
    (messages) also has `lines`. `text` is what copy copies.
    """

    title: str
    text: str = ""
    lines: list[Line] | None = None
    empty: list[Line] = field(default_factory=list)  # shown when there is no text
    notes: list[Line] = field(default_factory=list)  # shown above the text, not copied
    markdown: bool = False  # the text may be rendered as Markdown

    _display: DisplayLines | None = field(default=None, repr=False)
    _reads_as_markdown: bool | None = field(default=None, repr=False)

    @property
    def is_empty(self) -> bool:
        return not self.text and not self.lines

    def display(self) -> DisplayLines:
        """What the tab's `LazyText` shows (cached: for 3,000 messages or a text with tabs this
        takes a while, so a worker thread calls it first; a text's lines are found later, as
        they are shown: see `TextLines`)."""
        if self._display is None:
            if self.is_empty:
                self._display = DisplayLines.from_lines(self.empty)
            elif self.lines is not None:
                self._display = DisplayLines.from_lines(self.lines)
            else:
                self._display = DisplayLines.from_text(self.text)
        return self._display

    def reads_as_markdown(self) -> bool:
        """True when the text reads as Markdown (`looks_like_markdown`; cached, and worked
        out by the worker thread that builds a big tab, like `display`). A text too big to
        render is judged by less of its start: the answer only words its note."""
        if self._reads_as_markdown is None:
            scan = SCAN_CHARS if self.markdown else HINT_SCAN_CHARS
            self._reads_as_markdown = not self.is_empty and looks_like_markdown(self.text, scan)
        return self._reads_as_markdown


def note_tab(title: str, message: str, kind: str = "note") -> TabContent:
    """A tab that only explains itself (loading, idle, an error)."""
    return TabContent(title=title, empty=[(safe_text(message), kind)])


def _text_tab(title: str, text: str, **kwargs: Any) -> TabContent:
    return TabContent(title=title, text=safe_multiline(text), **kwargs)


def content_unavailable(error: ApiError | None) -> list[Line]:
    """Why there is no content: a 403 means it was not stored; anything else is an error."""
    if error is None:
        return [("No content for this generation", "note")]
    hint = safe_text(error.hint, keep_newlines=False)
    message = safe_text(error.message, keep_newlines=False)
    if error.status == 403:
        return [(f"Content not stored (403): {hint}", "note"), (message, "note")]
    title = safe_text(error.title, keep_newlines=False)
    lines: list[Line] = [(f"Content not available: {title}: {message}", "error")]
    if hint:
        lines.append((hint, "note"))
    return lines


def messages_tab(lookup: Lookup) -> TabContent:
    """The Messages tab (titled Prompt for a legacy prompt input)."""
    content = lookup.content
    if content is None:
        return TabContent(title="Messages", empty=content_unavailable(lookup.content_error))
    if content.messages is None and content.prompt is not None:
        if not content.prompt:
            return note_tab("Prompt", "The prompt is empty")
        return _text_tab("Prompt", content.prompt)
    if not content.messages:
        return note_tab("Messages", "No messages")
    lines = conversation_lines(message_blocks(content.messages))
    return TabContent(title="Messages", lines=lines, text="\n".join(text for text, _ in lines))


def completion_tab(lookup: Lookup) -> TabContent:
    """The Completion tab, or why it is empty."""
    content = lookup.content
    if content is None:
        return TabContent(title="Completion", empty=content_unavailable(lookup.content_error))
    generation = lookup.generation
    completion = content.output.completion
    if not completion:
        failure = failure_lines(content.error)
        if failure:  # the failure in full, raw provider bodies too: it is why there is none
            return TabContent(title="Completion", empty=failure)
        if generation.api_type in NON_COMPLETION_TYPES:
            reason = f"No completion ({safe_text(generation.api_type)} request)"
        elif generation.cancelled:
            reason = "Completion is empty (the stream was cancelled)"
        elif completion is None:
            reason = "No completion stored for this generation"
        elif generation.finish_reason:
            finish = one_line(generation.finish_reason, 60)
            reason = f"Completion is empty (finish reason: {finish})"
        else:
            reason = "Completion is empty"
        return TabContent(title="Completion", empty=[(reason, "note")])
    notes = failure_lines(content.error, detailed=False)  # a few lines above the completion
    if generation.cancelled:
        notes.append(("The stream was cancelled: the completion may be partial", "note"))
    tab = _text_tab("Completion", completion, notes=notes)
    tab.markdown = len(completion) <= MARKDOWN_LIMIT
    return tab


def reasoning_tab(lookup: Lookup) -> TabContent:
    """The Reasoning tab, or why it is empty."""
    content = lookup.content
    if content is None:
        return TabContent(title="Reasoning", empty=content_unavailable(lookup.content_error))
    reasoning = content.output.reasoning
    if reasoning:
        return _text_tab("Reasoning", reasoning)
    tokens = lookup.generation.native_tokens_reasoning
    if tokens:
        return note_tab("Reasoning", f"No reasoning text stored ({tokens:,} reasoning tokens "
                        "were used; the provider may not return reasoning)")
    return note_tab("Reasoning", "No reasoning for this generation")


def raw_json(lookup: Lookup) -> str:
    """Both responses as they came (unknown fields included), pretty-printed with indent 2,
    safe to show."""
    raw = {"generation": lookup.raw_generation, "content": lookup.raw_content}
    try:
        text = pretty_json(raw)
    except (ValueError, TypeError, RecursionError) as error:
        return safe_multiline(f"(could not serialise the responses: {error})")
    # JSON escapes every control character but DEL: ASCII JSON without one is safe as it is
    # (a flag and one search, not a scan of every character: 14.5 MB, 6 ms).
    return text if text.isascii() and "\x7f" not in text else safe_multiline(text)


def pretty_json(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, written by pydantic-core's
    serialiser: json's indenting encoder is Python code (14.5 MB: 52 ms, this 17 ms, the GIL
    held throughout). Floats read the same but print without exponents (`0.00001`). A value
    it cannot write (a lone surrogate) is written by json."""
    import pydantic_core

    try:
        return pydantic_core.to_json(value, indent=2, fallback=repr).decode()
    except ValueError:
        return json.dumps(value, indent=2, ensure_ascii=False, default=repr)


def raw_tab(lookup: Lookup) -> TabContent:
    """The Raw JSON tab."""
    return TabContent(title="Raw JSON", text=raw_json(lookup))


BUILDERS = {
    "messages": messages_tab,
    "completion": completion_tab,
    "reasoning": reasoning_tab,
    "raw": raw_tab,
}


def tab_title(lookup: Lookup | None, tab: str) -> str:
    """The tab's title: Messages becomes Prompt for a legacy prompt input."""
    if tab == "messages" and lookup is not None and lookup.content is not None:
        if lookup.content.messages is None and lookup.content.prompt is not None:
            return "Prompt"
    return TAB_TITLES[TAB_IDS.index(tab)]


BIG_CONTENT_CHARS = 200_000
"""Above this weight a generation's tabs are built in a worker thread (see `is_big`)."""


def build_tab(lookup: Lookup | None, tab: str) -> TabContent:
    """Tab `tab` (one of `TAB_IDS`) of `lookup`; with no lookup, the idle note."""
    if lookup is None:
        return note_tab(TAB_TITLES[TAB_IDS.index(tab)], IDLE_MESSAGE)
    return BUILDERS[tab](lookup)


def is_big(lookup: Lookup | None) -> bool:
    """True when building the tabs may take long enough to stall the UI: build in a thread."""
    if lookup is None or lookup.content is None:
        return False
    content = lookup.content
    weight = len(content.output.completion or "") + len(content.output.reasoning or "")
    weight += len(content.prompt or "") + 400 * len(content.messages or [])
    return weight > BIG_CONTENT_CHARS
