"""The corpus store: SQLite by default, PostgreSQL by URL, one schema via SQLAlchemy Core.

    from pantau import store
    with store.open("pantau.db") as db:          # or "postgresql+psycopg://…"
        db.add_record(record)
        db.consolidate()
"""

from pantau.store.engine import database_url
from pantau.store.store import AddResult, Store, open_store

open = open_store  # noqa: A001 - `store.open(url)` reads as intended

__all__ = ["AddResult", "Store", "database_url", "open", "open_store"]
