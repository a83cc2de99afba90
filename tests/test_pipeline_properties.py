"""Properties every analysis must have, whatever the text: it never crashes, its record
validates against SCHEMA.md, every span is grounded, and the same input gives the same
output."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pantau import analyze
from pantau.validate import validate_record

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

# Pieces of news text in both languages, with the characters cleaning must cope with.
PIECES = [
    "Korea Utara", "mengerahkan", "3.000", "tentara", "ke", "Rusia", ",", ".", "kata",
    "Kepala Staf Gabungan", "pada", "Kamis", "(13/3/2025)", "sedikitnya", "11 ribu", "tewas",
    "banjir", "di", "Kabupaten Garut", "Polisi", "menangkap", "dua", "tersangka", "akan",
    "tidak", "jika", "diyakini", "Rp 5 miliar", "\"", "“", "”", "\n", "\n\n", "  ", "\u00a0",
    "\u200b", "Â", "Ã©", "North Korea", "deployed", "at least", "troops", "to", "Russia",
    "said", "on Thursday", "last year", "police", "arrested", "killed", "the", "attack",
    "in", "Gaza", "according to", "Reuters", "U.S.", "Jl.", "No. 5", "dr.", "5,25", "…",
    "!", "?", ":", ";", "-", "—", "(", ")", "'s", "Presiden", "Prabowo", "bertemu", "dengan",
    "Menteri", "Luar Negeri", "Jepang", "pekan lalu", "awal Februari", "beberapa hari lalu",
]

texts = st.lists(st.sampled_from(PIECES), min_size=0, max_size=60).map(" ".join)
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


def _problems(record) -> list[str]:
    return [str(e) for e in validate_record(record.to_dict())]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, published=dates, lang=st.sampled_from(["id", "en", "auto"]))
def test_any_text_gives_a_valid_grounded_record(text, published, lang):
    record = analyze(text, published=published, lang=lang)
    assert _problems(record) == []
    for event in record.events:
        start, end = event.trigger
        assert record.text[start:end].strip() == record.text[start:end] != ""


@settings(max_examples=30, deadline=None)
@given(text=texts, published=dates)
def test_analysis_is_deterministic(text, published):
    first = analyze(text, published=published, lang="id").to_dict()
    assert analyze(text, published=published, lang="id").to_dict() == first


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (a user's checkout)")
def test_every_corpus_record_validates():
    for line in (CORPUS / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        record = analyze(gold["text"], published=gold["published"], lang=gold["lang"],
                         doc_id=gold["id"])
        assert _problems(record) == [], gold["id"]


def test_bundled_examples_validate():
    for line in (ROOT / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        record = analyze(doc["text"], published=doc.get("published"), doc_id=doc["id"])
        assert _problems(record) == [], doc["id"]
        assert record.events, f"{doc['id']}: an example article with no events"


def test_a_document_is_freed_without_the_garbage_collector():
    # Stages cache per-document views; a reference cycle through them would leave every
    # document of a long batch to the cycle collector (slow, and non-linear in practice).
    import gc
    import weakref

    from pantau.doc import Doc
    from pantau.pipeline import pipeline_for

    text = "Polisi menangkap dua tersangka di Bekasi pada Senin, kata Kapolres Bekasi."
    gc.collect()
    gc.disable()
    try:
        doc = Doc(id="d", text=text, lang="id")
        pipeline_for("id")(doc)
        assert doc.events
        ref = weakref.ref(doc)
        del doc
        assert ref() is None
    finally:
        gc.enable()
