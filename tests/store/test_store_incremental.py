"""Incremental consolidation gives exactly what the full recompute gives, in any order.

Synthetic reports (texts generated here) share actors, places and dates, state
figures, leave times out, come in near-duplicate copies and are replaced and
removed; after every single-document change the store consolidates
incrementally, and the final tables must equal a full recompute's.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from store_helpers import make_event, make_record

from pantau import query
from pantau.corpus import consolidate
from pantau.record import Record
from pantau.store import Store
from pantau.store.schema import consolidated_events, consolidated_members

ACTORS = ("Israel", "Hamas", "Indonesian Army", "Indonesian National Police")
RECIPIENTS = ("civilians", "protesters", "journalists")
PLACES = ("Gaza", "Rafah", "Makassar", "Sigi Regency")
TYPES = ("ASSAULT", "COERCE", "DISASTER")
FILLER = ("warga desa pasar jalan kota hujan rumah sekolah kantor pejabat laporan saksi "
          "pagi malam sungai jembatan bantuan listrik air tenda relawan").split()
START = date(2025, 3, 1)


def report(rng: random.Random, n: int) -> Record:
    """A report with one to three events over a shared cast of names and dates."""
    published = START + timedelta(days=rng.randrange(0, 120))
    events: list[dict[str, Any]] = []
    parts = [f"Laporan nomor {n}."]
    for i in range(rng.randint(1, 3)):
        actor, recipient, place = (rng.choice(ACTORS + (None,)), rng.choice(RECIPIENTS + (None,)),
                                   rng.choice(PLACES + (None,)))
        words = " ".join(rng.choice(FILLER) for _ in range(12))
        phrase = f"Peristiwa{i}"
        sentence = f"{phrase} {words}"
        spec: dict[str, Any] = {"trigger": phrase}
        for role, name in (("actor", actor), ("recipient", recipient), ("location", place)):
            if name:
                sentence += f" {role}-{i} {name}"
                spec[role] = (name, f"{role}-{i} {name}")
        if rng.random() < 0.4:
            day = published - timedelta(days=rng.randrange(0, 5))
            sentence += f" pada hari-{i}"
            spec["time"] = (f"hari-{i}", day.isoformat(), day.isoformat())
        if rng.random() < 0.5:
            value = rng.choice((3, 5, 12, 15, 400))
            sentence += f" korban-{i} {value}"
            spec["figures"] = [(value, rng.choice(("exact", "exact", "at_least")), "killed",
                                f"korban-{i} {value}")]
        spec["negated"] = rng.random() < 0.1
        parts.append(sentence + ".")
        events.append(spec)
    text = " ".join(parts)
    built = [make_event(text, i + 1, rng.choice(TYPES), **spec) for i, spec in enumerate(events)]
    undated = rng.random() < 0.1
    return make_record(f"r{n:03d}", text, None if undated else published.isoformat(),
                       rng.choice(("Warta", "Kabar", "Island Post")), events=built)


def copy_of(original: Record, n: int) -> Record:
    """A syndicated copy: the same text plus a sentence, published a day later."""
    data = original.to_dict()
    data.update(id=f"r{n:03d}", text=original.text + " Artikel ini disalin.",
                published=(date.fromisoformat(original.published) + timedelta(days=1)).isoformat()
                if original.published else None)
    return Record.from_dict(data)


def corpus(seed: int, size: int = 48) -> list[Record]:
    rng = random.Random(seed)
    records: list[Record] = []
    for n in range(size):
        if records and rng.random() < 0.15:
            records.append(copy_of(rng.choice(records), n))
        else:
            records.append(report(rng, n))
    return records


def dump(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    with store.engine.connect() as conn:
        groups = [dict(r) for r in conn.execute(
            select(consolidated_events).order_by(consolidated_events.c.seq)).mappings()]
        members = [dict(r) for r in conn.execute(
            select(consolidated_members).order_by(consolidated_members.c.document_id,
                                                  consolidated_members.c.event_id)).mappings()]
    return groups, members


def test_incremental_after_single_document_changes_equals_full_recompute(store: Store) -> None:
    records = corpus(seed=3)
    results = []
    for order in (1, 2) if store.dialect == "sqlite" else (1,):
        for doc_id in store.document_ids():
            store.delete_document(doc_id)
            store.consolidate()
        rng = random.Random(order)
        shuffled = rng.sample(records, len(records))
        for i, record in enumerate(shuffled):
            store.add_record(record)
            assert store.consolidate()["consolidated_events"] > 0
            if i % 7 == 3:  # now and then a revised version of an earlier report
                earlier = shuffled[rng.randrange(0, i + 1)].to_dict()
                earlier["events"] = earlier["events"][:1]
                store.add_record(Record.from_dict(earlier))
                store.consolidate()
            if i % 11 == 5:  # and a report taken down, then restored
                gone = shuffled[rng.randrange(0, i + 1)]
                store.delete_document(gone.id)
                store.consolidate()
                store.add_record(gone)
                store.consolidate()
        for record in shuffled:  # every report as first stored
            store.add_record(record)
            store.consolidate()
        incremental = dump(store)
        assert not store.is_stale()
        store.consolidate(full=True)
        assert dump(store) == incremental
        results.append(incremental)
    assert all(r == results[0] for r in results)
    groups, members = results[0]
    # The scenario exercises what matters: groups of several reports, copies, conflicts.
    assert any(g["n_documents"] > 2 for g in groups)
    assert any(m["copy_of"] for m in members)
    assert any(g["has_conflict"] for g in groups)


def test_reads_consolidate_incrementally_never_in_full(store: Store,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    records = corpus(seed=5, size=20)
    for record in records[:-1]:
        store.add_record(record)
    store.consolidate(full=True)
    monkeypatch.setattr(consolidate, "recompute_all", _no_full_recompute)
    store.add_record(records[-1])
    found = {d for e in query.events(store) for d in e["documents"]}
    assert records[-1].id in found or not records[-1].events
    assert not store.is_stale()


def _no_full_recompute(*_: Any) -> Any:
    raise AssertionError("a read recomputed every consolidated event")
