"""Today's API fields on show: region, workspace, preset and service tier in the metadata table,
the routed tier per attempt, the failure a content answer records; and an older answer
without any of them still reads cleanly (the dash, never "None")."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from explorer.api.client import Lookup
from explorer.api.models import ContentEnvelope, Generation, GenerationContent
from explorer.demo.data import DEMO_CASES, get_demo_record
from explorer.export.formats import content_markdown, lookup_as_json, lookup_as_markdown
from explorer.presentation.attempt_table import attempt_rows, attempts_as_text, tier_text
from explorer.presentation.content_tabs import completion_tab
from explorer.presentation.formatting import DASH
from explorer.presentation.generation_failure import failure_lines, failure_text
from explorer.presentation.metadata_sections import metadata_sections, sections_as_text
from explorer.ui.widgets import attempts_waterfall as waterfall
from tests.support.fixtures import fixture_body

NOW = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
FAILED_ID = DEMO_CASES["all-providers-failed"]


def rows(gen: Generation) -> dict[tuple[str, str], object]:
    return {(s.title, row.label): row for s in metadata_sections(gen, NOW) for row in s.rows}


def demo_lookup(case: str) -> Lookup:
    record = get_demo_record(DEMO_CASES[case])
    assert record is not None
    lookup = Lookup(generation=Generation.model_validate(record.generation),
                    raw_generation=record.generation, fetched_at=NOW.timestamp())
    if record.content is not None:
        lookup.content = ContentEnvelope.model_validate({"data": record.content}).data
        lookup.raw_content = record.content
    return lookup


def test_a_live_shaped_generation_shows_every_new_field():
    gen = Generation.model_validate(fixture_body("docs-example-generation.json")["data"])
    table = rows(gen)
    shown = {key: row.text for key, row in table.items()}
    assert shown["Generation", "region"] == "global" and table["Generation", "region"].note == ""
    assert shown["Generation", "service tier"] == "priority"
    assert shown["IDs", "workspace"] == "550e8400-e29b-41d4-a716-446655440000"
    assert shown["IDs", "preset"] == "a9e8d400-592a-494f-908c-375efa66cafd"
    assert shown["IDs", "request"] == "req-1727282430-aBcDeFgHiJkLmNoPqRsT"
    assert shown["IDs", "router"] == "openrouter/auto" and shown["IDs", "web search"] == "exa"
    # Modelled now: none of them is left to "Other fields".
    assert not any(title == "Other fields" for title, _ in table)


def test_a_region_the_model_does_not_know_is_kept_and_noted_new():
    row = rows(Generation(id="gen-x", data_region="mars"))["Generation", "region"]
    assert (row.text, row.note, row.note_kind, row.full_text) == ("mars", "new", "warning", "mars (new)")


def test_an_older_answer_without_the_new_fields_still_reads_cleanly():
    gen = Generation.model_validate(fixture_body("real-generation-cancelled-stream.json")["data"])
    table = rows(gen)
    assert table["Generation", "region"].text == DASH  # always there, so its absence shows
    assert table["Generation", "service tier"].text == DASH
    assert ("IDs", "workspace") not in table and ("IDs", "preset") not in table
    assert [tier_text(attempt) for attempt in gen.attempts] == [DASH]
    lookup = Lookup(generation=gen, raw_generation=gen.model_dump(), fetched_at=0.0,
                    content=GenerationContent(), raw_content={})
    for text in (sections_as_text(metadata_sections(gen, NOW)), attempts_as_text(gen),
                 lookup_as_markdown(lookup, NOW), content_markdown(lookup.content)):
        assert "None" not in text and "Generation error" not in text
    assert failure_lines(None) == [] and failure_text(None) == ""


def test_the_routed_tier_per_attempt_and_a_new_one_noted():
    gen = Generation.model_validate({"id": "gen-x", "provider_responses": [
        {"provider_name": "Old", "status": 500},
        {"provider_name": "Quasar", "status": 502, "routed_service_tier": "batch"},
        {"provider_name": "Groq", "status": 200, "latency": 205, "routed_service_tier": "ultrafast"}]})
    assert [row[5] for row in attempt_rows(gen)] == [DASH, "batch (new)", "ultrafast"]
    lines = attempts_as_text(gen).splitlines()
    assert lines[1].split() == ["#", "provider", "model", "status", "latency", "tier", "BYOK"]
    assert "ultrafast" in lines[4] and lines[4].endswith("winner") and "winner" not in lines[3]
    assert attempts_as_text(Generation(id="gen-y")).endswith("provider_responses is null).")


def test_failure_lines_name_the_failure_and_every_earlier_attempt():
    lookup = demo_lookup("all-providers-failed")
    lines = failure_lines(lookup.content.error)
    texts = [text for text, _ in lines]
    assert texts[0] == "Generation failed: Provider returned error (status 502, provider Together)"
    assert texts[1].startswith('  raw: {"error":{"message":"upstream connect error')
    assert texts[2] == "Earlier attempts that failed (2):"
    assert texts[3] == "  1. Alibaba: 429 Rate limit reached for qwen3-coder-plus: 60 requests per minute"
    assert texts[5] == "  2. DigitalOcean: 503 Service Unavailable: no healthy upstream"
    assert [kind for _, kind in lines] == ["error", "extra", "note", "error", "extra", "error", "extra"]
    tab = completion_tab(lookup)  # no completion: the failure is what the tab shows
    assert tab.is_empty and [text for text, _ in tab.empty] == texts


def test_network_text_in_a_failure_is_made_visible_and_cut():
    content = ContentEnvelope.model_validate({"data": {"error": {
        "message": "bad\x1b[31m\nred", "status": 500.0, "raw": {"deep": ["x" * 5000]},
        "previous_errors": [{"code": None, "message": None, "provider_name": None}]}}}).data
    texts = [text for text, _ in failure_lines(content.error)]
    assert texts[0] == "Generation failed: bad␛[31m red (status 500)"
    assert texts[1].startswith('  raw: {"deep": ["xxx') and len(texts[1]) < 420
    assert texts[3] == "  1. unknown provider: no message"
    assert all("\x1b" not in text and "\n" not in text for text in texts)


def test_show_markdown_and_json_carry_region_tier_and_the_failure():
    failed = demo_lookup("all-providers-failed")
    markdown = lookup_as_markdown(failed, NOW)
    assert "| region | europe |" in markdown
    assert "| # | Provider | Model | Status | Latency | Tier | BYOK | |" in markdown
    assert "## Generation error" in markdown and "2. DigitalOcean: 503" in markdown
    exported = json.loads(lookup_as_json(failed))
    assert exported["metadata"]["Generation"]["region"] == "europe"
    assert exported["content"]["error"]["previous_errors"][1]["provider_name"] == "DigitalOcean"
    flex = demo_lookup("large-content")
    exported = json.loads(lookup_as_json(flex))
    assert exported["metadata"]["Generation"]["service tier"] == "flex"
    assert exported["generation"]["provider_responses"][0]["routed_service_tier"] == "flex"
    assert "| flex | no | winner |" in lookup_as_markdown(flex, NOW)


def test_the_waterfall_has_a_tier_column_only_when_an_attempt_names_a_tier():
    tiered = Generation.model_validate({"id": "gen-x", "provider_responses": [
        {"provider_name": "Groq", "status": 200, "latency": 205, "model_permaslug": "moonshotai/kimi-k2",
         "routed_service_tier": "ultrafast"}]}).attempts
    width = waterfall.tier_width(tiered)
    assert width == len("ultrafast")
    columns = waterfall.Columns.fit(68, width)
    assert columns.tier == width and columns.bar >= waterfall.MIN_BAR
    header = waterfall.header_row(205, columns).plain
    row = waterfall.attempt_row(tiered[0], (0, 205), 205, True, columns).plain
    assert header.split()[:2] == ["provider", "tier"] and row.split()[1:3] == ["Groq", "ultrafast"]
    old = Generation.model_validate(fixture_body("real-generation-cancelled-stream.json")["data"])
    assert waterfall.tier_width(old.attempts) == 0  # older answers: no column of dashes
    assert waterfall.Columns.fit(68) == waterfall.Columns.fit(68, 0)
    assert "tier" not in waterfall.header_row(1, waterfall.Columns.fit(68)).plain
    assert waterfall.Columns.fit(30, width).tier == 0  # too narrow: the bar keeps its room
