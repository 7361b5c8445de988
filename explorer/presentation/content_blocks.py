"""Normalising a generation's stored content into display blocks and lines.

Messages come from the network in any shape (OpenAI-style, or not at all), so every function here
is tolerant: a non-dict message, a missing role, content of any type, an unknown part type or
invalid tool-call JSON never raises, it is shown for what it is. Inline binary data (images,
audio, files) becomes a one-line placeholder with its media type and decoded size, never
megabytes of base64. All text is passed through `safe_text`, so the result is safe to put on a
terminal as data (with `rich.text.Text`, never as markup).

No `textual` (or `rich`) import: the viewer widget maps each line's `kind` to a theme style.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from explorer.presentation.big_text import safe_multiline
from explorer.presentation.safe_text import one_line

PartKind = Literal["text", "image", "audio", "file", "unknown"]
KNOWN_ROLES = frozenset({"system", "developer", "user", "assistant", "tool"})
# Keys shown in a message header or body; anything else is listed under the message as "extra".
_SHOWN_KEYS = frozenset({"role", "content", "name", "tool_calls", "tool_call_id"})
_UNKNOWN_PART_LIMIT = 300  # characters of an unknown part's JSON shown on its placeholder line
HEADER_RULE = "──"
_URL_SCHEMES = ("http://", "https://", "file://", "gs://", "s3://")
_BACKTICKS = re.compile("`+")
@dataclass
class Part:
    """One piece of a message's content: text, or a one-line placeholder for media."""

    kind: PartKind
    text: str = ""
    summary: str = ""

    @property
    def display(self) -> str:
        """What the viewer shows: the text for text parts, the placeholder otherwise."""
        return self.text if self.kind == "text" else self.summary


@dataclass
class ToolCallView:
    """One tool call of an assistant message, arguments pretty-printed when they are JSON."""

    id: str
    name: str
    arguments: str
    arguments_valid: bool = True
    call_type: str = "function"


@dataclass
class MessageBlock:
    """One message, normalised for display."""

    index: int
    role: str
    name: str = ""
    parts: list[Part] = field(default_factory=list)
    tool_calls: list[ToolCallView] = field(default_factory=list)
    tool_call_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    tool_name: str = ""  # for a tool result: the name of the call it answers, when known

    @property
    def role_kind(self) -> str:
        """The role for styling: a known role, or "other"."""
        return self.role if self.role in KNOWN_ROLES else "other"

    @property
    def header(self) -> str:
        """`── #3 tool · result of get_weather · tool_call_id: call_1 ──`."""
        bits = [f"#{self.index + 1} {self.role}"]
        if self.name:
            bits.append(f"name: {self.name}")
        if self.tool_name:
            bits.append(f"result of {self.tool_name}")
        if self.tool_call_id:
            bits.append(f"tool_call_id: {self.tool_call_id}")
        return f"{HEADER_RULE} {' · '.join(bits)} {HEADER_RULE}"


# A display line: (text, kind). Kinds: "header:<role>", "text", "media", "tool-call", "code",
# "note", "extra", "blank".
Line = tuple[str, str]


