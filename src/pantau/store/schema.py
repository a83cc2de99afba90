"""The store's tables, one definition for SQLite and PostgreSQL (SQLAlchemy Core).

Rows mirror SCHEMA.md records: a document owns its entities, mentions, events
and quantities (deleted with it), so replacing an updated article is one
delete plus one insert. Canonical names are stored twice: as written, and as
the SCORING.md name key (``*_norm``) that queries and consolidation compare.
Spans are code-point offsets into ``documents.text``.

The Alembic migrations under ``migrations/`` create exactly these tables; a
test checks that the migrated database and this module agree.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

# Deterministic constraint names, so that migrations can refer to them.
metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

CASCADE = "CASCADE"

documents = Table(
    "documents", metadata,
    Column("id", String, primary_key=True),
    Column("content_hash", String(64), nullable=False, index=True),  # of the text alone
    Column("input_hash", String(64), nullable=False),  # of everything the stored rows came from
    Column("lang", String),
    Column("title", Text),
    Column("published", String),  # as given, time and zone included
    Column("published_date", Date, index=True),
    Column("source", Text, index=True),  # the outlet
    Column("url", Text, index=True),
    Column("text", Text, nullable=False),
    Column("extra", JSON),  # record keys outside SCHEMA.md (provenance, notes …)
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("shingles", Integer, nullable=False),  # size of the word-shingle set
    Column("minhash", LargeBinary),  # MinHash signature; null for texts too short to compare
)

entities = Table(
    "entities", metadata,
    Column("document_id", String, ForeignKey("documents.id", ondelete=CASCADE),
           primary_key=True),
    Column("local_id", String, primary_key=True),  # "E1" inside its document
    Column("seq", Integer, nullable=False),
    Column("type", String, nullable=False),
    Column("name", Text, nullable=False),
    Column("name_norm", Text, nullable=False, index=True),
    Column("kb", String, index=True),
)

mentions = Table(
    "mentions", metadata,
    Column("document_id", String, primary_key=True),
    Column("entity_id", String, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    # The text at the span, kept so that surface-form counts need not read every text.
    Column("form", Text),
    ForeignKeyConstraint(["document_id", "entity_id"],
                         ["entities.document_id", "entities.local_id"], ondelete=CASCADE),
)


def _role(name: str, indexed: bool = True) -> list[Column]:
    return [Column(name, Text), Column(f"{name}_norm", Text, index=indexed),
            Column(f"{name}_start", Integer), Column(f"{name}_end", Integer)]


events = Table(
    "events", metadata,
    Column("document_id", String, ForeignKey("documents.id", ondelete=CASCADE),
           primary_key=True),
    Column("local_id", String, primary_key=True),  # "V1" inside its document
    Column("seq", Integer, nullable=False),
    Column("type", String, nullable=False, index=True),
    Column("mode", String),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    *_role("actor"), *_role("recipient"), *_role("location"),
    Column("has_time", Boolean, nullable=False),  # a time object, maybe with null dates
    Column("time_start", Integer),
    Column("time_end", Integer),
    Column("time_from", Date),
    Column("time_to", Date),
    Column("granularity", String),
    Column("status", String, nullable=False),
    Column("certainty", String, nullable=False),
    Column("negated", Boolean, nullable=False),
    *_role("source"),
)

quantities = Table(
    "quantities", metadata,
    Column("document_id", String, primary_key=True),
    Column("event_id", String, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("value", Float, nullable=False),  # a range's low end
    Column("value_high", Float),  # a range's high end, else null
    Column("is_integer", Boolean, nullable=False),  # the value was written as an integer
    Column("qualifier", String, nullable=False),
    Column("unit", String, index=True),
    ForeignKeyConstraint(["document_id", "event_id"],
                         ["events.document_id", "events.local_id"], ondelete=CASCADE),
)

minhash_bands = Table(
    "minhash_bands", metadata,
    Column("document_id", String, ForeignKey("documents.id", ondelete=CASCADE),
           primary_key=True),
    Column("band", Integer, primary_key=True),
    Column("bucket", BigInteger, nullable=False, index=True),
)

near_duplicates = Table(
    "near_duplicates", metadata,
    Column("doc_a", String, ForeignKey("documents.id", ondelete=CASCADE), primary_key=True),
    Column("doc_b", String, ForeignKey("documents.id", ondelete=CASCADE), primary_key=True,
           index=True),
    Column("similarity", Float, nullable=False),  # estimated Jaccard of word shingles
    CheckConstraint("doc_a < doc_b", name="ordered"),
)

consolidated_events = Table(
    "consolidated_events", metadata,
    Column("id", String, primary_key=True),  # stable while its earliest member stays
    # Canonical order: the first report's day (date ordinal; undated last) times
    # SEQ_DAY plus the group's rank that day, so adding a group renumbers one day only.
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("type", String, nullable=False, index=True),
    Column("mode", String),
    Column("actor", Text), Column("actor_norm", Text, index=True),
    Column("recipient", Text), Column("recipient_norm", Text, index=True),
    Column("location", Text), Column("location_norm", Text, index=True),
    Column("time_from", Date),
    Column("time_to", Date),
    Column("date_start", Date, index=True),  # time_from, else the first report's date
    Column("date_end", Date, index=True),  # time_to, else the last report's date
    Column("status", String, nullable=False),
    Column("certainty", String, nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("n_mentions", Integer, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("n_outlets", Integer, nullable=False),
    Column("n_reports", Integer, nullable=False),  # documents once near-duplicates are merged
    Column("first_seen", Date),
    Column("last_seen", Date),
    Column("has_conflict", Boolean, nullable=False),
    Column("figures", JSON, nullable=False),
    Column("sources", JSON, nullable=False),
    Column("outlets", JSON, nullable=False),
    # The earliest member (its document and position) and its time interval, which
    # holds the group's interval at every step: incremental consolidation finds the
    # groups a mention could join through these and the *_norm columns.
    Column("lead_document_id", String),
    Column("lead_seq", Integer),
    Column("window_from", Date),
    Column("window_to", Date),
    Index("ix_consolidated_events_first_seen", "first_seen"),
    *(Index(f"ix_consolidated_events_{role}_key", "type", f"{role}_norm", "window_from")
      for role in ("actor", "recipient", "location")),
)

consolidated_members = Table(
    "consolidated_members", metadata,
    Column("document_id", String, primary_key=True),
    Column("event_id", String, primary_key=True),
    Column("consolidated_id", String,
           ForeignKey("consolidated_events.id", ondelete=CASCADE), nullable=False, index=True),
    Column("copy_of", String),  # an earlier member document this one near-duplicates
    ForeignKeyConstraint(["document_id", "event_id"],
                         ["events.document_id", "events.local_id"], ondelete=CASCADE),
)

# Documents whose consolidated events are not up to date yet: written in the same
# transaction as the document, consumed by incremental consolidation. A removed or
# replaced version leaves the groups it was in and its near-duplicates behind.
consolidation_queue = Table(
    "consolidation_queue", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String, nullable=False),
    Column("removed_published", Date),  # the removed version's date (if one was removed)
    Column("removed", Boolean, nullable=False),
    Column("removed_groups", JSON),  # consolidated ids the removed version's mentions were in
    Column("linked", JSON),  # near-duplicates of the removed version
)

# Small key/value facts about the store (is consolidation up to date …).
meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text),
)

# Full-text search: not SQLAlchemy tables, so autogenerate comparisons leave them out.
# SQLite: an FTS5 table over documents (external content, kept in sync by triggers);
# PostgreSQL: a GIN index on to_tsvector('simple', title || text).
FTS_TABLE = "documents_fts"
FTS_INDEX = "ix_documents_fts"
SEQ_DAY = 1_000_000


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """Alembic filter: the search objects are managed by hand, not by autogenerate."""
    return not (name or "").startswith((FTS_TABLE, FTS_INDEX))
