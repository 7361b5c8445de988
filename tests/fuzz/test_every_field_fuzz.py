"""Any JSON value in any field of either answer: `show` (text, JSON and Markdown) prints it or
says what is wrong in one line, and every rendering function of the app (tabs, metadata panel,
attempts, exports, copies, the history) renders it without raising.

"Any JSON value" means the odd ones too: numbers past a float's range (`1e999`) and past 64
bits, NaN, lone surrogates, text with every kind of control character, and values nested from
just under the client's 200-level limit to 5,000 levels (past what Python's json can read). Each example puts one such value at one
path of the real fixture's metadata or of a real-shaped content body (or replaces a body
whole), so every field is reached.
"""

from __future__ import annotations

import copy
import json
import math
import re
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer import services
from explorer.api.client import NO_RETRY, GenerationsClient, Lookup
from explorer.api.errors import ApiError
from explorer.export import formats as export
from explorer.presentation import content_tabs
from explorer.presentation.metadata_sections import metadata_sections, sections_as_text
from explorer.store import HistoryStore
from explorer.ui.clipboard import metadata_json
from explorer.ui.widgets import attempts_waterfall, metadata_panel
from tests.fuzz.strategies import REAL_CONTENT, REAL_GENERATION

GENERATION_ID = REAL_GENERATION["id"]
NOW = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
FIELDS = settings(derandomize=True, deadline=None, max_examples=120,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (keys and list indices) inside a JSON value, the root included."""
    found = [prefix]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found += _paths(item, prefix + (key,))
    return found


GENERATION_PATHS = _paths({"data": REAL_GENERATION})
CONTENT_PATHS = _paths({"data": REAL_CONTENT})


HUGE = "@@1e999@@"  # written as the number 1e999: past a float's range (json.dumps cannot)
DEEP = re.compile(r'"@@DEEP:(\d+)@@"')  # written as lists that deep (json.dumps stops near 1,000)


def nested(depth: int, leaf: Any) -> Any:
    for _ in range(depth):
        leaf = [leaf] if depth % 2 else {"x": leaf}
    return leaf


leaves = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(10**30), 10**30),
    st.sampled_from([math.inf, -math.inf, math.nan, 1e308, -0.0, 10**400, 2**63, -(2**64), HUGE]),
    st.floats(), st.text(max_size=30),
    st.text(st.characters(codec=None, categories=("Cc", "Cf", "Cs", "Zl", "Zp")), max_size=8),
)
values = st.one_of(
    st.recursive(leaves, lambda children: st.lists(children, max_size=3)
                 | st.dictionaries(st.text(max_size=8), children, max_size=3), max_leaves=6),
    st.builds(nested, st.integers(150, 400), leaves),
    st.integers(900, 5000).map(lambda depth: f"@@DEEP:{depth}@@"),
)


def placed(base: dict[str, Any], paths: list[tuple], path: tuple, value: Any) -> dict[str, Any] | Any:
    """`base` with `value` at `path` (the root path: the whole body replaced)."""
    if not path:
        return value
    body = copy.deepcopy(base)
    parent = body
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return body


def body_bytes(body: Any) -> bytes:
    """JSON as Python writes it (NaN, Infinity and lone surrogates escaped); numbers past a
    float's range as a server would write them."""
    text = json.dumps(body, allow_nan=True).replace(f'"{HUGE}"', "1e999")
    return DEEP.sub(lambda found: "[" * int(found[1]) + "1" + "]" * int(found[1]), text).encode()


def transport(generation: Any, content: Any) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        body = content if request.url.path.endswith("/content") else generation
        return httpx.Response(200, content=body_bytes(body), headers={"content-type": "application/json"})

    return httpx.MockTransport(answer)


@pytest.fixture
def cli_on(monkeypatch, capsys):
    """`cli_on(generation, content, *args)`: `show ID ARGS` in process, its answers those bodies."""
    monkeypatch.setenv("MODELGATES_API_KEY", "sk-mg-v1-FUZZ-0123456789abcdef")
    monkeypatch.setenv("MODELGATES_RETRIES", "1")
    answers: dict[str, Any] = {}

    def client(settings, **_options):
        return GenerationsClient("http://gateway.test/api/v1", settings.api_key, retry=NO_RETRY,
                                 transport=transport(answers["generation"], answers["content"]))

    monkeypatch.setattr(services, "build_client", client)

    def run(generation: Any, content: Any, *args: str) -> tuple[int, str, str]:
        from explorer.cli import main

        answers.update(generation=generation, content=content)
        capsys.readouterr()
        code = main(["show", GENERATION_ID, "--no-history", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def assert_shown_or_one_clear_error(code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err and "internal error" not in err, err
    if code == 0:
        assert out.strip()
    else:
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1, err


@FIELDS
@given(where=st.sampled_from(["generation", "content"]), data=st.data(), value=values,
       form=st.sampled_from([(), ("--json",), ("--markdown",)]))
def test_show_prints_any_value_in_any_field_or_one_clear_error(cli_on, where, data, value, form):
    paths = GENERATION_PATHS if where == "generation" else CONTENT_PATHS
    path = data.draw(st.sampled_from(paths))
    generation, content = {"data": REAL_GENERATION}, {"data": REAL_CONTENT}
    if where == "generation":
        generation = placed(generation, paths, path, value)
    else:
        content = placed(content, paths, path, value)
    assert_shown_or_one_clear_error(*cli_on(generation, content, *form))


async def lookup_of(generation: Any, content: Any) -> Lookup | None:
    """What the client makes of the bodies: a lookup, or None for a typed error."""
    async with GenerationsClient("http://gateway.test/api/v1", "k", retry=NO_RETRY,
                                 transport=transport(generation, content)) as client:
        try:
            return await client.lookup(GENERATION_ID)
        except ApiError as error:
            assert error.title and "\n" not in str(error)
            return None


def render_everything(lookup: Lookup, store: HistoryStore) -> None:
    """Every rendering function the app and the CLI call on a lookup."""
    for tab, build in content_tabs.BUILDERS.items():
        assert build(lookup).display() is not None
        assert content_tabs.tab_title(lookup, tab)
    for _title, rows in metadata_panel.panel_sections(lookup.generation, NOW):
        for row in rows:
            metadata_panel.row_content(row)
    sections_as_text(metadata_sections(lookup.generation, NOW))
    attempts = lookup.generation.attempts
    spans = attempts_waterfall.timeline(attempts)
    total = sum(latency for _, latency in spans)
    columns = attempts_waterfall.Columns.fit(120)
    attempts_waterfall.header_row(total, columns)
    for attempt, span in zip(attempts, spans):
        attempts_waterfall.attempt_row(attempt, span, total, False, columns)
    export.lookup_as_json(lookup)
    export.lookup_as_json(lookup, ascii_only=True)
    export.lookup_as_markdown(lookup, NOW)
    metadata_json(lookup.raw_generation)
    assert store.save(lookup.raw_generation, lookup.raw_content, lookup.fetched_at) is None


@FIELDS
@given(where=st.sampled_from(["generation", "content"]), data=st.data(), value=values)
async def test_the_app_renders_any_value_in_any_field(tmp_path_factory, where, data, value):
    paths = GENERATION_PATHS if where == "generation" else CONTENT_PATHS
    path = data.draw(st.sampled_from(paths[1:]))  # a whole body replaced: covered by show
    generation, content = {"data": REAL_GENERATION}, {"data": REAL_CONTENT}
    if where == "generation":
        generation = placed(generation, paths, path, value)
    else:
        content = placed(content, paths, path, value)
    lookup = await lookup_of(generation, content)
    if lookup is None:
        return
    with HistoryStore.open(tmp_path_factory.mktemp("history") / "history.sqlite3") as store:
        render_everything(lookup, store)
