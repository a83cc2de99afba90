"""Fixtures for the store tests: every store test runs on SQLite and on PostgreSQL.

The PostgreSQL variants need a server: set PANTAU_TEST_PG_URL to a database the
test role owns (``.ci/run`` starts one and sets it); each test starts from an
empty ``public`` schema. Without the variable those variants skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from pantau import store as pantau_store
from pantau.store.engine import make_engine

PG_ENV = "PANTAU_TEST_PG_URL"


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pantau.db'}"
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL variant: set {PG_ENV} (e.g. postgresql+psycopg://pantau:"
                    "pantau@127.0.0.1/pantau_test); .ci/run starts a server and sets it")
    _reset_postgres(url)
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[pantau_store.Store]:
    with pantau_store.open(db_url) as opened:
        yield opened
