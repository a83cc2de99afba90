"""The FastAPI app and ``pantau serve``.

    from pantau.web import create_app
    app = create_app("pantau.db", token=None)   # writes disabled without a token

Pages are rendered on the server (Jinja2, autoescape on); the only script is the
vendored ``static/app.js``, and the Content-Security-Policy forbids any other,
so text from an article can never run in the reader's browser.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

import pantau
from pantau.store import Store, open_store
from pantau.web import api, pages
from pantau.web.render import STATIC
from pantau.web.state import WebState

CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


async def security_headers(request: Request,
                           call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def create_app(db: Store | str | None = None, token: str | None = None) -> FastAPI:
    """The web app over the store at ``db`` (a ``Store``, URL or path; None: ./pantau.db).

    ``token`` enables writes (``POST /api/ingest``) for clients that send it as
    a bearer token; without one, writes answer 403."""
    store = db if isinstance(db, Store) else open_store(db)
    owns_store = not isinstance(db, Store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owns_store:
            store.close()

    app = FastAPI(title="pantau", version=pantau.__version__,
                  description="Sourced event records from news reports: read the store, "
                              "analyse a text, ingest documents (with the operator's token).",
                  # Swagger UI and ReDoc load their code from a CDN: the app must work
                  # offline, so /api renders the operations itself.
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  lifespan=lifespan)
    app.state.web = WebState(store=store, token=token or None)
    app.middleware("http")(security_headers)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def run(args: argparse.Namespace) -> int:
    """``pantau serve``: the app on ``args.host:args.port`` until interrupted."""
    import uvicorn

    token = args.token or os.environ.get("PANTAU_TOKEN") or None
    app = create_app(args.db, token=token)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"pantau web: http://{host}:{args.port}/  (store {app.state.web.store.url}; "
          f"writes {'need the bearer token' if token else 'disabled: no --token'})",
          file=sys.stderr, flush=True)
    if not is_loopback(args.host):
        print("warning: serving beyond this machine; put it behind TLS", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
