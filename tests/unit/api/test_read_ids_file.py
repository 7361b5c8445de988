"""read_ids_file: one ID a line, comments and blanks skipped, stdin with `-`."""

from __future__ import annotations

import io

from explorer.api.batch import read_ids_file

CONTENT = """# IDs from last night's run
gen-1

   gen-2   \r
# gen-commented-out
gen-1
\t
gen-3 # not a comment: kept as typed
"""


def test_reads_a_file(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_text(CONTENT, encoding="utf-8")
    assert read_ids_file(str(path)) == ["gen-1", "gen-2", "gen-3 # not a comment: kept as typed"]


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
