"""The web layer on PostgreSQL answers exactly as on SQLite (same scenario, same JSON).

Needs PANTAU_TEST_PG_URL (``.ci/run`` starts a server and sets it); the test
empties that database's ``public`` schema first, as the store tests do.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from pantau.store.engine import make_engine
from pantau.web import create_app

PG_ENV = "PANTAU_TEST_PG_URL"
QUESTIONS = ("/api/documents", "/api/documents?q=FLOOD", "/api/documents?entity=KP",
             "/api/documents/sc-hostile", "/api/events?actor=North Korea",
             "/api/events?type=DISASTER&since=2025-03-01", "/api/events?party=russia&limit=2",
             "/api/entities/North Korea", "/api/timeline?name=North Korea&unit=troops")
PAGES = ("/", "/documents?q=flood", "/events?actor=North+Korea", "/entities/North Korea",
         "/timeline?name=North+Korea", "/documents/sc-nk-feb")


def test_postgres_answers_like_sqlite(client: TestClient, scenario: list[dict[str, Any]],
                                      store_builder: Callable[..., str]
                                      ) -> None:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL variant: set {PG_ENV}; .ci/run starts a server and sets it")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    store_builder(url, scenario)
    with TestClient(create_app(url)) as pg:
        for question in QUESTIONS:
            assert pg.get(question).json() == client.get(question).json(), question
        flood = pg.get("/api/events?type=DISASTER").json()["items"][0]["id"]
        assert pg.get(f"/api/events/{flood}").json() == client.get(f"/api/events/{flood}").json()
        for page in PAGES:
            assert pg.get(page).status_code == 200, page
