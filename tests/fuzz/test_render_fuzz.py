"""Rendering any parsed generation never raises, and what it renders for a terminal or a
Markdown file holds no control or invisible formatting character (network text is data)."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from explorer.export import formats as export
from explorer.presentation.metadata_sections import metadata_sections, sections_as_text
from explorer.presentation.content_blocks import content_as_markdown, message_blocks, messages_as_text
from explorer.store import HistoryStore
from explorer.presentation import content_tabs
from explorer.ui.widgets import attempts_waterfall, metadata_panel
from tests.fuzz.lookups import lookups
from tests.fuzz.strategies import normal

NOW = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
# Controls (except newline and tab), DEL, C1, bidi and zero-width characters, lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                    "\u2066-\u2069\ufeff\ud800-\udfff]")
RENDER = settings(derandomize=True, deadline=None, max_examples=150,
                  suppress_health_check=[HealthCheck.too_slow])


def assert_safe(text: str, what: str) -> None:
    found = UNSAFE.search(text)
    assert found is None, f"{what} holds {found.group()!r}"


@RENDER
@given(lookup=lookups())
def test_text_and_markdown_renderers(lookup):
    sections = metadata_sections(lookup.generation, NOW)
    assert_safe(sections_as_text(sections), "the metadata text")
    assert_safe(export.lookup_as_markdown(lookup, NOW), "the Markdown export")
    exported = json.loads(export.lookup_as_json(lookup))
    assert normal(exported["generation"]) == normal(lookup.raw_generation)
    assert normal(exported["content"]) == normal(lookup.raw_content)
    ascii_json = export.lookup_as_json(lookup, ascii_only=True)
    assert ascii_json.isascii() and normal(json.loads(ascii_json)) == normal(exported)
    content = lookup.content
    if content is not None:
        blocks = message_blocks(content.messages)
        assert len(blocks) == len(content.messages or [])
        assert_safe(messages_as_text(content.messages), "the messages text")
        assert_safe(content_as_markdown(messages=content.messages, prompt=content.prompt,
                                        completion=content.output.completion,
                                        reasoning=content.output.reasoning), "the content Markdown")


@RENDER
@given(lookup=lookups())
def test_widget_builders(lookup):
    """The pure halves of the widgets: what each tab, panel row and attempt line will show."""
    for tab, build in content_tabs.BUILDERS.items():
        built = build(lookup)
        assert_safe(built.display().text.replace("\t", " "), f"the {tab} tab")
        assert content_tabs.tab_title(lookup, tab)
    for title, rows in metadata_panel.panel_sections(lookup.generation, NOW):
        for row in rows:
            assert_safe(row.label + metadata_panel.row_content(row).plain,
                        f"the metadata row {title}/{row.label}")
    attempts = lookup.generation.attempts
    spans = attempts_waterfall.timeline(attempts)
    total = sum(latency for _, latency in spans)
    for width in (20, 120):
        columns = attempts_waterfall.Columns.fit(width)
        for attempt, span in zip(attempts, spans):
            row = attempts_waterfall.attempt_row(attempt, span, total, False, columns)
            assert_safe(row.plain, "an attempt row")
        assert_safe(attempts_waterfall.header_row(total, columns).plain, "the attempts header")


_STORE_DIR = Path(tempfile.mkdtemp(prefix="fuzz-history-"))


@settings(derandomize=True, deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(lookup=lookups())
def test_history_saves_what_it_is_given(lookup):
    with HistoryStore.open(_STORE_DIR / "history.sqlite3") as store:
        warning = store.save(lookup.raw_generation, lookup.raw_content, lookup.fetched_at)
        assert warning is None and store.enabled
        stored = store.get(lookup.generation.id)
        assert stored is not None
        assert normal(stored.generation) == normal(lookup.raw_generation)
        if lookup.raw_content is not None:
            assert normal(stored.content) == normal(lookup.raw_content)
        assert store.list(limit=1)
