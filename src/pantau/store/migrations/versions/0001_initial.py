"""Initial schema: documents and their annotations, near-duplicates, consolidation.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _role(name: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Text()), sa.Column(f"{name}_norm", sa.Text(), index=True),
            sa.Column(f"{name}_start", sa.Integer()), sa.Column(f"{name}_end", sa.Integer())]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, index=True),
        sa.Column("input_hash", sa.String(64), nullable=False),
        sa.Column("lang", sa.String()),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.String()),
        sa.Column("published_date", sa.Date(), index=True),
        sa.Column("source", sa.Text(), index=True),
        sa.Column("url", sa.Text(), index=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extra", sa.JSON()),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("minhash", sa.LargeBinary()),
    )
    op.create_table(
        "entities",
        sa.Column("document_id", sa.String(),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("local_id", sa.String(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_norm", sa.Text(), nullable=False, index=True),
        sa.Column("kb", sa.String(), index=True),
    )
    op.create_table(
        "mentions",
        sa.Column("document_id", sa.String(), primary_key=True),
        sa.Column("entity_id", sa.String(), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id", "entity_id"],
                                ["entities.document_id", "entities.local_id"],
                                ondelete="CASCADE"),
    )
    op.create_table(
        "events",
        sa.Column("document_id", sa.String(),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("local_id", sa.String(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False, index=True),
        sa.Column("mode", sa.String()),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        *_role("actor"), *_role("recipient"), *_role("location"),
        sa.Column("has_time", sa.Boolean(), nullable=False),
        sa.Column("time_start", sa.Integer()),
        sa.Column("time_end", sa.Integer()),
        sa.Column("time_from", sa.Date()),
        sa.Column("time_to", sa.Date()),
        sa.Column("granularity", sa.String()),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("certainty", sa.String(), nullable=False),
        sa.Column("negated", sa.Boolean(), nullable=False),
        *_role("source"),
    )
    op.create_table(
        "quantities",
        sa.Column("document_id", sa.String(), primary_key=True),
        sa.Column("event_id", sa.String(), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("span_start", sa.Integer()),
        sa.Column("span_end", sa.Integer()),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("value_high", sa.Float()),
        sa.Column("is_integer", sa.Boolean(), nullable=False),
        sa.Column("qualifier", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), index=True),
        sa.ForeignKeyConstraint(["document_id", "event_id"],
                                ["events.document_id", "events.local_id"], ondelete="CASCADE"),
    )
    op.create_table(
        "minhash_bands",
        sa.Column("document_id", sa.String(),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("band", sa.Integer(), primary_key=True),
        sa.Column("bucket", sa.BigInteger(), nullable=False, index=True),
    )
    op.create_table(
        "near_duplicates",
        sa.Column("doc_a", sa.String(), sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("doc_b", sa.String(), sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  primary_key=True, index=True),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.CheckConstraint("doc_a < doc_b", name="ordered"),
    )
    op.create_table(
        "consolidated_events",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False, unique=True),
        sa.Column("type", sa.String(), nullable=False, index=True),
        sa.Column("mode", sa.String()),
        sa.Column("actor", sa.Text()), sa.Column("actor_norm", sa.Text(), index=True),
        sa.Column("recipient", sa.Text()), sa.Column("recipient_norm", sa.Text(), index=True),
        sa.Column("location", sa.Text()), sa.Column("location_norm", sa.Text(), index=True),
        sa.Column("time_from", sa.Date()),
        sa.Column("time_to", sa.Date()),
        sa.Column("date_start", sa.Date(), index=True),
        sa.Column("date_end", sa.Date(), index=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("certainty", sa.String(), nullable=False),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("n_mentions", sa.Integer(), nullable=False),
        sa.Column("n_documents", sa.Integer(), nullable=False),
        sa.Column("n_outlets", sa.Integer(), nullable=False),
        sa.Column("n_reports", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.Date()),
        sa.Column("last_seen", sa.Date()),
        sa.Column("has_conflict", sa.Boolean(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("outlets", sa.JSON(), nullable=False),
    )
    op.create_table(
        "consolidated_members",
        sa.Column("document_id", sa.String(), primary_key=True),
        sa.Column("event_id", sa.String(), primary_key=True),
        sa.Column("consolidated_id", sa.String(),
                  sa.ForeignKey("consolidated_events.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("copy_of", sa.String()),
        sa.ForeignKeyConstraint(["document_id", "event_id"],
                                ["events.document_id", "events.local_id"], ondelete="CASCADE"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text()),
    )


def downgrade() -> None:
    for table in ("meta", "consolidated_members", "consolidated_events", "near_duplicates",
                  "minhash_bands", "quantities", "events", "mentions", "entities", "documents"):
        op.drop_table(table)
