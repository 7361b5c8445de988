"""HistoryStore: saving, reading back, listing, searching and statistics input."""

from __future__ import annotations

import asyncio
import inspect
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.store import COUNT_CAP, AttemptRow, HistoryStore, schema
from tests.unit.store.helpers import make_content, make_generation, real_generation


@pytest.fixture
def store(tmp_path):
    s = HistoryStore.open(tmp_path / "history.sqlite3")
    assert s.enabled and s.warning is None
    yield s
    s.close()


def ids(rows) -> list[str]:
    return [row.id for row in rows]


# --- round trip ------------------------------------------------------------------------


def test_round_trip_real_generation_with_unknown_keys(store):
    generation = real_generation()
    generation["brand_new_field"] = {"nested": [1, 2.5, None, "x"], "ünïcode": "✓"}
    content = {
        "input": {"messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [
                {"type": "text", "text": "Hi"}, {"type": "image_url", "image_url": {"url": "data:x"}},
            ]},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}},
            ]},
        ]},
        "output": {"completion": None, "reasoning": "thinking…"},
        "extra_unknown": True,
    }
    assert store.save(generation, content, fetched_at=123.5) is None
    stored = store.get(generation["id"])
    assert stored.generation == generation
    assert stored.content == content
    assert stored.fetched_at == 123.5
    assert json.dumps(stored.generation, sort_keys=True) == json.dumps(generation, sort_keys=True)


def test_round_trip_null_content_and_missing_keys(store):
    store.save({"id": "gen-bare"}, None)
    stored = store.get("gen-bare")
    assert stored.generation == {"id": "gen-bare"} and stored.content is None
    [row] = store.list()
    assert row.id == "gen-bare" and row.model is None and row.total_cost is None
    assert row.attempts == 0 and row.failures == 0 and row.status == "—" and not row.has_content


def test_get_missing_returns_none(store):
    assert store.get("nope") is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    extra=st.dictionaries(st.text(max_size=10), json_values, max_size=5),
    content=st.none() | st.dictionaries(st.text(max_size=8), json_values, max_size=4),
)
def test_round_trip_arbitrary_json(store, extra, content):
    generation = {**extra, "id": "gen-prop"}
    store.save(generation, content)
    stored = store.get("gen-prop")
    assert stored.generation == generation
    if content is not None:  # None keeps content saved by an earlier example
        assert stored.content == content


def test_upsert_replaces(store):
    responses = [{"provider_name": "A", "status": 500}, {"provider_name": "B", "status": 200}]
    store.save(make_generation(1, model="old/model", provider_responses=responses), make_content("first answer"))
    store.save(make_generation(1, model="new/model"), make_content("second answer"))
    assert store.count() == 1
    stored = store.get("gen-00001")
    assert stored.generation["model"] == "new/model"
    assert stored.content["output"]["completion"] == "second answer"
    assert ids(store.list(query="new/model")) == ["gen-00001"]
    assert store.list(query="old/model") == [] and store.list(query="first answer") == []
    assert ids(store.list(query="second answer")) == ["gen-00001"]
    assert [a.provider for a in store.attempt_rows()] == ["OpenAI"]


def test_upsert_without_content_keeps_saved_content(store):
    store.save(make_generation(1), make_content("precious words"))
    store.save(make_generation(1, model="x/y"), None)
    stored = store.get("gen-00001")
    assert stored.generation["model"] == "x/y"
    assert stored.content["output"]["completion"] == "precious words"
    assert ids(store.list(query="precious")) == ["gen-00001"]
    assert store.list()[0].has_content


def test_save_requires_string_id(store):
    with pytest.raises(ValueError):
        store.save({"model": "x"}, None)
    with pytest.raises(ValueError):
        store.save_many([(make_generation(1), None), ({"id": 7}, None)])
    assert store.count() == 0  # the whole batch was rolled back


def test_save_has_no_free_form_parameters():
    """The store is never handed an API key: no **kwargs or extra parameters."""
    assert list(inspect.signature(HistoryStore.save).parameters) == ["self", "generation", "content", "fetched_at"]


# --- summary columns ---------------------------------------------------------------------


