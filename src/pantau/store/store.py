"""The corpus store: documents and their records in SQLite or PostgreSQL.

Every document is written in its own transaction: a crash loses at most the
document in flight, and writing the same input again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from pantau.corpus import dedup
from pantau.record import Record
from pantau.store import migrate, rows
from pantau.store.engine import make_engine
from pantau.store.schema import (
    consolidated_events,
    consolidated_members,
    documents,
    entities,
    events,
    mentions,
    meta,
    minhash_bands,
    near_duplicates,
    quantities,
)

STALE_KEY = "consolidation_stale"


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
                conn.execute(delete(documents).where(documents.c.id == previous.id))
            links = self._insert(conn, record, text_hash, input_hash, version, sig)
            _mark_stale(conn)
        status = "added" if previous is None else "replaced"
        return AddResult(status, record.id, version, near_duplicates=links)

    def _previous(self, conn: Connection, record: Record, text_hash: str) -> tuple[Any, str]:
        """The stored document this record is a version or a copy of, and what matched."""
        cols = (documents.c.id, documents.c.input_hash, documents.c.version)
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
        ents, ments = rows.entity_rows(record.id, record.entities)
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
            gone = conn.execute(delete(documents).where(documents.c.id == doc_id)).rowcount
            if gone:
                _mark_stale(conn)
        return bool(gone)

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
        with self.engine.connect() as conn:
            value = conn.scalar(select(meta.c.value).where(meta.c.key == STALE_KEY))
        return value == "1"

    def consolidate(self) -> dict[str, int]:
        """Recompute consolidated events from every stored event mention."""
        from pantau.corpus.consolidate import consolidate_store

        return consolidate_store(self)

    def ensure_consolidated(self) -> None:
        if self.is_stale():
            self.consolidate()


def _mark_stale(conn: Connection, stale: bool = True) -> None:
    value = "1" if stale else "0"
    if conn.execute(update(meta).where(meta.c.key == STALE_KEY).values(value=value)).rowcount:
        return
    conn.execute(insert(meta).values(key=STALE_KEY, value=value))


def mark_consolidated(conn: Connection) -> None:
    _mark_stale(conn, stale=False)


def open_store(db: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (creating if need be) the store at ``db`` and upgrade its schema to head."""
    engine = make_engine(db)
    if upgrade:
        migrate.upgrade(engine)
    return Store(engine)
