"""Finding the generation ID in answers and in log lines, without holding anything back."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest

from explorer.capture.sniff import MAX_SNIFF_BYTES, SseIdSniffer, ids_in_text, json_body_id

GEN_ID = "gen-1796140806-cSkiwXC7Cz26beRqi2hz"


def event(payload: object) -> bytes:
    return b"data: " + json.dumps(payload).encode() + b"\n\n"


def test_the_id_of_a_json_body_plain_and_compressed():
    body = json.dumps({"id": GEN_ID, "object": "chat.completion"}).encode()
    assert json_body_id(body) == GEN_ID
    assert json_body_id(gzip.compress(body), "gzip") == GEN_ID
    assert json_body_id(zlib.compress(body), "deflate") == GEN_ID
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert json_body_id(raw_deflate.compress(body) + raw_deflate.flush(), "deflate") == GEN_ID


@pytest.mark.parametrize("body", [
    b"not json", b"[1, 2]", b'{"data": {"id": "gen-1-a"}}', b'{"id": 42}', b'{"id": ""}',
    b'{"id": "gen-1 with spaces"}', json.dumps({"id": "g" * 500}).encode(),
])
def test_no_id_when_the_body_has_no_usable_top_level_id(body):
    assert json_body_id(body) is None


def test_an_encoding_it_cannot_read_is_passed_over():
    assert json_body_id(b"\x00\x01", "br") is None
    assert SseIdSniffer("br").done


def test_the_first_data_event_gives_the_id_even_split_across_chunks():
    stream = b": OPENROUTER PROCESSING\n\n" + event({"id": GEN_ID, "choices": []}) + event({"id": "gen-2-later"})
    sniffer = SseIdSniffer()
    found = [sniffer.feed(stream[i:i + 7]) for i in range(0, len(stream), 7)]
    assert [f for f in found if f] == [GEN_ID]  # once, from the first data event only
    assert sniffer.done


def test_crlf_events_and_a_gzip_stream():
    stream = gzip.compress(b"event: message\r\ndata: " + json.dumps({"id": GEN_ID}).encode() + b"\r\n\r\n")
    sniffer = SseIdSniffer("gzip")
    assert [sniffer.feed(stream[i:i + 5]) for i in range(0, len(stream), 5)].count(GEN_ID) == 1


def test_a_first_event_without_an_id_ends_the_look():
    sniffer = SseIdSniffer()
    assert sniffer.feed(b"data: [DONE]\n\n" + event({"id": GEN_ID})) is None
    assert sniffer.done and sniffer.feed(event({"id": GEN_ID})) is None


def test_a_stream_without_events_is_given_up_after_a_bound():
    sniffer = SseIdSniffer()
    for _ in range(MAX_SNIFF_BYTES // 1000 + 2):
        sniffer.feed(b"x" * 1000)
    assert sniffer.done


def test_ids_in_log_lines_of_any_shape():
    text = (f'{{"level":"info","generation":"{GEN_ID}"}} then gen-1795012327-38AibNyyurlGFb0EkjKW, '
            f"again {GEN_ID}; not xgen-1-abc nor gen-abc-1 nor gen--x")
    assert ids_in_text(text) == [GEN_ID, "gen-1795012327-38AibNyyurlGFb0EkjKW"]
