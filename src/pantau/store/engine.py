"""Engines: SQLite by default (a file, WAL, foreign keys on), PostgreSQL by URL.

``--db`` takes a SQLAlchemy URL (``postgresql+psycopg://user:pw@host/db``,
``sqlite:///pantau.db``) or a plain file path, which means SQLite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_DB = "pantau.db"


def database_url(db: str | Path | None = None) -> str:
    """The SQLAlchemy URL for ``db``: a URL as given, a path as SQLite, None as ./pantau.db."""
    text = str(db) if db is not None else DEFAULT_DB
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    # Plain postgresql:// would pick psycopg2, which pantau does not install.
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    return text


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer, and a killed writer loses only its
    # open transaction. NORMAL sync is durable at every commit in WAL mode
    # except on power loss, which is the trade-off SQLite documents.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(db: str | Path | None = None) -> Engine:
    url = make_url(database_url(db))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)
