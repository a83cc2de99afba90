"""pantau's web app and REST API (FastAPI, server-rendered pages, vendored static files).

``pantau serve`` runs it; ``create_app(db, token)`` builds it for tests or ASGI servers.
"""

from pantau.web.app import create_app

__all__ = ["create_app"]
