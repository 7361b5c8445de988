"""Cleaning pasted IDs, reading lists of them (`parse_ids`), and the time an ID embeds."""

from __future__ import annotations

import pytest

from explorer.api.errors import InvalidIdError
from explorer.api.ids import (
    embedded_unix_time,
    normalize_id,
    parse_ids,
    quoted_pieces,
    split_ids,
)

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


def test_split_ids_keeps_what_is_not_an_id_in_its_place_for_the_server_to_judge():
    # A command-line argument: nothing is dropped, each unknown piece is looked up (and fails).
    assert split_ids(f"gen-a, oops https://x/generation?id={ID}") == ["gen-a", "oops", ID]
    assert split_ids("chatcmpl-123") == ["chatcmpl-123"]
    assert split_ids("") == [""]  # refused later as empty, not dropped


URL = "https://modelgates.ai/api/v1/generation?id="
CONTENT_URL = "https://modelgates.ai/api/v1/generation/content?id="


@pytest.mark.parametrize(("text", "ids", "unrecognised"), [
    # Before: a URL in a list glued the last two IDs into one.
    (f"{URL}gen-1-a\ngen-2-b\ngen-3-c", ["gen-1-a", "gen-2-b", "gen-3-c"], []),
    # Before: IDs and a fault ID on one line were one ID.
    (f"{ID} gen-2-b fault-429", [ID, "gen-2-b", "fault-429"], []),
    # Before: one malformed line kept only the first line.
    ("gen-1-a\nnot an id\ngen-2-b", ["gen-1-a", "gen-2-b"], ["not", "an", "id"]),
    ("gen-1-a,gen-2-b;gen-3-c\r\n\tgen-4-d , gen-5-e", [f"gen-{n}-{c}" for n, c in
                                                         zip(range(1, 6), "abcde")], []),
    (f"{CONTENT_URL}{ID}&foo=1, https://modelgates.ai/activity?foo=1&id=gen-2-b&bar=2",
     [ID, "gen-2-b"], []),
    (f"{URL}{ID}&id=gen-ignored", [ID], []),  # the first id= counts
    (f"{URL}chatcmpl-7 gen-1-a", ["chatcmpl-7", "gen-1-a"], []),  # a URL's id= whatever its shape
    (f"gen-1-a gen-2-b gen-1-a {URL}gen-2-b fault-429 fault-429", ["gen-1-a", "gen-2-b",
                                                                   "fault-429"], []),
    ('"gen-1-a", \'gen-2-b\' (gen-3-c) <https://x/g?id=gen-4-d>',
     ["gen-1-a", "gen-2-b", "gen-3-c", "gen-4-d"], []),
    ("gen-1-a ?? gen-2-b ?? nope https://x/generation?foo=1 gen-", ["gen-1-a", "gen-2-b"],
     ["??", "nope", "https://x/generation?foo=1", "gen-"]),
    ("hello, world", [], ["hello", "world"]),
    ("gen-1-a gen\x1b[31m", ["gen-1-a"], ["gen\x1b[31m"]),
    ("gen-1-a x/generation?id=gen-2-b", ["gen-1-a"], ["x/generation?id=gen-2-b"]),  # no URL
    ("", [], []),
    (" \n ,; \t", [], []),
])
def test_parse_ids_reads_any_mix_of_ids_urls_and_fault_ids(text, ids, unrecognised):
    assert parse_ids(text) == (ids, unrecognised)


@pytest.mark.parametrize("text", [ID, f"  {ID}\n", f"{URL}{ID}", f'"{ID}",'])
def test_one_id_is_one_id(text):
    assert parse_ids(text) == ([ID], [])


@pytest.mark.parametrize("text", ["chatcmpl-123", "abc", "gen-1\x00x", "x" * 1001])
def test_a_lone_piece_is_the_id_as_written_for_normalize_id_and_the_server_to_judge(text):
    assert parse_ids(text) == ([text], [])


def test_many_unrecognised_pieces_are_listed_cut_short():
    pieces = ["a" * 60, *map(str, range(10))]
    assert quoted_pieces(pieces, quote=repr) == (
        f"'{'a' * 39}…', '0', '1', '2', '3' and 6 more")
    assert quoted_pieces(["x"], quote=str) == "x"
