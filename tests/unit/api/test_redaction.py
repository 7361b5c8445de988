"""`KeyRedactor` finds the key in every form a server can echo it: raw, JSON-escaped (any or all
characters, either case of hex digits), URL-encoded, base64 at any alignment, in text, bytes
and parsed JSON (field names too); a key too short to hunt for is left alone."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_plus

import pytest

from explorer.api.redaction import KeyRedactor

KEY = "sk-mg-v1-UNIT-SENTINEL-0f1e2d3c4b5a6978/+="
REDACTOR = KeyRedactor(KEY)


def escaped(text: str, pick=lambda i: True, upper: bool = False) -> str:
    return "".join((f"\\u{ord(c):04X}" if upper else f"\\u{ord(c):04x}") if pick(i) else c
                   for i, c in enumerate(text))


TEXT_FORMS = {
    "plain": KEY,
    "url": quote(KEY, safe=""),
    "url-plus": quote_plus(KEY),
    "url-every-byte": "".join(f"%{b:02x}" for b in KEY.encode()),
    "url-bearer": quote(f"Bearer {KEY}"),
    **{f"base64-{prefix!r}": base64.b64encode(f"{prefix}{KEY}".encode()).decode()
       for prefix in ("", "Bearer ", "Authorization: Bearer ", "x")},
    "base64-urlsafe": base64.urlsafe_b64encode(f"Bearer {KEY}".encode()).decode(),
}


@pytest.mark.parametrize("form", TEXT_FORMS.values(), ids=TEXT_FORMS.keys())
def test_every_text_form_is_redacted(form):
    text = f"before {form} after"
    assert REDACTOR.contains(text)
    assert not REDACTOR.contains(REDACTOR.text(text))
    assert REDACTOR.text(text).startswith("before ") and REDACTOR.text(text).endswith(" after")


@pytest.mark.parametrize("pick, upper", [
    (lambda i: True, False), (lambda i: True, True), (lambda i: i % 2 == 0, False),
    (lambda i: i == 5, True), (lambda i: i % 7 == 3, False),
])
def test_json_escapes_are_redacted_in_the_raw_bytes(pick, upper):
    body = f'{{"a": "x{escaped(KEY, pick, upper)}y", "{escaped(KEY, pick, upper)}": 1}}'.encode()
    cleaned = REDACTOR.body(body)
    assert KEY not in json.dumps(json.loads(cleaned))
    assert json.loads(cleaned) == {"a": "x***y", "***": 1}


def test_escaped_solidus_and_forms_in_bytes():
    body = json.dumps({"a": KEY.replace("/", "\\/"), "b": TEXT_FORMS["base64-'Bearer '"]}).encode()
    body = body.replace(b"\\\\/", b"\\/")  # a server that escapes "/" as "\/"
    cleaned = json.loads(REDACTOR.body(body))
    assert not any(REDACTOR.contains(value) for value in cleaned.values())


def test_parsed_values_and_field_names_are_redacted_in_place():
    value = {"list": [KEY, {"nested": f"a {KEY} b"}], KEY: 1, "n": 3, "ok": "fine"}
    result = REDACTOR.value(value)
    assert result is value
    assert value == {"list": ["***", {"nested": "a *** b"}], "***": 1, "n": 3, "ok": "fine"}
    assert REDACTOR.value(KEY) == "***"


def test_short_keys_are_not_hunted():
    short = KeyRedactor("k")
    assert not short.active and short.text("keep k") == "keep k" and short.body(b"k") == b"k"
    assert KeyRedactor(None).text("x") == "x"


def test_a_body_without_the_key_is_returned_as_is():
    body = json.dumps({"text": "caf\u00e9 \\u0041 plain"}).encode()
    assert REDACTOR.body(body) == body


@pytest.mark.parametrize("window", [7, 16, 64, 1 << 20])
def test_windowed_search_finds_what_one_search_finds(monkeypatch, window):
    """The encoded forms are searched a window at a time (the GIL is not held for a whole
    14 MB body): a form across a window's end is found whole, nothing is found twice."""
    from explorer.api import redaction

    key = "sk-or-v1-abc/def+ghi"
    redactor = redaction.KeyRedactor(key)
    escaped = key.replace("/", "\\/").replace("+", "\\u002b")
    percent = key.replace("/", "%2F").replace("+", "%2B")
    text = ("x\\n" * 5 + escaped + "%" + "y" * 9 + percent + "\\" + escaped) * 7
    expected = redactor._encoded_text.sub(redaction.MASK, text)
    monkeypatch.setattr(redaction, "WINDOW", window)
    assert redactor.text(text) == expected
    assert redactor.body(text.encode()) == expected.encode()
    assert key not in redactor.text(text) and escaped not in redactor.text(text)


