"""The schema: Alembic migrations and the SQLAlchemy tables agree, on both backends."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from pantau import store as pantau_store
from pantau.store import migrate
from pantau.store.engine import database_url, make_engine
from pantau.store.schema import include_object, metadata


def test_migrated_database_matches_the_table_definitions(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        # The search objects (FTS5 table, GIN index) are made by hand: left out here.
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "include_object": include_object})
        diff = compare_metadata(context, metadata)
    engine.dispose()
    assert diff == []


def test_open_upgrades_to_head_and_reopening_keeps_data(db_url: str) -> None:
    with pantau_store.open(db_url) as db:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO meta (key, value) VALUES ('probe', 'kept')"))
    with pantau_store.open(db_url) as db, db.engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM meta WHERE key = 'probe'")).scalar() == "kept"


def test_downgrade_removes_every_table_and_upgrade_restores_them(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with pantau_store.open(str(tmp_path / "x.db")) as db, db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_database_url_accepts_paths_and_plain_postgres_urls() -> None:
    assert database_url(None) == "sqlite:///pantau.db"
    assert database_url("data/news.db") == "sqlite:///data/news.db"
    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("postgresql+psycopg://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
