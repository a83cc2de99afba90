"""Incremental consolidation, full-text search, stored surface forms.

- ``consolidation_queue``: documents whose consolidated events are not up to date;
- ``consolidated_events``: ``seq`` becomes a BigInteger (day ordinal x SEQ_DAY + rank),
  plus the lead member and its interval (``lead_*``, ``window_*``), indexed first_seen;
- ``mentions.form``: the text at each entity mention;
- search: an FTS5 table with sync triggers on SQLite, a GIN index on PostgreSQL.

Consolidated events made by 0001 lack the new columns: they are emptied and the
store is flagged (meta ``consolidation_full``) so that the next ``pantau ingest``
or ``pantau consolidate`` recomputes them in full; reads never do.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FULL_KEY = "consolidation_full"
ROLES = ("actor", "recipient", "location")

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
)
POSTGRES_SEARCH = (
    "CREATE INDEX ix_documents_fts ON documents USING gin "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || text))",
)


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "consolidation_queue",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("removed_published", sa.Date()),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("removed_groups", sa.JSON()),
        sa.Column("linked", sa.JSON()),
    )
    # Groups made by 0001 lack the lead and window: recomputed in full by the next writer.
    op.execute("DELETE FROM consolidated_members")
    op.execute("DELETE FROM consolidated_events")
    op.execute("DELETE FROM meta WHERE key = 'consolidation_stale'")
    op.execute(f"INSERT INTO meta (key, value) SELECT '{FULL_KEY}', '1' "
               "WHERE EXISTS (SELECT 1 FROM documents)")
    with op.batch_alter_table("consolidated_events") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), type_=sa.BigInteger(),
                           existing_nullable=False)
        batch.add_column(sa.Column("lead_document_id", sa.String()))
        batch.add_column(sa.Column("lead_seq", sa.Integer()))
        batch.add_column(sa.Column("window_from", sa.Date()))
        batch.add_column(sa.Column("window_to", sa.Date()))
        batch.create_index("ix_consolidated_events_first_seen", ["first_seen"])
        for role in ROLES:  # the candidate groups of a mention
            batch.create_index(f"ix_consolidated_events_{role}_key",
                               ["type", f"{role}_norm", "window_from"])
    op.add_column("mentions", sa.Column("form", sa.Text()))
    op.execute('UPDATE mentions SET form = (SELECT substr(d.text, mentions.start + 1, '
               'mentions."end" - mentions.start) FROM documents d '
               'WHERE d.id = mentions.document_id)')
    for statement in SQLITE_SEARCH if bind.dialect.name == "sqlite" else POSTGRES_SEARCH:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS documents_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("form")
    op.execute("DELETE FROM consolidated_members")
    op.execute("DELETE FROM consolidated_events")
    op.execute(f"DELETE FROM meta WHERE key = '{FULL_KEY}'")
    with op.batch_alter_table("consolidated_events") as batch:
        batch.drop_index("ix_consolidated_events_first_seen")
        for role in ROLES:
            batch.drop_index(f"ix_consolidated_events_{role}_key")
        for column in ("window_to", "window_from", "lead_seq", "lead_document_id"):
            batch.drop_column(column)
        batch.alter_column("seq", existing_type=sa.BigInteger(), type_=sa.Integer(),
                           existing_nullable=False)
    op.drop_table("consolidation_queue")
