"""Full-text search over documents' titles and texts, one function for both backends.

SQLite: an FTS5 table with external content (``documents_fts``), kept in sync by
triggers on ``documents``, so in the same transaction as every write. PostgreSQL:
a GIN index on ``to_tsvector('simple', title || ' ' || text)``; the 'simple'
configuration lowercases and splits words without an English stemmer, so
Indonesian words match as written. Both made by migration 0002.

A query matches documents that contain every word of it, in any order and case
(a word is a run of letters and digits; punctuation and FTS operators typed by
a user are plain separators, never syntax).

SQLite gives rows without an ``INTEGER PRIMARY KEY`` new rowids on ``VACUUM``:
run ``rebuild_index`` afterwards.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Connection, false, func, literal_column, select, text

from pantau.store.schema import FTS_TABLE, documents

WORD = re.compile(r"\w+")
MAX_WORDS = 16  # enough for any real search; bounds the query's size


def words(query: str) -> list[str]:
    """The words of a search, lowercased, each once, in order."""
    return list(dict.fromkeys(w.lower() for w in WORD.findall(query)))[:MAX_WORDS]


def _searchable_text() -> ColumnElement:
    # Exactly the indexed expression, with constants as literals: PostgreSQL uses an
    # expression index only for the same expression, not for bound parameters.
    return (func.coalesce(documents.c.title, literal_column("''"))
            .op("||")(literal_column("' '")).op("||")(documents.c.text))


def matching_documents(query: str, dialect: str) -> ColumnElement[bool]:
    """A condition on ``documents``: its title or text holds every word of ``query``."""
    found = words(query)
    if not found:
        return false()
    if dialect == "sqlite":
        phrase = " ".join(f'"{w}"' for w in found)  # quoted: never FTS5 syntax
        hits: Any = select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
            text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=phrase))
        return literal_column("documents.rowid").in_(hits.scalar_subquery())
    simple: Any = literal_column("'simple'")
    return func.to_tsvector(simple, _searchable_text()).op("@@")(
        func.plainto_tsquery(simple, " ".join(found)))


def rebuild_index(conn: Connection) -> None:
    """Rebuild SQLite's search table from ``documents`` (after VACUUM); no-op elsewhere."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
