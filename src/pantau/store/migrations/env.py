"""Alembic environment: runs on the connection that ``pantau.store.migrate`` hands over."""

from __future__ import annotations

from alembic import context

from pantau.store.schema import include_object, metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - pantau always passes one
    raise RuntimeError("run migrations through pantau.store.migrate.upgrade(engine)")

context.configure(connection=connection, target_metadata=metadata,
                  include_object=include_object,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
