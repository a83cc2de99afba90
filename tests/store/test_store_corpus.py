"""The store on the hand-annotated corpus (../shared): gold records as they are.

Skips when ../shared is not checked out. Nothing from the corpus is copied
here: document ids and the same-story clusters are read from its README.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select
from store_helpers import shared_corpus

from pantau import query
from pantau.record import Record
from pantau.store import Store
from pantau.store.ingest import Ingest
from pantau.store.schema import near_duplicates


def clusters(readme: Path) -> dict[str, list[str]]:
    """The README's "Near-duplicate / same-story clusters" table: name -> document ids."""
    text = readme.read_text(encoding="utf-8")
    section = text.split("## Near-duplicate / same-story clusters", 1)[1].split("\n## ", 1)[0]
    found = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0] and not cells[0].startswith(("cluster", "---")):
            ids = re.findall(r"`((?:id|en)-[\w-]+)`", cells[1])
            if len(ids) >= 2:
                found[cells[0]] = ids
    return found


@pytest.fixture
def corpus_store(store: Store) -> Store:
    job = Ingest(store, as_records=True)
    job.run([str(shared_corpus("dev.jsonl")), str(shared_corpus("seed.jsonl"))], progress=False)
    assert job.counts["errors"] == 0
    store.consolidate()
    return store


def test_ingesting_the_corpus_twice_leaves_the_same_counts(corpus_store: Store) -> None:
    before = corpus_store.counts()
    job = Ingest(corpus_store, as_records=True)
    job.run([str(shared_corpus("dev.jsonl")), str(shared_corpus("seed.jsonl"))], progress=False)
    assert job.counts["unchanged"] == before["documents"]
    corpus_store.consolidate()
    assert corpus_store.counts() == before


def test_gold_records_round_trip_losslessly(corpus_store: Store) -> None:
    for line in shared_corpus("dev.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        assert corpus_store.get_record(gold["id"]).to_dict() == Record.from_dict(gold).to_dict()


def test_same_story_clusters_become_multi_document_events(corpus_store: Store) -> None:
    listed = clusters(shared_corpus("README-sources.md"))
    assert len(listed) >= 10
    gold = {json.loads(line)["id"]: json.loads(line)
            for line in shared_corpus("dev.jsonl").read_text(encoding="utf-8").splitlines()}
    groups = [set(e["documents"]) for e in query.events(corpus_store)]
    unreachable = []
    for name, ids in listed.items():
        # Consolidation can only join what the gold annotates: events of one type in
        # at least two of the cluster's documents.
        docs_by_type = defaultdict(set)
        for doc_id in ids:
            for event in gold[doc_id]["events"]:
                docs_by_type[event["type"]].add(doc_id)
        if max((len(d) for d in docs_by_type.values()), default=0) < 2:
            unreachable.append(name)
            continue
        assert any(len(g & set(ids)) >= 2 for g in groups), name
    assert len(unreachable) <= 1, unreachable


def test_near_duplicate_links_stay_inside_listed_clusters(corpus_store: Store) -> None:
    listed = clusters(shared_corpus("README-sources.md"))
    cluster_of = {doc: name for name, ids in listed.items() for doc in ids}
    with corpus_store.engine.connect() as conn:
        links = conn.execute(select(near_duplicates.c.doc_a, near_duplicates.c.doc_b)).all()
    assert len(links) >= 3
    for a, b in links:
        assert cluster_of.get(a) is not None and cluster_of.get(a) == cluster_of.get(b), (a, b)
