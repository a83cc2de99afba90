"""Multi-process extraction (pantau.parallel): the same records as one process, in
input order, with failures returned as values."""

from __future__ import annotations

import os

import pytest

from pantau.errors import InputError
from pantau.io.batch import extract_one
from pantau.parallel import WORKER_DIED, Extractor, extract_many
from pantau.record import Entity, Record

SENTENCES = [
    ("id", "Polisi menangkap tiga orang tersangka pencurian di Bandung pada Senin."),
    ("id", "Presiden meresmikan bendungan baru di Jawa Tengah, kata juru bicara istana."),
    ("id", "Sekitar 200 mahasiswa berunjuk rasa di depan kantor gubernur pada Kamis (4/9)."),
    ("id", "Gempa bermagnitudo 5,2 mengguncang Maluku Utara, menurut BMKG."),
    ("en", "Police arrested three suspects in Bandung on Monday, officials said."),
    ("en", "The two ministers agreed to resume talks next month in Singapore."),
    ("en", "About 200 students protested outside the governor's office on Thursday."),
]


def _docs(n: int) -> list[dict]:
    docs = []
    for i in range(n):
        lang, text = SENTENCES[i % len(SENTENCES)]
        docs.append({"id": f"doc-{i}", "lang": lang, "published": "2025-09-05",
                     "title": f"Berita {i}", "text": f"{text} Laporan nomor {i}."})
    return docs


def test_two_workers_give_the_pipelines_single_process_records_in_input_order():
    docs = _docs(30)
    parallel = list(extract_many(docs, workers=2, chunksize=3))
    single = list(extract_many(docs, workers=1))
    assert [r.doc_id for r in parallel] == [d["id"] for d in docs]
    assert all(r.ok for r in single), [r.error for r in single if not r.ok]
    assert parallel == single
    assert single[0].record == extract_one(docs[0]).to_dict()


def _by_capitals(doc, lang, published):
    """A stand-in analysis, independent of the real stages: one entity per capitalised
    word. It fails the way a stage would on a document without text."""
    text = doc["text"]
    mentions = [(i, i + len(w)) for i, w in _words(text) if w[:1].isupper()]
    return Record(id=doc["id"], text=text, lang=lang if lang != "auto" else doc.get("lang"),
                  published=doc.get("published") or published,
                  entities=[Entity(f"E{k + 1}", "ORG", text[s:e], None, [(s, e)])
                            for k, (s, e) in enumerate(mentions)])


def _words(text):
    start = 0
    for word in text.split(" "):
        yield start, word
        start += len(word) + 1


def test_a_stand_in_analysis_gives_the_same_records_on_two_workers():
    docs = _docs(40)
    with Extractor(workers=2, chunksize=3, extract=_by_capitals) as extractor:
        parallel = list(extractor.map(docs))
    with Extractor(workers=1, extract=_by_capitals) as extractor:
        single = list(extractor.map(docs))
    assert all(r.ok for r in single)
    assert parallel == single
    assert [r.record["id"] for r in parallel] == [d["id"] for d in docs]


def test_a_failing_document_becomes_an_error_and_the_rest_go_on():
    docs = _docs(20)
    docs[4]["text"] = None  # the analysis cannot read it
    docs[11] = "not a document"
    with Extractor(workers=2, chunksize=3, extract=_by_capitals) as extractor:
        results = list(extractor.map(docs))
    assert len(results) == 20
    failed = [i for i, r in enumerate(results) if not r.ok]
    assert failed == [4, 11]
    assert results[4].doc_id == "doc-4" and "NoneType" in results[4].error
    assert results[11].doc_id is None
    assert all(r.record["id"] == f"doc-{i}" for i, r in enumerate(results) if r.ok)


def test_reader_errors_pass_through_in_place():
    docs = _docs(12)
    items = [*docs[:5], InputError("a.txt", "empty file"), *docs[5:]]
    with Extractor(workers=2, chunksize=3, extract=_by_capitals) as extractor:
        pairs = list(extractor.map_items(items))
    assert [item for item, _ in pairs] == items
    assert pairs[5][1] is None
    assert all(result.ok for item, result in pairs if item is not items[5])



def test_items_can_choose_what_to_analyse():
    # As `pantau ingest` passes by documents it has stored before: the worker sees
    # the document inside each item, and only where there is one.
    docs = _docs(30)
    items = [{"doc": d if i % 3 else None, "n": i} for i, d in enumerate(docs)]
    with Extractor(workers=2, chunksize=4, extract=_by_capitals) as extractor:
        pairs = list(extractor.map_items(items, document=lambda item: item["doc"]))
    assert [item["n"] for item, _ in pairs] == list(range(30))
    assert [i for i, (_, r) in enumerate(pairs) if r is None] == list(range(0, 30, 3))
    assert all(r.record["id"] == f"doc-{i}" for i, (_, r) in enumerate(pairs) if r)


def test_a_pool_starts_only_when_there_is_something_to_analyse():
    with Extractor(workers=2, chunksize=2, extract=_die_on_marker) as extractor:
        pairs = list(extractor.map_items(_docs(10), document=lambda item: None))
        assert extractor._pool is None
    assert len(pairs) == 10 and all(r is None for _, r in pairs)

def _die_on_marker(doc, lang, published):
    # A stand-in for a crash inside a C extension or an out-of-memory kill.
    if doc["text"].startswith("CRASH"):
        os._exit(13)
    return _by_capitals(doc, lang, published)


def test_a_document_that_kills_its_worker_fails_alone():
    docs = _docs(24)
    docs[9]["text"] = "CRASH " + docs[9]["text"]
    with Extractor(workers=2, chunksize=4, extract=_die_on_marker) as extractor:
        results = list(extractor.map(docs))
    assert [r.doc_id for r in results] == [d["id"] for d in docs]
    assert [i for i, r in enumerate(results) if not r.ok] == [9]
    assert results[9].error == WORKER_DIED


def test_input_is_read_lazily_a_window_at_a_time():
    pulled = 0

    def stream():
        nonlocal pulled
        for doc in _docs(400):
            pulled += 1
            yield doc

    with Extractor(workers=2, chunksize=4, window=3, extract=_by_capitals) as extractor:
        results = extractor.map(stream())
        next(results)
        assert pulled <= (3 + 1) * 4
        assert sum(1 for _ in results) == 399


@pytest.mark.parametrize("workers", [1, 2])
def test_a_short_input_is_analysed_without_a_pool(workers):
    with Extractor(workers=workers, extract=_die_on_marker) as extractor:
        results = list(extractor.map(_docs(3)))
        assert extractor._pool is None
    assert len(results) == 3 and all(r.ok for r in results)


def test_cli_output_is_the_same_bytes_on_two_workers(tmp_path):
    import json

    from pantau.cli import main

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in _docs(21)), encoding="utf-8")
    outputs = {}
    for workers in ("1", "2"):
        outputs[workers] = tmp_path / f"out{workers}.jsonl"
        assert main(["extract", str(source), "-o", str(outputs[workers]),
                     "--workers", workers]) == 0
    one = outputs["1"].read_bytes()
    assert one.count(b"\n") == 21
    assert outputs["2"].read_bytes() == one
