"""The demo data set: size, stable IDs, internal consistency and every required case."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime
from typing import Any

import pytest

from explorer.demo.data import (
    DEMO_CASES,
    PENDING_ID_PREFIX,
    RATE_LIMITED_ID,
    UNKNOWN_ID_EXAMPLE,
    DemoRecord,
    assets_dir,
    demo_ids,
    fresh_pending_id,
    get_demo_record,
    load_demo_records,
    pending_created_at,
)
from explorer.demo.synth import GENERATION_FIELDS, TODAYS_GENERATION_FIELDS

ID_RE = re.compile(r"^gen-(\d{10})-[A-Za-z0-9]{20}$")


def case(name: str) -> DemoRecord:
    record = get_demo_record(DEMO_CASES[name])
    assert record is not None, name
    return record


def messages(record: DemoRecord) -> list[dict[str, Any]]:
    assert record.content is not None
    return record.content["input"]["messages"]


def parts(record: DemoRecord) -> list[dict[str, Any]]:
    return [p for m in messages(record) if isinstance(m.get("content"), list) for p in m["content"]]


def test_data_set_has_enough_unique_records():
    records = load_demo_records()
    assert len(records) >= 14
    assert len({r.id for r in records}) == len(records)
    assert demo_ids() == [r.id for r in records]
    assert set(DEMO_CASES.values()) == set(demo_ids())
    assert (assets_dir() / "demo").is_dir()


def test_ids_are_well_formed_and_match_created_at():
    for record in load_demo_records():
        match = ID_RE.match(record.id)
        assert match, record.id
        assert record.generation["id"] == record.id
        created = datetime.fromisoformat(record.generation["created_at"].replace("Z", "+00:00"))
        assert int(created.timestamp()) == int(match.group(1)) == pending_created_at(record.id)
        assert created.year == 2026
        assert record.title and "\n" not in record.title


def test_newest_first_and_cached():
    records = load_demo_records()
    stamps = [r.generation["created_at"] for r in records]
    assert stamps == sorted(stamps, reverse=True)
    assert load_demo_records() is records


def test_loading_is_deterministic():
    first = load_demo_records()
    load_demo_records.cache_clear()
    try:
        second = load_demo_records()
    finally:
        load_demo_records.cache_clear()
    assert [(r.id, r.generation, r.content) for r in first] == [(r.id, r.generation, r.content) for r in second]


def test_every_record_has_all_required_keys_of_todays_api(cancelled_fixture):
    for record in load_demo_records():
        missing = set(GENERATION_FIELDS) - set(record.generation)
        if record.id == DEMO_CASES["cancelled-stream"]:
            # the one exception: the real body stays verbatim, without the keys it never had
            assert missing == set(GENERATION_FIELDS) - set(cancelled_fixture)
            assert missing >= TODAYS_GENERATION_FIELDS
        else:
            assert not missing, (record.id, missing)
            assert record.generation["data_region"] in {"global", "europe", "us"}, record.id
        if record.content is not None:
            assert set(record.content) >= {"error", "input", "output"}
            assert set(record.content["output"]) >= {"completion", "reasoning"}


def test_winner_is_the_last_successful_attempt():
    for record in load_demo_records():
        attempts = record.generation["provider_responses"] or []
        wins = [a for a in attempts if a["status"] == 200]
        if wins:
            assert record.generation["provider_name"] == wins[-1]["provider_name"], record.id
            assert attempts[-1] is wins[-1], record.id
            assert record.generation["upstream_id"] == wins[-1].get("id"), record.id


def test_numbers_are_plausible():
    records = load_demo_records()
    timed = [r.generation for r in records if r.generation["latency"] and r.generation["generation_time"]]
    assert sum(g["latency"] < g["generation_time"] for g in timed) >= 0.8 * len(timed)
    assert sum(r.generation["total_cost"] < 0.01 for r in records) >= 12
    assert all(r.generation["total_cost"] >= 0 for r in records)
    drift = [r for r in records if r.generation["tokens_prompt"] != r.generation["native_tokens_prompt"]]
    assert len(drift) >= 8  # normalised vs native token counts differ, as on the live API


def test_sessions_requests_and_finish_reasons():
    records = load_demo_records()
    sessions = [r.generation.get("session_id") for r in records if r.generation.get("session_id")]
    assert any(sessions.count(s) >= 2 for s in sessions)
    assert sum(bool(r.generation.get("request_id")) for r in records) >= 5
    assert {"stop", "length", "tool_calls"} <= {r.generation["finish_reason"] for r in records}


def test_a_fallback_chain():
    attempts = case("fallback-chain").generation["provider_responses"]
    assert [a["status"] for a in attempts] == [429, 502, 200]
    assert len({a["provider_name"] for a in attempts}) == 3


def test_b_long_reasoning():
    record = case("reasoning-long")
    assert record.generation["native_tokens_reasoning"] > 1000
    assert len(record.content["output"]["reasoning"].encode()) > 4000
    assert record.content["output"]["completion"]


def test_c_tool_chat_with_image():
    record = case("tool-chat-image")
    msgs = messages(record)
    assert {"system", "user", "assistant", "tool"} <= {m["role"] for m in msgs}
    image = next(p for p in parts(record) if p["type"] == "image_url")
    header, data = image["image_url"]["url"].split(",", 1)
    assert header == "data:image/png;base64" and len(data) > 2000
    assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
    call = next(m for m in msgs if m.get("tool_calls"))["tool_calls"][0]
    assert call["type"] == "function" and isinstance(json.loads(call["function"]["arguments"]), dict)
    tool = next(m for m in msgs if m["role"] == "tool")
    assert tool["tool_call_id"] == call["id"]
    step1 = case("tool-call-step")
    assert step1.generation["finish_reason"] == "tool_calls"
    assert step1.generation["session_id"] == record.generation["session_id"]


def test_d_legacy_prompt():
    content = case("legacy-prompt").content
    assert isinstance(content["input"]["prompt"], str) and "messages" not in content["input"]


def test_e_cancelled_stream_is_the_real_body_verbatim(cancelled_fixture):
    generation = case("cancelled-stream").generation
    assert generation["cancelled"] is True and generation["finish_reason"] is None and generation["streamed"] is True
    assert list(generation.items()) == list(cancelled_fixture.items())  # same keys, values and order; none added


def test_f_byok():
    generation = case("byok").generation
    assert generation["is_byok"] is True
    assert all(a["is_byok"] for a in generation["provider_responses"])
    assert generation["upstream_inference_cost"] > generation["total_cost"] > 0


def test_g_cached_prompt():
    generation = case("cached-prompt").generation
    assert generation["native_tokens_cached"] > 0 and generation["cache_discount"] > 0


def test_h_content_not_stored():
    assert case("content-not-stored").content is None
    assert sum(r.content is None for r in load_demo_records()) == 1


def test_i_embeddings():
    record = case("embeddings")
    assert record.generation["api_type"] == "embeddings"
    assert record.content["output"] == {"completion": None, "reasoning": None}


def test_j_provider_storm():
    attempts = case("provider-storm").generation["provider_responses"]
    statuses = [a["status"] for a in attempts]
    assert len(attempts) == 20 and statuses[-1] == 200 and statuses.count(200) == 1
    assert {429, 500, 502, 503, 524, 529, None} <= set(statuses)
    assert len({a["provider_name"] for a in attempts}) >= 10


def test_k_large_content():
    content = case("large-content").content
    assert len(content["input"]["messages"]) >= 3000
    assert content["output"]["completion"].count("\n") + 1 >= 20000
    raw = (assets_dir() / "demo" / "large-content.json").stat().st_size
    assert raw < 10_000  # a recipe is committed, not megabytes


def test_l_schema_drift_shape(spec):
    generation = case("schema-drift").generation
    enums = spec.spec["components"]["schemas"]
    assert {"num_fetches_v2", "carbon_grams", "routing"} <= set(generation)
    assert generation["api_type"] not in enums["GenerationResponseDataApiType"]["enum"]
    names = enums["ProviderResponseProviderName"]["enum"]
    odd = [a for a in generation["provider_responses"] if a["provider_name"] not in names]
    assert odd and set(odd[0]) - {"endpoint_id", "id", "is_byok", "latency", "model_permaslug", "provider_name",
                                  "status"}


def test_m_provider_responses_null():
    assert any(r.generation["provider_responses"] is None for r in load_demo_records())


def test_n_audio_and_file_parts():
    found = parts(case("audio-file-input"))
    audio = next(p for p in found if p["type"] == "input_audio")["input_audio"]
    assert audio["format"] == "wav" and base64.b64decode(audio["data"])[:4] == b"RIFF"
    file = next(p for p in found if p["type"] == "file")["file"]
    assert file["filename"] == "report.pdf"
    header, data = file["file_data"].split(",", 1)
    assert header == "data:application/pdf;base64" and base64.b64decode(data).startswith(b"%PDF-")


def test_special_ids():
    assert RATE_LIMITED_ID in demo_ids()
    assert UNKNOWN_ID_EXAMPLE not in demo_ids() and pending_created_at(UNKNOWN_ID_EXAMPLE) is not None
    pending = fresh_pending_id(1_800_000_000.5)
    assert pending.startswith(PENDING_ID_PREFIX) and pending_created_at(pending) == 1_800_000_000
    assert fresh_pending_id(1_800_000_000.5) == pending


@pytest.mark.parametrize("value", ["gen-1234567890", "fault-404", "", "gen-abc-def"])
def test_non_pending_ids(value):
    assert pending_created_at(value) is None


def test_o_image_generation():
    generation = case("image-generation").generation
    assert generation["api_type"] == "image" and generation["model"] == "google/gemini-2.5-flash-image"
    assert generation["tokens_completion"] < 10 < 1000 < generation["native_tokens_completion"]
    assert generation["native_tokens_completion_images"] == generation["native_tokens_completion"]
    assert generation["num_media_completion"] == 2


def test_p_every_provider_failed_with_a_content_error():
    record = case("all-providers-failed")
    attempts = record.generation["provider_responses"]
    assert [a["status"] for a in attempts] == [429, 503, 502]
    assert record.generation["finish_reason"] == "error" and record.generation["total_cost"] == 0
    error = record.content["error"]
    assert (error["provider_name"], error["status"]) == (attempts[-1]["provider_name"], attempts[-1]["status"])
    assert [(e["provider_name"], e["code"]) for e in error["previous_errors"]] == [
        (a["provider_name"], a["status"]) for a in attempts[:-1]]
    assert all(isinstance(e["raw"], str) for e in [error, *error["previous_errors"]])
    assert record.content["output"] == {"completion": None, "reasoning": None}


def test_q_todays_fields_vary_across_the_data_set():
    generations = [r.generation for r in load_demo_records()]
    assert {g.get("data_region") for g in generations} >= {"global", "europe", "us"}
    assert {g.get("preset_id") is None for g in generations} == {True, False}
    tiers = {a.get("routed_service_tier") for g in generations for a in g["provider_responses"] or []}
    assert tiers >= {"flex", "priority", "ultrafast", None}
