"""The corpus store: documents and their records in SQLite or PostgreSQL.

Every document is written in its own transaction: a crash loses at most the
document in flight, and writing the same input again changes nothing. The same
transaction queues the document for consolidation (``consolidation_queue``),
which ``consolidate`` or the next read then processes incrementally.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, text

from pantau.corpus import dedup
from pantau.record import Record
from pantau.store import migrate, rows
from pantau.store.engine import make_engine
from pantau.store.schema import (
    consolidated_events,
    consolidated_members,
    consolidation_queue,
    documents,
    entities,
    events,
    mentions,
    meta,
    minhash_bands,
    near_duplicates,
    quantities,
)

# Set when consolidated events must be recomputed in full (a store made before
# incremental consolidation); only writers (ingest, `pantau consolidate`) do that.
FULL_KEY = "consolidation_full"
# Recompute in full rather than replay when this share of the documents changed.
FULL_SHARE = 0.25
FULL_MIN = 200
log = logging.getLogger("pantau.store")


@dataclass
class AddResult:
    # added | replaced (an earlier version of the same id or url) | unchanged | duplicate
    status: str
    document_id: str
    version: int = 1
    reason: str | None = None
    near_duplicates: list[str] = field(default_factory=list)


def record_hash(record: Record) -> str:
    """The input hash of a record taken as is: everything the stored rows come from."""
    return rows.json_hash(record.to_dict())


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def find_current(self, doc_id: str, url: str | None, input_hash: str) -> str | None:
        """The id of a stored document made from exactly this input, else None.

        Lets ``ingest`` skip the analysis of articles it already holds."""
        cond = documents.c.id == doc_id
        if url:
            cond = cond | (documents.c.url == url)
        with self.engine.connect() as conn:
            found = conn.execute(select(documents.c.id).where(
                cond, documents.c.input_hash == input_hash)).first()
        return found[0] if found else None

    def add_record(self, record: Record, *, input_hash: str | None = None) -> AddResult:
        """Store one record in one transaction.

        Same id or url with the same input: nothing changes. Same id or url with
        different input: the stored version is replaced. Another id with the very
        same text: kept once (status ``duplicate``)."""
        input_hash = input_hash or record_hash(record)
        text_hash = rows.content_hash(record.text)
        sig = dedup.signature(record.text)  # outside the transaction: pure CPU
        with self.engine.begin() as conn:
            previous, matched_by = self._previous(conn, record, text_hash)
            version = 1
            if previous is not None:
                if previous.input_hash == input_hash:
                    return AddResult("unchanged", previous.id, previous.version)
                if matched_by == "text":
                    return AddResult("duplicate", previous.id, previous.version,
                                     reason=f"same text as {previous.id}")
                version = previous.version + 1
                _queue_removal(conn, previous.id, previous.published_date)
                conn.execute(delete(documents).where(documents.c.id == previous.id))
            links = self._insert(conn, record, text_hash, input_hash, version, sig)
            if previous is None or previous.id != record.id:
                conn.execute(insert(consolidation_queue).values(document_id=record.id,
                                                                removed=False))
        status = "added" if previous is None else "replaced"
        return AddResult(status, record.id, version, near_duplicates=links)

    def _previous(self, conn: Connection, record: Record, text_hash: str) -> tuple[Any, str]:
        """The stored document this record is a version or a copy of, and what matched."""
        cols = (documents.c.id, documents.c.input_hash, documents.c.version,
                documents.c.published_date)
        tests = [("id", documents.c.id == record.id)]
        if record.url:
            tests.append(("url", documents.c.url == record.url))
        tests.append(("text", documents.c.content_hash == text_hash))
        for matched_by, cond in tests:
            row = conn.execute(select(*cols).where(cond).order_by(documents.c.id)).first()
            if row is not None:
                return row, matched_by
        return None, ""

    def _insert(self, conn: Connection, record: Record, text_hash: str, input_hash: str,
                version: int, sig: dedup.Signature) -> list[str]:
        conn.execute(insert(documents).values(
            id=record.id, content_hash=text_hash, input_hash=input_hash, lang=record.lang,
            title=record.title, published=record.published,
            published_date=rows.to_date(record.published), source=record.source,
            url=record.url, text=record.text, extra=record.extra or None,
            ingested_at=datetime.now(UTC), version=version, shingles=sig.shingles,
            minhash=sig.to_bytes()))
        ents, ments = rows.entity_rows(record.id, record.entities, record.text)
        evs, qts = rows.event_rows(record.id, record.events)
        for table, batch in ((entities, ents), (mentions, ments), (events, evs),
                             (quantities, qts)):
            if batch:
                conn.execute(insert(table), batch)
        return self._link_near_duplicates(conn, record.id, record.text, sig)

    def _link_near_duplicates(self, conn: Connection, doc_id: str, text: str,
                              sig: dedup.Signature) -> list[str]:
        buckets = dedup.band_buckets(sig)
        if not buckets:
            return []
        # Two plain indexed lookups: a subquery lets planners with stale statistics
        # walk every document instead of the bucket index.
        ids = sorted(set(conn.scalars(select(minhash_bands.c.document_id).where(
            minhash_bands.c.bucket.in_([bucket for _, bucket in buckets])))) - {doc_id})
        candidates = conn.execute(
            select(documents.c.id, documents.c.shingles, documents.c.minhash)
            .where(documents.c.id.in_(ids)).order_by(documents.c.id)).all() if ids else []
        likely = [other for other, count, data in candidates
                  if dedup.estimate(sig, dedup.Signature.from_bytes(count, data))
                  >= dedup.ESTIMATE_FLOOR]
        links = []
        if likely:
            texts = conn.execute(select(documents.c.id, documents.c.text)
                                 .where(documents.c.id.in_(likely))
                                 .order_by(documents.c.id)).all()
            for other_id, other_text in texts:
                score = dedup.jaccard(text, other_text)
                if score >= dedup.THRESHOLD:
                    a, b = sorted((doc_id, other_id))
                    conn.execute(insert(near_duplicates).values(doc_a=a, doc_b=b,
                                                                similarity=score))
                    links.append(other_id)
        conn.execute(insert(minhash_bands), [
            {"document_id": doc_id, "band": band, "bucket": bucket} for band, bucket in buckets])
        return links

    def delete_document(self, doc_id: str) -> bool:
        with self.engine.begin() as conn:
            published = conn.execute(select(documents.c.published_date)
                                     .where(documents.c.id == doc_id)).first()
            if published is None:
                return False
            _queue_removal(conn, doc_id, published[0])
            conn.execute(delete(documents).where(documents.c.id == doc_id))
        return True

    # ------------------------------------------------------------------ reading

    def get_record(self, doc_id: str) -> Record | None:
        with self.engine.connect() as conn:
            doc = conn.execute(select(documents).where(documents.c.id == doc_id)).mappings().first()
            if doc is None:
                return None
            parts = [conn.execute(select(t).where(t.c.document_id == doc_id)).mappings().all()
                     for t in (entities, mentions, events, quantities)]
        return rows.record_from_rows(doc, *parts)

    def document_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.scalars(select(documents.c.id).order_by(documents.c.id)))

    def records(self) -> Iterator[Record]:
        for doc_id in self.document_ids():
            record = self.get_record(doc_id)
            if record is not None:
                yield record

    def counts(self) -> dict[str, int]:
        tables = {"documents": documents, "entities": entities, "mentions": mentions,
                  "events": events, "quantities": quantities,
                  "near_duplicates": near_duplicates,
                  "consolidated_events": consolidated_events,
                  "consolidated_members": consolidated_members}
        with self.engine.connect() as conn:
            return {name: conn.scalar(select(func.count()).select_from(t)) or 0
                    for name, t in tables.items()}

    # ------------------------------------------------------------ consolidation

    def is_stale(self) -> bool:
        """Documents changed since consolidated events were last brought up to date."""
        with self.engine.connect() as conn:
            queued = conn.scalar(select(func.count()).select_from(
                select(consolidation_queue.c.id).limit(1).subquery())) or 0
            return queued > 0 or _needs_full(conn)

    def consolidate(self, *, full: bool = False) -> dict[str, int]:
        """Bring consolidated events up to date: incrementally (only the events the
        queued documents can affect), or recomputed from scratch with ``full``, when
        the store asks for it, or when a large share of the documents changed."""
        from pantau.corpus.consolidate import recompute_all, store_counts
        from pantau.corpus.incremental import consolidate_pending, pending_documents

        with self.engine.begin() as conn:
            _lock_consolidation(conn)
            if not full and not _needs_full(conn):
                pending = pending_documents(conn)
                total = conn.scalar(select(func.count()).select_from(documents)) or 0
                full = pending >= FULL_MIN and pending >= FULL_SHARE * total
            if full:
                counts = recompute_all(conn)
                conn.execute(delete(consolidation_queue))
                conn.execute(delete(meta).where(meta.c.key == FULL_KEY))
                return counts
            consolidate_pending(conn)
            return store_counts(conn)

    def ensure_consolidated(self) -> None:
        """For readers: process queued documents incrementally; never recompute in full."""
        from pantau.corpus.incremental import consolidate_pending

        if not self.is_stale():
            return
        with self.engine.begin() as conn:
            _lock_consolidation(conn)
            if _needs_full(conn):
                log.warning("consolidated events predate this pantau version: run "
                            "`pantau consolidate` to recompute them")
                return
            consolidate_pending(conn)


def _queue_removal(conn: Connection, doc_id: str, published: Any) -> None:
    """Queue a document version about to be deleted, with what consolidation must revisit."""
    cm, nd = consolidated_members.c, near_duplicates.c
    groups = sorted(conn.scalars(select(cm.consolidated_id).where(cm.document_id == doc_id)
                                 .distinct()))
    linked = sorted({b if a == doc_id else a for a, b in conn.execute(
        select(nd.doc_a, nd.doc_b).where(or_(nd.doc_a == doc_id, nd.doc_b == doc_id)))})
    conn.execute(insert(consolidation_queue).values(
        document_id=doc_id, removed=True, removed_published=published,
        removed_groups=groups, linked=linked))


def _needs_full(conn: Connection) -> bool:
    return conn.scalar(select(meta.c.value).where(meta.c.key == FULL_KEY)) == "1"


def _lock_consolidation(conn: Connection) -> None:
    """One consolidation at a time, holding the write lock from its first read on."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7261636)"))  # pantau's lock number
    else:  # SQLite: a first write takes the database's write lock for the transaction
        conn.execute(delete(meta).where(meta.c.key == "consolidation_lock"))


def open_store(db: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (creating if need be) the store at ``db`` and upgrade its schema to head."""
    engine = make_engine(db)
    if upgrade:
        migrate.upgrade(engine)
    return Store(engine)
