"""Cleaning pasted IDs and reading the time an ID embeds."""

from __future__ import annotations

import pytest

from explorer.api.errors import InvalidIdError
from explorer.api.ids import embedded_unix_time, normalize_id, split_ids

ID = "gen-1771967973-0hZ8J5kY7qLMOKbPx0u3"


@pytest.mark.parametrize("pasted", [
    ID, f"  {ID}\n", f'"{ID}"', f"'{ID}'", f"`{ID}`", f"“{ID}”",
    f"https://modelgates.ai/api/v1/generation?id={ID}",
    f"https://modelgates.ai/activity?foo=1&id={ID}&bar=2",
])
def test_pasted_forms_normalise_to_the_id(pasted):
    assert normalize_id(pasted) == ID


@pytest.mark.parametrize("bad", ["", "  ", "\"\"", "gen-1\x00x", "gen\x1b[31m", "x" * 1001])
def test_refused_ids(bad):
    with pytest.raises(InvalidIdError):
        normalize_id(bad)


def test_odd_characters_are_kept():
    assert normalize_id("a&b/c#d%e f") == "a&b/c#d%e f"


def test_embedded_time():
    assert embedded_unix_time(ID) == 1771967973
    assert embedded_unix_time("chatcmpl-123") is None
    assert embedded_unix_time("gen-abc-def") is None


def test_split_ids_for_batch_paste():
    assert split_ids(f"{ID}\ngen-1771967974-aaa, gen-1771967975-bbb") == [
        ID, "gen-1771967974-aaa", "gen-1771967975-bbb"]
    assert split_ids(f"{ID} {ID}") == [ID]
    assert split_ids("an id with spaces") == ["an id with spaces"]
