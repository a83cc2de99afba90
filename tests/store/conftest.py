"""Fixtures for the store tests: every store test runs on SQLite and on PostgreSQL.

The PostgreSQL variants need a server: set PANTAU_TEST_PG_URL to a database the
test role may create schemas in (``.ci/run`` starts one and sets it); each test
works in a fresh schema of its own, dropped afterwards. Without the variable
those variants skip.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from pantau import store as pantau_store
from pantau.store.engine import database_url, make_engine

PG_ENV = "PANTAU_TEST_PG_URL"
_SCHEMAS = itertools.count()


def _postgres_schema(url: str, schema: str, create: bool) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        if create:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pantau.db'}"
        return
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL variant: set {PG_ENV} (e.g. postgresql+psycopg://pantau:"
                    "pantau@127.0.0.1/pantau_test); .ci/run starts a server and sets it")
    # A schema of its own per test, so that runs sharing the database never collide.
    schema = f"test_{os.getpid()}_{next(_SCHEMAS)}"
    _postgres_schema(url, schema, create=True)
    yield make_url(database_url(url)).update_query_dict(
        {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    _postgres_schema(url, schema, create=False)


@pytest.fixture
def store(db_url: str) -> Iterator[pantau_store.Store]:
    with pantau_store.open(db_url) as opened:
        yield opened