def test_summary_columns_from_real_generation(store):
    store.save(real_generation(), None, fetched_at=10.0)
    [row] = store.list()
    assert row.model == "meta-llama/llama-4-scout-17b-16e-instruct"
    assert row.provider == "DeepInfra" and row.api_type == "completions"
    assert row.total_cost == pytest.approx(0.00003452)
    assert (row.tokens_prompt, row.tokens_completion, row.tokens_reasoning) == (65, 116, 0)
    assert (row.latency, row.generation_time) == (1016, 2940)
    assert (row.attempts, row.failures, row.status) == (1, 0, "cancelled")
    assert row.created_at == "2026-02-24T21:19:33.705Z" and row.fetched_at == 10.0


def test_status_and_failures(store):
    responses = [
        {"provider_name": "A", "status": 429}, {"provider_name": "B", "status": None},
        {"provider_name": "C", "status": 200},
    ]
    store.save(make_generation(1, finish_reason="length", provider_responses=responses), None)
    store.save(make_generation(2, finish_reason=None, provider_responses=None), None)
    rows = {row.id: row for row in store.list()}
    assert (rows["gen-00001"].status, rows["gen-00001"].attempts, rows["gen-00001"].failures) == ("length", 3, 2)
    assert (rows["gen-00002"].status, rows["gen-00002"].attempts) == ("—", 0)


# --- listing -----------------------------------------------------------------------------


def test_sort_orders(store):
    for i, cost, latency, tokens, fetched in ((1, 0.5, 300, 1, 3), (2, None, None, None, 1), (3, 0.1, 900, 50, 2)):
        generation = make_generation(i, total_cost=cost, latency=latency, tokens_prompt=tokens, tokens_completion=tokens)
        store.save(generation, None, fetched_at=fetched)
    assert ids(store.list()) == ["gen-00003", "gen-00002", "gen-00001"]
    assert ids(store.list(descending=False)) == ["gen-00001", "gen-00002", "gen-00003"]
    # Missing values sort last in both directions.
    assert ids(store.list(sort="cost")) == ["gen-00001", "gen-00003", "gen-00002"]
    assert ids(store.list(sort="cost", descending=False)) == ["gen-00003", "gen-00001", "gen-00002"]
    assert ids(store.list(sort="latency")) == ["gen-00003", "gen-00001", "gen-00002"]
    assert ids(store.list(sort="tokens", descending=False)) == ["gen-00001", "gen-00003", "gen-00002"]
    assert ids(store.list(sort="fetched")) == ["gen-00001", "gen-00003", "gen-00002"]
    with pytest.raises(ValueError):
        store.list(sort="bogus")


def test_missing_created_at_sorts_by_fetch_time(store):
    store.save(make_generation(1, created_at="2026-01-01T00:00:00Z"), None, fetched_at=1)
    store.save(make_generation(2, created_at=None), None, fetched_at=2_000_000_000)
    store.save(make_generation(3, created_at="not a date"), None, fetched_at=0)
    assert ids(store.list()) == ["gen-00002", "gen-00001", "gen-00003"]


def test_pagination(store):
    store.save_many([(make_generation(i), None) for i in range(25)])
    pages = [ids(store.list(limit=10, offset=o)) for o in (0, 10, 20)]
    assert [len(p) for p in pages] == [10, 10, 5]
    assert sum(pages, []) == [f"gen-{i:05d}" for i in reversed(range(25))]