def human_size(size: int) -> str:
    """Bytes as `512 B`, `48.2 KB`, `1.3 MB` (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def base64_size(data: str) -> int:
    """Decoded size of base64 `data` without decoding it."""
    # str.count runs in C: fast for megabytes, and base64 may be wrapped at 76 columns.
    length = len(data) - sum(data.count(space) for space in " \n\r\t")
    padding = len(data.rstrip()) - len(data.rstrip().rstrip("="))
    return max(0, (length * 3) // 4 - min(padding, 2))


def _describe_data(value: Any, fallback_type: str = "", *, bare_is_base64: bool = False) -> str:
    """`image/png, 48.2 KB base64 data`, a URL, or a short description of a non-string.

    A string that is neither a data: URL nor a URL is base64 when `bare_is_base64` (audio data)
    or when it is long; a short one is shown as is.
    """
    if not isinstance(value, str):
        if value is None:
            return "no data"
        return _brief(value, 120)
    if value.startswith("data:"):
        header, _, payload = value.partition(",")
        media = _brief(header[5:].split(";")[0] or fallback_type or "unknown type", 80)
        if ";base64" in header:
            return f"{media}, {human_size(base64_size(payload))} base64 data"
        return f"{media}, {human_size(len(payload))} inline data"
    if value.startswith(_URL_SCHEMES) or (len(value) < 200 and not bare_is_base64):
        return _brief(value, 200)
    prefix = f"{_brief(fallback_type, 80)}, " if fallback_type else ""
    return f"{prefix}{human_size(base64_size(value))} base64 data"


def _brief(value: Any, limit: int) -> str:
    """One safe line of at most `limit` characters; cut before sanitising, so a megabyte value
    costs no more than a short one."""
    text = value if isinstance(value, str) else _compact_json(value)
    return one_line(text[: limit + 1], limit)


def _compact_json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=repr)
    except (ValueError, TypeError, RecursionError):
        return repr(value)


def _pretty_json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, indent=2, default=repr)
    except (ValueError, TypeError, RecursionError):
        return repr(value)


def _get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


def _part(item: Any) -> Part:
    """One content part of any shape."""
    if isinstance(item, str):
        return Part("text", safe_multiline(item))
    if not isinstance(item, dict):
        return Part("unknown", summary=f"[part: {_brief(item, _UNKNOWN_PART_LIMIT)}]")
    kind = item.get("type")
    if kind in ("text", "input_text", "output_text") or (kind is None and "text" in item):
        text = item.get("text")
        return Part("text", safe_multiline(text if isinstance(text, str) else _compact_json(text)))
    if kind == "refusal":
        return Part("text", safe_multiline(f"[refusal] {item.get('refusal') or ''}"))
    if kind in ("image_url", "input_image"):
        image = item.get("image_url")
        url = _get(image, "url") if isinstance(image, dict) else image
        detail = _get(image, "detail")
        suffix = f", detail {_brief(detail, 20)}" if isinstance(detail, str) else ""
        return Part("image", summary=f"[image: {_describe_data(url)}{suffix}]")
    if kind == "image":  # Anthropic-style {"source": {"type": "base64", "media_type", "data"}}
        source = item.get("source")
        media = _get(source, "media_type")
        data = _get(source, "data") or _get(source, "url")
        described = _describe_data(data, media if isinstance(media, str) else "")
        return Part("image", summary=f"[image: {described}]")
    if kind == "input_audio":
        audio = item.get("input_audio")
        fmt = _get(audio, "format")
        fmt_text = f"audio/{_brief(fmt, 20)}" if isinstance(fmt, str) else "audio"
        described = _describe_data(_get(audio, "data"), fmt_text, bare_is_base64=True)
        return Part("audio", summary=f"[audio: {described}]")
    if kind == "file":
        file = item.get("file")
        filename = _get(file, "filename")
        data = _get(file, "file_data") or _get(file, "file_url") or _get(file, "url")
        bits = [_brief(filename, 120)] if isinstance(filename, str) and filename else []
        if data is not None:
            bits.append(_describe_data(data))
        elif _get(file, "file_id") is not None:
            bits.append(f"file_id {_brief(_get(file, 'file_id'), 80)}")
        return Part("file", summary=f"[file: {', '.join(bits) or 'no data'}]")
    label = _brief(kind, 60) if kind is not None else "untyped"
    body = _brief(item, _UNKNOWN_PART_LIMIT)
    return Part("unknown", summary=f"[{label} part: {body}]")


def _parts(content: Any) -> list[Part]:
    if content is None:
        return []
    if isinstance(content, str):
        return [Part("text", safe_multiline(content))]
    if isinstance(content, list):
        return [_part(item) for item in content]
    if isinstance(content, dict):
        return [_part(content)]
    return [Part("text", safe_multiline(_compact_json(content)))]


def _tool_call(call: Any, position: int) -> ToolCallView:
    if not isinstance(call, dict):
        return ToolCallView(id="", name=f"(tool call {position + 1})",
                            arguments=safe_multiline(_pretty_json(call)),
                            arguments_valid=False, call_type="unknown")
    function = call.get("function")
    if not isinstance(function, dict):
        function = {}
    name = function.get("name", call.get("name"))
    arguments = function.get("arguments", call.get("arguments"))
    valid = True
    if isinstance(arguments, str):
        try:
            text = _pretty_json(json.loads(arguments))
        except (ValueError, RecursionError):
            text, valid = arguments, False
    elif arguments is None:
        text = ""
    else:
        text = _pretty_json(arguments)
    return ToolCallView(
        id=_brief(call.get("id") or "", 120),
        name=_brief(name, 120) if name is not None else "(no name)",
        arguments=safe_multiline(text),
        arguments_valid=valid,
        call_type=_brief(call.get("type") or "function", 40),
    )


def message_block(index: int, message: Any) -> MessageBlock:
    """One message of any shape as a `MessageBlock`."""
    if not isinstance(message, dict):
        return MessageBlock(index=index, role="(not a message)", parts=_parts(
            message if isinstance(message, str) else _compact_json(message)))
    role = message.get("role")
    role_text = _brief(role, 40) if isinstance(role, str) and role else "(no role)"
    name = message.get("name")
    calls = message.get("tool_calls")
    if calls is not None and not isinstance(calls, list):
        calls = [calls]
    extra = {key: value for key, value in message.items() if key not in _SHOWN_KEYS}
    call_id = message.get("tool_call_id")
    return MessageBlock(
        index=index,
        role=role_text,
        name=_brief(name, 120) if name not in (None, "") else "",
        parts=_parts(message.get("content")),
        tool_calls=[_tool_call(call, i) for i, call in enumerate(calls or [])],
        tool_call_id=_brief(call_id, 120) if call_id not in (None, "") else "",
        extra=extra,
    )


def message_blocks(messages: Any) -> list[MessageBlock]:
    """Every message as a `MessageBlock`; tool results learn the name of the call they answer."""
    if messages is None:
        return []
    if not isinstance(messages, list):
        messages = [messages]
    blocks = [message_block(index, message) for index, message in enumerate(messages)]
    names: dict[str, str] = {}
    for block in blocks:
        for call in block.tool_calls:
            if call.id:
                names[call.id] = call.name
        if block.tool_call_id:
            block.tool_name = names.get(block.tool_call_id, "")
    return blocks


def _text_lines(text: str, kind: str, indent: str = "") -> list[Line]:
    if not indent:
        return [(line, kind) for line in text.split("\n")]
    return [(indent + line, kind) for line in text.split("\n")]


def block_lines(block: MessageBlock) -> list[Line]:
    """Display lines of one message: header, parts, tool calls, extra fields."""
    lines: list[Line] = [(block.header, f"header:{block.role_kind}")]
    if not block.parts and not block.tool_calls:
        lines.append(("(no content)", "note"))
    for part in block.parts:
        if part.kind == "text":
            lines.extend(_text_lines(part.text, "text"))
        else:
            lines.append((part.summary, "media"))
    for call in block.tool_calls:
        call_id = f" · id: {call.id}" if call.id else ""
        kind = "" if call.call_type == "function" else f" ({call.call_type})"
        lines.append((f"→ tool call {call.name}{kind}{call_id}", "tool-call"))
        if not call.arguments_valid:
            lines.append(("  (arguments are not valid JSON: shown raw)", "note"))
        if call.arguments:
            lines.extend(_text_lines(call.arguments, "code", "  "))
    for key, value in block.extra.items():
        label = _brief(key, 80)
        if isinstance(value, str):
            lines.append((f"{label}:", "extra"))
            lines.extend(_text_lines(safe_multiline(value), "extra", "  "))
        else:
            lines.extend(_text_lines(safe_multiline(f"{label}: {_pretty_json(value)}"), "extra"))
    return lines


def conversation_lines(blocks: list[MessageBlock]) -> list[Line]:
    """Display lines of a whole conversation, a blank line between messages."""
    lines: list[Line] = []
    for block in blocks:
        if lines:
            lines.append(("", "blank"))
        lines.extend(block_lines(block))
    return lines


def messages_as_text(messages: Any) -> str:
    """Plain text of the whole conversation (for copying and Markdown export)."""
    return "\n".join(text for text, _ in conversation_lines(message_blocks(messages)))


def content_as_markdown(
    *, messages: Any = None, prompt: str | None = None, completion: str | None = None,
    reasoning: str | None = None, failure: str = "",
) -> str:
    """A Markdown document of the content: input, the failure (`failure`: the text of
    `generation_failure.failure_text`, "" when none), reasoning and completion as sections.

    Network text goes into fenced blocks (fence longer than any backtick run inside) so it is
    shown, not interpreted.
    """
    sections: list[str] = []
    if messages is not None:
        sections.append("## Messages\n\n" + _fenced(messages_as_text(messages)))
    elif prompt is not None:
        sections.append("## Prompt\n\n" + _fenced(safe_multiline(prompt)))
    if failure:
        sections.append("## Generation error\n\n" + _fenced(safe_multiline(failure)))
    if reasoning:
        sections.append("## Reasoning\n\n" + _fenced(safe_multiline(reasoning)))
    if completion is not None:
        sections.append("## Completion\n\n" + _fenced(safe_multiline(completion)))
    return "\n\n".join(sections) + "\n"


def _fenced(text: str) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"
