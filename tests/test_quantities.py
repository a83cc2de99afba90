"""QuantityStage: every line of each language's examples corpus, plus the numeral reader."""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pantau.doc import Doc
from pantau.extract.quantities import Numerals, QuantityStage, alternation
from pantau.lang import LANGUAGES, data_path

LANGS = LANGUAGES
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _examples(lang: str) -> list[tuple[str, str]]:
    rows = []
    for line in data_path(lang, "examples/quantities.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, expected = line.split("\t")
            rows.append((sentence, expected))
    return rows


def _value(text: str) -> int | float | list:
    if ".." in text:
        return [_value(part) for part in text.split("..")]  # type: ignore[misc]
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


def _expected(spec: str) -> list[tuple[str, object, str, str]]:
    if spec == "-":
        return []
    items = []
    for item in spec.split(" | "):
        span, reading = item.split(" => ")
        value, qualifier, unit = reading.split(" ", 2)
        items.append((span, _value(value), qualifier, unit))
    return items


@pytest.fixture(scope="module")
def stages() -> dict[str, QuantityStage]:
    return {lang: QuantityStage(lang) for lang in LANGS}


@pytest.mark.parametrize(("lang", "sentence", "expected"),
                         [(lang, s, e) for lang in LANGS for s, e in _examples(lang)])
def test_examples(stages, lang, sentence, expected):
    doc = Doc(id="example", text=sentence, lang=lang)
    stages[lang](doc)
    found = [(sentence[q.start:q.end], q.value, q.qualifier, q.unit) for q in doc.quantities]
    assert found == _expected(expected)


@pytest.mark.parametrize("lang", LANGS)
def test_examples_corpus_is_large_enough(lang):
    assert len(_examples(lang)) >= 40


@pytest.mark.parametrize(("words", "value"), [
    ("dua puluh lima", 25), ("sebelas", 11), ("tiga belas", 13), ("seratus dua puluh", 120),
    ("dua ratus ribu", 200_000), ("satu juta dua ratus ribu", 1_200_000), ("seribu", 1000),
    ("dua tiga", None), ("belas", None),
])
def test_indonesian_number_words(words, value):
    assert Numerals("id").words_value(words) == value


@pytest.mark.parametrize(("digits", "lang", "value"), [
    ("3.000", "id", Decimal(3000)), ("1,2", "id", Decimal("1.2")), ("2.5", "id", Decimal("2.5")),
    ("12.580.000", "id", Decimal(12_580_000)), ("3,000", "en", Decimal(3000)),
    ("1.2", "en", Decimal("1.2")), ("1,234,567.5", "en", Decimal("1234567.5")),
])
def test_digits_follow_the_language_separators(digits, lang, value):
    assert Numerals(lang).digits_value(digits) == value


def test_values_are_ints_when_whole(stages):
    doc = Doc(id="x", text="Pemerintah menyalurkan Rp 2,5 miliar.", lang="id")
    stages["id"](doc)
    assert doc.quantities[0].value == 2_500_000_000
    assert isinstance(doc.quantities[0].value, int)


def test_elliptic_number_takes_no_unit_across_sentences(stages):
    doc = Doc(id="x", text="Ada 300 tentara di sana. Sekitar 50 juga dikirim.", lang="id")
    stages["id"](doc)
    assert [(q.value, q.unit) for q in doc.quantities] == [(300, "troops")]


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (not a dev checkout)")
def test_recall_of_gold_quantities(stages):
    """Most gold quantities are found with the same value, qualifier and unit."""
    total = found = 0
    for name in ("seed.jsonl", "dev.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            doc = Doc(id=record["id"], text=record["text"], lang=record["lang"])
            stages[record["lang"]](doc)
            gold = {tuple(q["span"]): q for e in record.get("events", [])
                    for q in e.get("quantities") or []}
            for (start, end), q in gold.items():
                total += 1
                found += any(p.start < end and start < p.end and p.value == q["value"]
                             and p.qualifier == q["qualifier"] and p.unit == q["unit"]
                             for p in doc.quantities)
    assert total > 50
    assert found / total >= 0.85


# Invented pieces of text around numerals: glued codes, dates, currencies, number words.
_PIECES = ["5", "3.000", "1,2", "2026", " ", "  ", "-", "–", "Rp", "$", "US$", "dua", "puluh",
           "lima", "juta", "one", "hundred", "Five", "a", "x", ".", ",", "/", ":", "(", "Covid-19",
           "ke-5", "\n", "é", "_", "setidaknya ", "at least ", "antara ", "between "]


@pytest.mark.parametrize("lang", LANGS)
def test_numeral_scan_finds_what_finditer_finds(lang):
    stage = QuantityStage(lang)
    rng = random.Random(3)
    for _ in range(4000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 14)))
        for numeral, candidates in ((stage.numeral, stage.candidates),
                                    (stage.numeral_lower, stage.candidates_lower)):
            found = stage._numerals(text, numeral, candidates)
            assert [m.span() for m in found] == [m.span() for m in numeral.finditer(text)], text


