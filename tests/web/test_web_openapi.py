"""Every API operation's responses against the OpenAPI document (schemathesis, in process).

Schemathesis generates requests from the document, calls the ASGI app directly
and checks status codes, content types, headers and bodies against what the
document declares. Writes run with the token, on a store of their own. The
number of examples per operation is bounded so the module runs in seconds.
(Schemathesis's lazy ``from_fixture`` loader does not run under pytest 9, so
each operation's strategy is driven by Hypothesis here.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings

from pantau.web import api, create_app

MAX_EXAMPLES = 25
OPERATIONS = sorted((method, route.path) for route in api.router.routes
                    if isinstance(route, APIRoute) for method in route.methods)


@pytest.fixture(scope="module")
def api_app(tmp_path_factory: pytest.TempPathFactory, scenario: list[dict[str, Any]],
            token: str, store_builder: Callable[..., str]) -> FastAPI:
    db = store_builder(tmp_path_factory.mktemp("openapi") / "api.db", scenario)
    return create_app(db, token=token)


@pytest.fixture(scope="module")
def api_schema(api_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/api/openapi.json", api_app)


def test_every_api_route_is_covered(api_schema: Any) -> None:
    documented = {(method.upper(), path) for path, ops in api_schema.raw_schema["paths"].items()
                  for method in ops}
    assert documented == {(m, p.replace(":path", "")) for m, p in OPERATIONS}


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms_to_the_openapi_document(api_schema: Any, token: str, method: str,
                                                    path: str) -> None:
    operation = api_schema[path.replace(":path", "")][method]
    auth = {"Authorization": f"Bearer {token}"}

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        case.call_and_validate(headers=auth)

    check()
