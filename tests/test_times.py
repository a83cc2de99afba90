"""TimeStage: every line of each language's examples corpus, plus its calendar rules."""

from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path

import pytest

from pantau.doc import Doc
from pantau.extract.quantities import QuantityStage, alternation
from pantau.extract.times import TimeStage
from pantau.lang import LANGUAGES, data_path

LANGS = LANGUAGES
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _examples(lang: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in data_path(lang, "examples/times.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, published, expected = line.split("\t")
            rows.append((sentence, published, expected))
    return rows


def _null(text: str) -> str | None:
    return None if text == "null" else text


def _expected(spec: str) -> list[tuple[str, str | None, str | None, str | None]]:
    if spec == "-":
        return []
    items = []
    for item in spec.split(" | "):
        span, reading = item.split(" => ")
        first, last, granularity = reading.split(" ")
        items.append((span, _null(first), _null(last), _null(granularity)))
    return items


@pytest.fixture(scope="module")
def stages() -> dict[str, tuple[QuantityStage, TimeStage]]:
    return {lang: (QuantityStage(lang), TimeStage(lang)) for lang in LANGS}


def _run(stages, lang: str, text: str, published: date | None) -> Doc:
    doc = Doc(id="example", text=text, lang=lang, published=published)
    quantities, times = stages[lang]
    quantities(doc)  # as in the pipeline: a year that is a count is no time
    times(doc)
    return doc


@pytest.mark.parametrize(("lang", "sentence", "published", "expected"),
                         [(lang, *row) for lang in LANGS for row in _examples(lang)])
def test_examples(stages, lang, sentence, published, expected):
    anchor = None if published == "-" else date.fromisoformat(published)
    doc = _run(stages, lang, sentence, anchor)
    found = [(sentence[t.start:t.end], t.start_date and t.start_date.isoformat(),
              t.end_date and t.end_date.isoformat(), t.granularity) for t in doc.times]
    assert found == _expected(expected)


@pytest.mark.parametrize("lang", LANGS)
def test_examples_corpus_is_large_enough(lang):
    assert len(_examples(lang)) >= 40


@pytest.mark.parametrize(("published", "expected"), [
    (date(2025, 3, 13), date(2025, 3, 13)),  # a Thursday: "Kamis" is that same day
    (date(2025, 3, 14), date(2025, 3, 13)),
    (date(2025, 3, 19), date(2025, 3, 13)),  # the most recent Thursday, never a later one
])
def test_bare_weekday_is_the_most_recent_not_after_published(stages, published, expected):
    doc = _run(stages, "id", "Warga melapor Kamis.", published)
    assert doc.times[0].start_date == expected == doc.times[0].end_date


@pytest.mark.parametrize(("month", "year"), [("Februari", 2025), ("Maret", 2025), ("April", 2024)])
def test_bare_month_is_the_most_recent_not_after_published(stages, month, year):
    doc = _run(stages, "id", f"Kantor itu dibuka pada {month}.", date(2025, 3, 13))
    assert doc.times[0].start_date.year == year


def test_stated_date_wins_over_weekday_when_they_agree(stages):
    doc = _run(stages, "id", "Sidang digelar Rabu (27/5).", date(2026, 5, 29))
    assert doc.times[0].start_date == date(2026, 5, 27)


def test_relative_expressions_keep_their_span_without_published(stages):
    doc = _run(stages, "id", "Rapat digelar tahun lalu dan pekan ini.", None)
    assert [(t.start_date, t.end_date, t.granularity) for t in doc.times] == [
        (None, None, "year"), (None, None, "week")]


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (not a dev checkout)")
def test_recall_of_gold_times(stages):
    """Most gold event times are found with the same from/to dates."""
    total = found = 0
    for name in ("seed.jsonl", "dev.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            published = date.fromisoformat(record["published"][:10])
            doc = _run(stages, record["lang"], record["text"], published)
            gold = {tuple(e["time"]["span"]): e["time"] for e in record.get("events", [])
                    if e.get("time")}
            for (start, end), t in gold.items():
                total += 1
                found += any(m.start < end and start < m.end
                             and (m.start_date and m.start_date.isoformat()) == t["from"]
                             and (m.end_date and m.end_date.isoformat()) == t["to"]
                             for m in doc.times)
    assert total > 100
    assert found / total >= 0.85


@pytest.mark.parametrize("lang", LANGS)
def test_intervals_are_ordered_on_jumbled_text(stages, lang):
    """Word salad of the grammar's own words never yields a reversed interval, a span
    outside the text or a granularity SCHEMA.md does not know."""
    rng = random.Random(7)
    times = stages[lang][1]
    words = [*times.months, *times.weekdays, *times.units, *times.shifts, *times.parts,
             *times.days, "2025", "31", "5", "12/10", "(3/4)", "sejak", "since", "hingga", "to"]
    for _ in range(300):
        text = " ".join(rng.choices(words, k=rng.randint(1, 12))).title()
        doc = _run(stages, lang, text, date(2025, rng.randint(1, 12), rng.randint(1, 28)))
        for t in doc.times:
            assert 0 <= t.start < t.end <= len(text)
            assert t.start_date is None or t.end_date is None or t.start_date <= t.end_date
            assert t.granularity in (None, "day", "week", "month", "quarter", "year", "decade")


@pytest.mark.parametrize("lang", LANGS)
def test_start_scan_finds_what_a_lookbehind_scan_finds(lang):
    """The scan for rule starts matches the character before a start instead of opening
    with a lookbehind (which would run the regex at every position): the same starts."""
    stage = TimeStage(lang)
    words = alternation(w for w in stage.rules_by_word if w != "#")
    plain = re.compile(rf"(?<![\w/.,-])(?:\d|(?:{words})(?![^\W\d_]))")
    pieces = [" ", "  ", "\n", "-", "/", ".", ",", "(", "x", "é", "_", "5", "12", "2025", "a",
              *list(stage.rules_by_word)[:40]]
    rng = random.Random(5)
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))).lower()
        found = []
        start = stage.first_start_lower.match(text) or stage.starts_lower.search(text)
        while start:
            found.append((start.start("start"), start.group("start")))
            start = stage.starts_lower.search(text, start.end() - 1)
        assert found == [(m.start(), m.group()) for m in plain.finditer(text)], text


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # "İ", "ı" and "ſ" match i and s in the rules' case-insensitive regexes, but their
    # lower case is no key of the month, weekday and unit tables
    ("id", "Pasukan tiba pada JUNİ 2024 di perbatasan.", ("JUNİ 2024", "2024-06-01", "2024-06-30")),
    ("id", "Pasukan tiba pada Junı 2024 di perbatasan.", ("Junı 2024", "2024-06-01", "2024-06-30")),
    ("id", "Pada HARİ INI polisi menangkap dua orang.", ("HARİ INI", "2025-03-05", "2025-03-05")),
    ("en", "On Tueſday troops arrived at the border.", ("On Tueſday", "2025-03-04", "2025-03-04")),
])
def test_letters_only_case_folding_joins_to_ascii_are_read(stages, lang, text, expected):
    doc = Doc(id="example", text=text, lang=lang, published=date(2025, 3, 5))
    stages[lang][1](doc)
    assert [(text[t.start:t.end], str(t.start_date), str(t.end_date)) for t in doc.times] \
        == [expected]