ENCODED_FORMS = {
    "json-escaped": escaped(KEY),
    "json-some": escaped(KEY, lambda i: i % 3 == 1, upper=True),
    "percent": "".join(f"%{b:02X}" for b in KEY.encode()),
    "json-of-percent": escaped("".join(f"%{b:02x}" for b in KEY.encode()), lambda i: i % 2 == 0),
    "solidus": KEY.replace("/", "\\/"),
}


@pytest.mark.parametrize("form", ENCODED_FORMS.values(), ids=ENCODED_FORMS.keys())
def test_an_answer_parsed_with_the_scrub_keeps_no_form_of_the_key(form):
    """The raw bytes lose the literal forms; the escaped ones are decoded by the parse and
    found in the strings (values and field names)."""
    import httpx

    from explorer.api.models import ContentEnvelope
    from explorer.api.responses import parse_body

    body = ('{"data": {"input": {"prompt": "say %s"}, "output": {"completion": "a %s b"},'
            ' "%s": "c"}}' % (form, form, form)).encode()
    model, raw = parse_body(httpx.Response(200, content=body), ContentEnvelope,
                            redact=REDACTOR.text, scrub=REDACTOR)
    strings = json.dumps(raw) + model.model_dump_json()
    assert not REDACTOR.contains(strings) and KEY not in strings
    assert raw["data"]["output"]["completion"] == "a *** b" and "***" in raw["data"]


def test_a_base64_form_with_its_solidus_escaped_is_found_in_a_parsed_answer():
    """"/" is a base64 digit: `\\/` in an answer can hide a base64 form of a key that has no
    "/" itself (here the "?"s become "/" digits)."""
    import httpx

    from explorer.api.models import ContentEnvelope
    from explorer.api.responses import parse_body

    key = "sk-or-v1-ab?cd?ef?gh?ij?kl"
    redactor = KeyRedactor(key)
    form = next(encoded for encoded in (base64.b64encode(f"{prefix}{key}".encode()).decode()
                                        for prefix in ("", "a", "ab")) if "/" in encoded)
    body = ('{"data": {"output": {"completion": "token %s"}}}' % form.replace("/", "\\/")).encode()
    _, raw = parse_body(httpx.Response(200, content=body), ContentEnvelope,
                        redact=redactor.text, scrub=redactor)
    completion = raw["data"]["output"]["completion"]
    assert completion.startswith("token ***") and not redactor.contains(completion)


@pytest.mark.parametrize("body, hides", [
    (b'{"a": "line\\nline\\ttab \\\\ back"}', False),  # escapes that spell no key character
    (b'{"a": "\\u0073k"}', True), (b'{"a": "x\\/y"}', True), (b'{"a": "50%"}', True),
    (b'{"a": "say \\"hi\\""}', False),
])
def test_which_answers_need_their_strings_searched(body, hides):
    assert REDACTOR.may_hide_in_escapes(body) is hides
    quoting = KeyRedactor('sk-or-v1-with"quote')  # a key with a quote: `\"` can spell it
    assert quoting.may_hide_in_escapes(b'{"a": "say \\"hi\\""}')
