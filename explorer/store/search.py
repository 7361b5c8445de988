"""How a text query of the history finds generations (SQL over ``generations g``).

Every generation's search text (IDs, model, provider, the content text) is in ``search_docs``,
indexed by the FTS5 trigram index ``search`` up to ``derive.CONTENT_INDEX_CAP`` characters of
content; the rare longer ones keep their whole text in ``search_full``, which every text query
scans as well. So a query finds a word anywhere in the messages, the completion or the
reasoning, however long they are. Queries shorter than :data:`MIN_INDEXED_QUERY` characters
search the metadata only (the trigram index cannot serve them).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from explorer.store.queries import MIN_INDEXED_QUERY

WALK_COST = 5.0
"""Cost of testing one row's text while walking in sort order, relative to
collecting one match from the FTS index (measured); see :func:`text_clause`."""

_IN_FULL = "g.pk IN (SELECT pk FROM search_full WHERE instr(text, ?) > 0)"


def fts_phrase(text: str) -> str:
    """Quote user input as one FTS5 phrase: a substring match, never query syntax."""
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class SearchTables:
    """Which search tables the open file has: the FTS index (``fts``, absent on SQLite builds
    without the trigram tokenizer) and ``search_full`` (``full``, absent from a file of an
    older schema opened read-only)."""

    fts: bool
    full: bool

    @classmethod
    def of(cls, conn: sqlite3.Connection | None, fts: bool) -> SearchTables:
        """The tables of `conn`'s database (`fts` as found when it was opened)."""
        if conn is None:
            return cls(False, False)
        full = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_full'").fetchone()
        return cls(fts, full is not None)


def text_clause(conn: sqlite3.Connection, tables: SearchTables, text: str, clauses: list[str],
                params: list[Any], wanted: int | None) -> tuple[str, list[Any]]:
    """The WHERE clause (and its parameters) that keeps the generations containing `text`
    (as `queries.searched_text` gives it, not empty), given the other `clauses`.

    ``wanted`` is how many matching rows the caller reads in sort order (None: all). It picks
    the plan: *collect* every match from the FTS index and sort them (cost ~ matches), or
    *walk* the rows in sort order testing each one's text (cost ~ rows walked until ``wanted``
    match: small when the word is common).
    """
    needle = text.lower()
    if len(text) < MIN_INDEXED_QUERY:
        return "instr(g.search_meta, ?) > 0", [needle]
    walk = "instr((SELECT text FROM search_docs WHERE pk = g.pk), ?) > 0"
    walk_params = [needle]
    if tables.full:
        walk, walk_params = f"({walk} OR {_IN_FULL})", [needle, needle]
    if not tables.fts:
        return walk, walk_params
    collect = "g.pk IN (SELECT rowid FROM search WHERE search MATCH ?"
    collect_params: list[Any] = [fts_phrase(needle)]
    if tables.full:
        collect += " UNION ALL SELECT pk FROM search_full WHERE instr(text, ?) > 0"
        collect_params.append(needle)
    collect += ")"
    if wanted is None:
        return collect, collect_params
    if clauses:
        where = " AND ".join(clauses)
        rows = conn.execute(f"SELECT count(*) FROM generations g WHERE {where}", params).fetchone()[0]
    else:
        rows = conn.execute("SELECT max(pk) FROM generations").fetchone()[0] or 0
    # Walking costs ~ WALK_COST * min(rows, wanted * rows / hits); collecting ~ hits.
    threshold = int(min(WALK_COST * rows, (WALK_COST * max(wanted, 1) * rows) ** 0.5))
    hits = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ? LIMIT ?)",
        (collect_params[0], threshold + 1),
    ).fetchone()[0]
    return (walk, walk_params) if hits > threshold else (collect, collect_params)


def count_text_matches(conn: sqlite3.Connection, tables: SearchTables, text: str,
                       cap: int | None) -> int:
    """How many generations contain `text` (FTS only, at least `MIN_INDEXED_QUERY` characters),
    counting stops past `cap`: the index's matches, plus those only the full texts hold."""
    limit = "" if cap is None else f" LIMIT {int(cap) + 1}"
    needle = text.lower()
    sql = f"SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?{limit})"
    count = conn.execute(sql, (fts_phrase(needle),)).fetchone()[0]
    if tables.full and (cap is None or count <= cap):
        # A full text whose indexed part holds the text too was counted already.
        count += conn.execute(
            "SELECT count(*) FROM search_full f WHERE instr(f.text, ?) > 0"
            " AND instr((SELECT text FROM search_docs d WHERE d.pk = f.pk), ?) = 0",
            (needle, needle),
        ).fetchone()[0]
    return count if cap is None else min(count, cap + 1)
