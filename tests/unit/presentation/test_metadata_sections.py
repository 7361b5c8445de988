"""The one metadata table: what its rows hold, and that the panel, compare, `show` and the
exports all list the same labels from it."""

from __future__ import annotations

import json
from datetime import datetime, timezone


from explorer.presentation.comparison import compare_metadata
from explorer.api.client import Lookup
from explorer.api.models import Generation
from explorer.export.formats import lookup_as_json, lookup_as_markdown
from explorer.presentation.formatting import DASH, local_time, parse_timestamp
from explorer.presentation.metadata_sections import (
    EXTRA_TITLE,
    SECTIONS,
    Field,
    metadata_sections,
    sections_as_text,
)
from explorer.ui.widgets.metadata_panel import LEFT_OUT, layout_lines, panel_sections, row_content
from tests.support.fixtures import fixture_body

NOW = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)


def fixture_generation() -> Generation:
    """The cancelled real generation, with an unknown api type and two unknown fields."""
    body = fixture_body("real-generation-cancelled-stream.json")["data"]
    return Generation.model_validate({**body, "api_type": "hologram", "num_fetches": 2,
                                      "carbon_grams": 0.4, "zz_note": "kept"})


def fixture_lookup() -> Lookup:
    gen = fixture_generation()
    return Lookup(generation=gen, raw_generation=gen.model_dump(), fetched_at=1.0)


def rows_by_label(gen: Generation) -> dict[tuple[str, str], object]:
    return {(s.title, row.label): row for s in metadata_sections(gen, NOW) for row in s.rows}


def test_the_sections_and_their_labels_are_the_panels():
    titles = [s.title for s in metadata_sections(fixture_generation(), NOW)]
    assert titles == ["Generation", "Cost", "Tokens", "Timing", "Attempts", "IDs", EXTRA_TITLE]
    assert [f.label for f in dict(SECTIONS)["Cost"]] == [
        "total", "usage", "cache discount", "upstream", "per 1M tokens", "per image"]
    every_label = [f.label for _, fields in SECTIONS for f in fields]
    assert "latency (TTFT)" in every_label and "Total cost" not in every_label


def test_rows_hold_value_text_kind_and_note():
    rows = rows_by_label(fixture_generation())
    model = rows["Generation", "model"]
    assert (model.text, model.kind, model.value) == (
        "meta-llama/llama-4-scout-17b-16e-instruct", "strong",
        "meta-llama/llama-4-scout-17b-16e-instruct")
    api_type = rows["Generation", "api type"]
    assert (api_type.text, api_type.note, api_type.note_kind) == ("hologram", "new", "warning")
    cancelled = rows["Generation", "cancelled"]
    assert (cancelled.text, cancelled.kind) == ("yes", "warning")
    assert rows["Generation", "streamed"].kind == "plain"
    created = rows["Generation", "created"]
    assert created.text == local_time(parse_timestamp("2026-02-24T21:19:33.705Z"))
    assert created.note == "4 days ago" and created.note_below
    prompt = rows["Tokens", "prompt"]
    assert (prompt.text, prompt.note, prompt.full_text) == ("65", "native 64", "65 (native 64)")
    assert rows["Tokens", "reasoning"].note == ""  # no native count beside it
    assert rows["Cost", "cache discount"].text == DASH
    assert rows["Cost", "total"].kind == "strong"
    assert (rows["Attempts", "attempts"].text, rows["Attempts", "failed"].text) == ("1", "0")


def test_optional_rows_only_when_set():
    rows = rows_by_label(fixture_generation())
    assert rows["Tokens", "fetches"].text == "2"
    assert ("Tokens", "media out") not in rows  # 0: left out
    assert ("Tokens", "images out") not in rows  # null: left out
    assert ("IDs", "external user") not in rows


def test_unknown_fields_are_kept_sorted_as_json():
    rows = rows_by_label(fixture_generation())
    other = [label for title, label in rows if title == EXTRA_TITLE]
    assert other == ["carbon_grams", "zz_note"]
    assert rows[EXTRA_TITLE, "carbon_grams"].text == "0.4"
    assert rows[EXTRA_TITLE, "carbon_grams"].value == 0.4
    assert rows[EXTRA_TITLE, "zz_note"].text == "kept"


def test_without_attempt_details_the_attempt_rows_are_dashes():
    gen = Generation.model_validate(fixture_body("docs-example-generation.json")["data"])
    rows = rows_by_label(gen)
    assert {rows["Attempts", label].text for label in ("attempts", "failed", "time lost")} == {DASH}


def test_a_new_row_is_one_field():
    field = Field("web search", "web_search_engine", optional=True)
    gen = Generation(id="gen-x", web_search_engine="exa")
    assert field.row(gen, NOW).text == "exa"
    assert field.row(Generation(id="gen-y"), NOW) is None


def test_show_and_the_exports_list_every_label_of_the_table():
    lookup = fixture_lookup()
    sections = metadata_sections(lookup.generation, NOW)
    shown = sections_as_text(sections).splitlines()
    markdown = lookup_as_markdown(lookup, NOW).splitlines()
    exported = json.loads(lookup_as_json(lookup))["metadata"]
    for section in sections:
        assert section.title in shown and f"## {section.title}" in markdown
        assert list(exported[section.title]) == [row.label for row in section.rows]
        for row in section.rows:
            assert any(line.startswith(f"  {row.label} ") for line in shown), row
            assert f"| {row.label} | {row.full_text} |" in markdown, row
            assert exported[section.title][row.label] == row.text


def test_the_panel_lists_every_label_of_the_table_but_the_attempt_counts():
    table = metadata_sections(fixture_generation(), NOW)
    sections = panel_sections(fixture_generation(), NOW)
    assert sections == [s for s in table if s.title != "Attempts"] and LEFT_OUT == {"Attempts"}
    lines = [line.plain for line in layout_lines(sections, "", 60)]
    label_width = min(16, 1 + max(len(row.label) for s in sections for row in s.rows))
    labels = [line[:label_width].strip() for line in lines if line[:label_width].strip()]
    titles = [s.title for s in sections]
    expected = [item for s in sections for item in
                [s.title, *[row.label[: label_width - 1] for row in s.rows]]]
    assert [label for label in labels if label in titles or label in expected] == expected
    panel_value = {row.label: row_content(row).plain for s in sections for row in s.rows}
    assert panel_value["prompt"] == "65  native 64" and panel_value["api type"] == "hologram  new"
    assert panel_value["created"].endswith("\n4 days ago")


def test_compare_lists_every_label_of_the_table():
    gen = fixture_generation()
    table = [(s.title, row.label) for s in metadata_sections(gen, NOW) for row in s.rows]
    assert [(row.section, row.label) for row in compare_metadata(gen, gen, NOW)] == table


def test_null_is_the_dash_never_none():
    text = sections_as_text(metadata_sections(Generation(id="gen-bare"), NOW))
    assert "None" not in text and f"total           {DASH}" in text
