"""read_ids_file: IDs a line (one, or a list read by `parse_ids`), comments and blanks skipped,
stdin with `-`; a file that is not text, or a line holding what is not an ID, is refused naming
the line."""

from __future__ import annotations

import io

import pytest

from explorer.api.ids import IdsFileError, read_ids_file

CONTENT = """# IDs from last night's run
gen-1

   gen-2   \r
# gen-commented-out
gen-1
\t
gen-3 # a comment at the end of a line
odd#id
"""


def test_reads_a_file(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_text(CONTENT, encoding="utf-8")
    assert read_ids_file(str(path)) == ["gen-1", "gen-2", "gen-3", "odd#id"]


def test_a_comma_separated_line_yields_each_id(tmp_path):
    # Before: the whole line was one ID.
    path = tmp_path / "ids.txt"
    path.write_text("gen-1,gen-2, gen-3\n"
                    "https://modelgates.ai/api/v1/generation?id=gen-4&x=1; fault-429\n"
                    "gen-2\tgen-5\n"
                    "chatcmpl-6\n", encoding="utf-8")
    assert read_ids_file(str(path)) == [
        "gen-1", "gen-2", "gen-3", "gen-4", "fault-429", "gen-5", "chatcmpl-6"]


def test_a_line_holding_what_is_not_an_id_is_refused_naming_the_line_and_the_pieces(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_text("gen-1\n\ngen-2, oops, gen-3 or\ngen-4\n", encoding="utf-8")
    with pytest.raises(IdsFileError,
                       match=r"^line 3 holds what is not a generation ID: 'oops', 'or'$"):
        read_ids_file(str(path))


def test_byte_order_mark_and_crlf_are_ignored(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_bytes("\ufeffgen-a\r\ngen-b\r\n".encode())
    assert read_ids_file(str(path)) == ["gen-a", "gen-b"]


def test_dash_reads_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(CONTENT))
    assert read_ids_file("-")[:2] == ["gen-1", "gen-2"]


def test_empty_file_gives_no_ids(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n# nothing\n\n")
    assert read_ids_file(str(path)) == []


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_bytes("gen-a\r\ngen-b\r\n".encode("utf-16"))  # what Windows tools often write
    assert read_ids_file(str(path)) == ["gen-a", "gen-b"]


def test_invalid_utf8_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_bytes(b"gen-1\ngen-2\ngen-\xff\xfe3\n")
    with pytest.raises(IdsFileError, match=r"^line 3 is not valid UTF-8 text \(bytes ff\)"):
        read_ids_file(str(path))


def test_utf16_without_a_byte_order_mark_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_bytes("gen-1\ngen-2\n".encode("utf-16-le"))
    with pytest.raises(IdsFileError, match=r"^line 1 holds a NUL character \(UTF-16 without"):
        read_ids_file(str(path))


def test_dash_reads_stdin_bytes(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"gen-1\n\xff\n")))
    with pytest.raises(IdsFileError, match="line 2"):
        read_ids_file("-")