def test_filters(store):
    store.save(make_generation(1, model="anthropic/claude-sonnet-4", provider_name="Anthropic", session_id="sess-a"),
               make_content("The capital is Paris.", "What is the capital of France?"))
    store.save(make_generation(2, session_id="sess-a", request_id="req-special"),
               {"input": {"prompt": "Tell me about Zanzibar"},
                "output": {"completion": None, "reasoning": "Mulling over WOMBATS"}})
    store.save(make_generation(3, session_id="sess-b"), {"input": {"messages": [
        {"role": "user", "content": [{"type": "text", "text": "describe this quasar"}]},
        {"role": "assistant", "content": "", "tool_calls": [
            {"function": {"name": "lookup_star", "arguments": "{\"q\": \"betelgeuse\"}"}},
        ]},
    ]}, "output": {"completion": "ok", "reasoning": None}})
    assert ids(store.list(query="gen-00002")) == ["gen-00002"]
    assert ids(store.list(query="CLAUDE")) == ["gen-00001"]          # model, case-insensitive
    assert ids(store.list(query="anthropic", descending=False)) == ["gen-00001"]  # provider
    assert ids(store.list(query="capital of france")) == ["gen-00001"]  # message text only
    assert ids(store.list(query="paris")) == ["gen-00001"]            # completion only
    assert ids(store.list(query="zanzibar")) == ["gen-00002"]         # prompt only
    assert ids(store.list(query="wombat")) == ["gen-00002"]           # reasoning only
    assert ids(store.list(query="quasar")) == ["gen-00003"]           # text part
    assert ids(store.list(query="betelgeuse")) == ["gen-00003"]       # tool call arguments
    assert ids(store.list(query="sess-")) == ["gen-00003", "gen-00002", "gen-00001"]
    assert ids(store.list(query="req-special")) == ["gen-00002"]
    assert ids(store.list(session_id="sess-a")) == ["gen-00002", "gen-00001"]
    assert ids(store.list(session_id="sess-a", query="paris")) == ["gen-00001"]
    assert ids(store.list(request_id="req-00003")) == ["gen-00003"]
    assert store.count(session_id="sess-a") == 2 and store.count(query="paris") == 1
    assert store.count(query="paris", session_id="sess-b") == 0
    assert store.list(query="no such text anywhere") == []


def test_short_query_searches_metadata_only(store):
    store.save(make_generation(1, model="x/qz-model"), make_content("nothing"))
    store.save(make_generation(2), make_content("contains qz only in content"))
    assert ids(store.list(query="qz")) == ["gen-00001"]
    assert ids(store.list(query="Z")) == ["gen-00001"]
    assert store.count(query="qz") == 1


@pytest.mark.parametrize("query", [
    '"', '""', 'say "hi"', 'a"b"c', "foo AND bar", "NEAR(a b)", "col:val", "*", "^start",
    "'; DROP TABLE generations; --", "%_\\", "(((", "ünï", "🙂🙂🙂", "-", "x\x00y",
])
def test_query_special_characters_never_raise(store, query):
    store.save(make_generation(1), make_content('She said "hi" -- then (left) 50% of_it \\ ünïcode 🙂🙂🙂'))
    store.list(query=query)
    store.count(query=query)
    store.attempt_rows(query=query)
    assert store.enabled and store.warning is None


def test_query_with_quotes_matches_literally(store):
    store.save(make_generation(1), make_content('She said "hi" to them'))
    store.save(make_generation(2), make_content("She said hi to them"))
    assert ids(store.list(query='said "hi"')) == ["gen-00001"]
    assert ids(store.list(query="50%")) == []


def test_text_search_plans_agree_with_brute_force(store):
    """Common words take the walk plan, rare words the FTS plan; both give the same answers."""
    items = []
    for i in range(300):
        words = ["common"] + (["medium"] if i % 4 == 0 else []) + (["rare"] if i % 50 == 0 else [])
        items.append((make_generation(i, total_cost=(i * 7919) % 300 / 1000), make_content(" ".join(words) + f" n{i}")))
    store.save_many(items)
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    for word, every in (("common", 1), ("medium", 4), ("rare", 50)):
        expected = [i for i in range(300) if i % every == 0]
        for sort in ("time", "cost"):
            statements.clear()
            got = ids(store.list(query=word, sort=sort, limit=10))
            ranked = sorted(expected, key=lambda i: ((i * 7919) % 300 if sort == "cost" else i, i), reverse=True)
            assert got == [f"gen-{i:05d}" for i in ranked[:10]], (word, sort)
            plan = "walk" if any("instr((SELECT text" in s for s in statements) else "collect"
            assert plan == ("walk" if word == "common" else "collect")
        assert store.count(query=word) == len(expected)
        assert store.count(query=word, session_id=None, request_id="req-00000") == 1
        assert store.count(query=word, cap=3) == min(len(expected), 4)
    store._conn.set_trace_callback(None)
    # save_many paused FTS automerge for the bulk load and restored it.
    assert store._conn.execute("SELECT v FROM search_config WHERE k = 'automerge'").fetchone() == (4,)