@pytest.mark.parametrize("lang", LANGS)
def test_last_phrase_finds_what_a_lookbehind_search_finds(lang):
    stage = QuantityStage(lang)
    plain = re.compile(rf"(?<![\w-])(?P<q>{alternation(stage.before_qualifiers)})\s+$",
                       re.IGNORECASE)
    rng = random.Random(4)
    phrases = [f"{p} " for p in stage.before_qualifiers]
    found = 0
    for _ in range(4000):
        left = "".join(rng.choice(_PIECES + phrases) for _ in range(rng.randint(0, 8)))
        new, old = stage.qualifier_before.search(left), plain.search(left)
        assert (new is None) == (old is None), left
        if new and old:
            found += 1
            assert (new.start("q"), new.group("q")) == (old.start(), old.group("q")), left
    assert found > 100


def test_stage_reads_the_same_with_and_without_the_segmenter_tokens(stages):
    from pantau.text.segment import SegmentStage

    for lang in LANGS:
        for sentence, _ in _examples(lang):
            alone = Doc(id="x", text=sentence, lang=lang)
            stages[lang](alone)
            segmented = Doc(id="x", text=sentence, lang=lang)
            SegmentStage(lang)(segmented)
            stages[lang](segmented)
            assert segmented.quantities == alone.quantities, sentence


@pytest.mark.parametrize(("lang", "text"), [
    ("id", "Sebanyak tiga ribu tentara dikirim pada Senin (3/3/2025), dan dua hari kemudian "
           "sedikitnya lima warga tewas dalam sepekan terakhir."),
    ("en", "About three thousand soldiers were sent on Monday, and two days later at least "
           "five residents died in the past week."),
])
@pytest.mark.parametrize("odd", [("i", "ı"), ("s", "ſ"), ("I", "İ")])
def test_odd_case_letters_read_as_the_letters_they_match(lang, text, odd):
    # "ı", "ſ" and "İ" match i, s and I in the stages' case-insensitive regexes, so the
    # quantities and times read must be those of the plain text, not a failure.
    from datetime import date

    from pantau.extract.times import TimeStage
    from pantau.text.segment import SegmentStage

    def read(text: str) -> list[tuple]:
        doc = Doc(id="t", text=text, lang=lang, published=date(2025, 3, 5))
        for stage in (SegmentStage(lang), QuantityStage(lang), TimeStage(lang)):
            stage(doc)
        return [(q.start, q.end, q.value, q.unit) for q in doc.quantities] \
            + [(t.start, t.end, t.start_date, t.end_date) for t in doc.times]

    plain = text.upper() if odd[0] == "I" else text
    found = read(plain)
    assert len(found) >= 4
    assert read(plain.replace(*odd)) == found