def test_count_cap(store):
    store.save_many([(make_generation(i), make_content("needle")) for i in range(12)])
    assert store.count() == 12 and COUNT_CAP >= 10_000
    assert store.count(cap=5) == 6
    assert store.count(query="needle", cap=5) == 6
    assert store.count(query="needle", cap=None) == 12
    assert store.count(query="gen", session_id=None, cap=None) == 12


def test_attempt_rows(store):
    store.save(make_generation(1, session_id="s", provider_responses=[
        {"provider_name": "A", "status": 429, "latency": 50, "is_byok": True, "model_permaslug": "m/a"},
        {"provider_name": "B", "status": 200, "latency": 70.5, "is_byok": False},
    ]), make_content("alpha words"))
    responses = [{"provider_name": "C", "status": None}, "junk"]
    store.save(make_generation(2, provider_responses=responses), make_content("beta words"))
    rows = store.attempt_rows()
    assert rows[0] == AttemptRow("A", 429, 50, True, "gen-00001", 0, "m/a")
    assert rows[1] == AttemptRow("B", 200, 70.5, False, "gen-00001", 1, None)
    assert rows[2] == AttemptRow("C", None, None, None, "gen-00002", 0, None)
    assert rows[3].provider is None and len(rows) == 4
    assert [r.provider for r in store.attempt_rows(query="beta words")] == ["C", None]
    assert [r.provider for r in store.attempt_rows(session_id="s")] == ["A", "B"]
    assert len(store.attempt_rows(limit=1)) == 1


def test_clear(store):
    store.save_many([(make_generation(i), make_content(f"word{i} shared")) for i in range(3)])
    assert store.count() == 3 and len(store.list(query="shared")) == 3
    assert store.clear() is None
    assert store.count() == 0 and store.list(query="shared") == [] and store.attempt_rows() == []
    store.save(make_generation(9), make_content("after clear"))
    assert ids(store.list(query="after clear")) == ["gen-00009"]


def test_persists_across_reopen(tmp_path):
    path = tmp_path / "h.sqlite3"
    with HistoryStore.open(path) as first:
        first.save(make_generation(1), make_content("kept on disk"))
    with HistoryStore.open(path) as second:
        assert ids(second.list(query="kept on disk")) == ["gen-00001"]


async def test_usable_from_worker_threads(store):
    await asyncio.gather(*(asyncio.to_thread(store.save, make_generation(i), make_content("async")) for i in range(20)))
    rows, total = await asyncio.gather(asyncio.to_thread(store.list, query="async"), asyncio.to_thread(store.count))
    assert len(rows) == 20 and total == 20


def test_without_trigram_support_search_still_works(tmp_path, monkeypatch):
    """Old SQLite (< 3.34): no FTS table, searches scan; a later open with trigram builds the index."""
    path = tmp_path / "h.sqlite3"
    monkeypatch.setattr(schema, "trigram_supported", lambda conn: False)
    with HistoryStore.open(path) as old:
        assert not old._fts
        old.save_many([(make_generation(i), make_content(f"common text {i}")) for i in range(5)])
        old.save(make_generation(1), make_content("replaced text"))
        assert [r.id for r in old.list(query="common text 3")] == ["gen-00003"]
        assert old.count(query="COMMON TEXT") == 4 and old.list(query="common text 1") == []
    monkeypatch.undo()
    with HistoryStore.open(path) as new:
        assert new._fts
        assert [r.id for r in new.list(query="replaced")] == ["gen-00001"]
        assert new.count(query="common text") == 4


def test_count_after_list_sees_new_writes(tmp_path):
    """list() remembers a short first page's size for count(); any commit invalidates it."""
    path = tmp_path / "h.sqlite3"
    with HistoryStore.open(path) as a, HistoryStore.open(path) as b:
        a.save(make_generation(1), make_content("shared word"))
        assert len(a.list(query="shared word")) == 1 and a.count(query="shared word") == 1
        b.save(make_generation(2), make_content("shared word"))  # another connection
        assert a.count(query="shared word") == 2
        assert len(a.list(query="shared word")) == 2
        a.save(make_generation(3), make_content("shared word"))  # our own write
        assert a.count(query="shared word") == 3
        assert len(a.list(query="shared word", limit=2)) == 2 and a.count(query="shared word", cap=1) == 2
        assert a.list(query="gen-0000", session_id="none") == [] and a.count(query="gen-0000") == 3
