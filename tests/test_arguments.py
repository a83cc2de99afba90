"""ArgumentStage: the example corpora of both languages, a few engine cases, the gold corpus.

Examples are sentences we wrote ourselves, with a small markup for the layers the earlier
stages would have added:

    [surface|TYPE]                 an entity mention named by its surface
    [surface|TYPE|Name|Country]    … with a canonical name (and the country a capital stands for)
    {trigger}                      an event trigger; {*trigger} is the one the row is about
    <surface|YYYY-MM-DD>           a time mention of one day
    ~surface|value|qualifier|unit~ a quantity mention

The expected column names, for each role checked, the surface its span must overlap ("-"
for none; "surface#2" for the second occurrence): "actor=Polisi; recipient=-; time=Senin";
quantities list their surfaces joined by "+"; "actor_name=Russia" checks a canonical name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from pantau.doc import Doc, Mention, QuantityMention, TimeMention
from pantau.extract.arguments import ArgumentStage
from pantau.lang import LANGUAGES, data_path
from pantau.record import Event
from pantau.text.segment import SegmentStage

LANGS = LANGUAGES
PUBLISHED = date(2025, 10, 22)
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MARKUP = re.compile(r"\[([^\[\]|]+)\|([A-Z]+)(?:\|([^\[\]|]*))?(?:\|([^\[\]|]*))?\]"
                    r"|\{(\*?)([^{}:]+)(?::([A-Z]+))?\}"
                    r"|<([^<>|]+)\|([^<>]+)>"
                    r"|~([^~|]+)\|([^~]+)~")


@cache
def _segmenter(lang: str) -> SegmentStage:
    return SegmentStage(lang)


def segmented(doc: Doc) -> Doc:
    """The doc with the sentences and tokens the SegmentStage gives every real document."""
    _segmenter(doc.lang)(doc)
    return doc


@dataclass
class Example:
    """A marked-up sentence turned into plain text and the layers it names."""

    text: str
    mentions: list[Mention] = field(default_factory=list)
    triggers: list[tuple[int, int, str | None, bool]] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)

    def span_of(self, surface: str) -> tuple[int, int]:
        surface, _, nth = surface.partition("#")
        pos = -1
        for _ in range(int(nth or 1)):
            pos = self.text.find(surface, pos + 1)
            assert pos >= 0, f"{surface!r} not in {self.text!r}"
        return pos, pos + len(surface)

    def doc(self, lang: str, event_type: str) -> Doc:
        doc = segmented(Doc(id="example", text=self.text, lang=lang, published=PUBLISHED))
        doc.mentions = list(self.mentions)
        doc.times = list(self.times)
        doc.quantities = list(self.quantities)
        doc.events = [Event(id=f"V{i + 1}", type=t or event_type, trigger=(s, e))
                      for i, (s, e, t, _) in enumerate(self.triggers)]
        return doc

    def target(self, doc: Doc) -> Event:
        starred = [i for i, (*_, star) in enumerate(self.triggers) if star]
        return doc.events[starred[0] if starred else 0]


def parse_example(marked: str) -> Example:
    out, pos = [], 0
    ex = Example(text="")
    length = 0

    def emit(s: str) -> tuple[int, int]:
        nonlocal length
        out.append(s)
        length += len(s)
        return length - len(s), length

    for m in MARKUP.finditer(marked):
        emit(marked[pos:m.start()])
        pos = m.end()
        if m.group(1):
            s, e = emit(m.group(1))
            name = m.group(3) or m.group(1)
            ex.mentions.append(Mention(s, e, m.group(2), name, None, m.group(4) or None))
        elif m.group(6):
            s, e = emit(m.group(6))
            ex.triggers.append((s, e, m.group(7), bool(m.group(5))))
        elif m.group(8):
            s, e = emit(m.group(8))
            parts = m.group(9).split("|")
            start = date.fromisoformat(parts[0])
            end = date.fromisoformat(parts[1]) if len(parts) > 1 else start
            ex.times.append(TimeMention(s, e, start, end, parts[2] if len(parts) > 2 else "day"))
        else:
            s, e = emit(m.group(10))
            value, qualifier, unit = m.group(11).split("|")
            ex.quantities.append(QuantityMention(s, e, json.loads(value), qualifier, unit))
    emit(marked[pos:])
    ex.text = "".join(out)
    return ex


def read_examples(name: str, columns: int) -> list[tuple]:
    rows = []
    for lang in LANGS:
        path = data_path(lang, f"examples/{name}.tsv")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                cells = line.split("\t")
                assert len(cells) == columns, f"{path.name}:{n}: {len(cells)} columns"
                rows.append(pytest.param(lang, *cells, id=f"{lang}:{n}"))
    return rows


def overlaps(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


@cache
def stage(lang: str) -> ArgumentStage:
    return ArgumentStage(lang)


def analyse(lang: str, event_type: str, marked: str) -> tuple[Example, Event]:
    ex = parse_example(marked)
    doc = ex.doc(lang, event_type)
    stage(lang)(doc)
    return ex, ex.target(doc)


# ----------------------------------------------------------------------------- examples

@pytest.mark.parametrize(("lang", "event_type", "marked", "expected"),
                         read_examples("arguments", 3))
def test_argument_examples(lang, event_type, marked, expected):
    ex, event = analyse(lang, event_type, marked)
    for item in expected.split(";"):
        key, _, want = (x.strip() for x in item.partition("="))
        if key in ("actor", "recipient", "location"):
            got = getattr(event, key + "_span")
            got_text = ex.text[got[0]:got[1]] if got else None
            if want == "-":
                assert got is None, f"{key}: expected none, got {got_text!r}"
            else:
                assert overlaps(got, ex.span_of(want)), \
                    f"{key}: expected {want!r}, got {got_text!r}"
        elif key.endswith("_name"):
            assert getattr(event, key[:-5]) == want
        elif key == "time":
            got_time = event.time.span if event.time else None
            if want == "-":
                assert got_time is None
            else:
                assert got_time == ex.span_of(want)
        elif key == "quantities":
            got_q = sorted(ex.text[q.span[0]:q.span[1]] for q in event.quantities)
            assert got_q == ([] if want == "-" else sorted(want.split("+")))
        else:
            raise AssertionError(f"unknown key {key!r}")


def test_example_files_are_large_enough():
    for lang in LANGS:
        rows = [r for r in data_path(lang, "examples/arguments.tsv").read_text("utf-8").splitlines()
                if r.strip() and not r.startswith("#")]
        assert len(rows) >= 40, lang


# ----------------------------------------------------------------------------- engine

def test_markup_parser_offsets():
    ex = parse_example("[Polisi|ORG] {*menangkap} ~dua|2|exact|arrested~ pria "
                       "pada <Senin|2025-10-20>.")
    assert ex.text == "Polisi menangkap dua pria pada Senin."
    assert ex.text[ex.mentions[0].start:ex.mentions[0].end] == "Polisi"
    assert ex.text[ex.triggers[0][0]:ex.triggers[0][1]] == "menangkap"
    assert ex.text[ex.times[0].start:ex.times[0].end] == "Senin"
    assert ex.quantities[0].value == 2


def test_capital_standing_for_government_is_coded_as_country():
    ex, e = analyse("id", "THREATEN",
                    "[Moskow|GPE|Moscow|Russia] {mengancam} [Kyiv|GPE|Kyiv|Ukraine].")
    assert (e.actor, e.recipient) == ("Russia", "Ukraine")
    assert ex.text[e.actor_span[0]:e.actor_span[1]] == "Moskow"


def test_location_keeps_the_city_name():
    _, e = analyse("id", "CONSULT", "[Prabowo|PER] {berkunjung} ke [Moskow|GPE|Moscow|Russia].")
    assert e.location == "Moscow"


def test_coordinated_parties_take_the_first_name_and_the_whole_span():
    ex, e = analyse("en", "ASSAULT", "[India|GPE] and [Pakistan|GPE] {clashed} on the border.")
    assert e.actor == "India"
    assert ex.text[e.actor_span[0]:e.actor_span[1]] == "India and Pakistan"
    assert e.recipient == "Pakistan"  # each side is the other's counterpart


def test_pronoun_takes_its_referents_name_and_keeps_its_span():
    ex, e = analyse("id", "THREATEN",
                    "[Donald Trump|PER] berbicara di Gedung Putih. Ia {mengancam} [Oman|GPE].")
    assert e.actor == "Donald Trump"
    assert ex.text[e.actor_span[0]:e.actor_span[1]] == "Ia"


def test_statement_date_is_not_the_event_date():
    _, e = analyse("id", "ASSAULT", '"Kami {diserang} semalam," kata [Budi|PER], '
                                    "<Senin (20/10)|2025-10-20>.")
    assert e.time is None


def test_no_events_leaves_doc_untouched():
    doc = segmented(Doc(id="x", text="Tidak ada apa-apa.", lang="id"))
    stage("id")(doc)
    assert doc.events == []


def test_work_stays_within_the_sentence():
    # a party in another sentence is never an argument
    _, e = analyse("id", "ASSAULT", "[Israel|GPE] berbicara. Rumah itu {dibom} kemarin.")
    assert e.actor is None


# ----------------------------------------------------------------------------- gold corpus

def gold_docs():
    """Each dev document with its gold entity mentions and its gold events cut down to
    type and trigger, as the argument, factuality and source stages receive them."""
    for line in (CORPUS / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        doc = segmented(Doc(id=g["id"], text=g["text"], lang=g["lang"]))
        doc.mentions = [Mention(s, e, ent["type"], ent["name"], ent["kb"])
                        for ent in g["entities"] for s, e in ent["mentions"]]
        doc.events = [Event(id=e["id"], type=e["type"], trigger=tuple(e["trigger"]))
                      for e in g["events"]]
        yield g, doc

@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (a user's checkout)")
def test_gold_corpus_argument_accuracy():
    """On the dev corpus, with gold events and entity mentions, roles stay above a floor."""
    ok = total = 0
    for g, doc in gold_docs():
        stage(g["lang"])(doc)
        for pe, ge in zip(doc.events, g["events"], strict=True):
            for role in ("actor", "recipient"):
                total += 1
                name, span = getattr(pe, role), getattr(pe, role + "_span")
                gold_span = ge[role + "_span"]
                ok += name == ge[role] \
                    or (gold_span is not None and overlaps(span, tuple(gold_span)))
    assert ok / total >= 0.70


@pytest.mark.parametrize("lang", ["en", "id"])
def test_word_forms_cache_the_affix_tests(lang: str) -> None:
    """word_forms() remembers what the affix tests say of a word: the same answers."""
    from pantau.extract import arguments as a
    from pantau.extract.sentence_view import language

    data = language(lang)
    words = ["arrested", "sending", "warns", "ditangkap", "menangkap", "penangkapan",
             "serangan", "attack", "was", "killed", "dikirim", "mengirimkan", "talks"]
    words += sorted(data.classes["verb"] | data.classes["participle"])[:50]
    forms = a.word_forms(data)
    for w in words:
        bits = forms[w]
        assert bool(bits & a.PARTICIPLE) == a._participle(data, w)
        assert bool(bits & a.PROGRESSIVE) == a._ends(w, data.progressive_suffixes)
        assert bool(bits & a.PASSIVE) == a._passive(data, w)
        assert bool(bits & a.PRESENT) == a._ends(w, data.present_suffixes)
        assert bool(bits & a.VERB_LIKE) == a._verb_like(data, w)
        assert bool(bits & a.ACTIVE) == (a._starts(w, data.prefix_active) or (
            a._ends(w, data.verb_suffixes) and not w.startswith(data.noun_prefixes)))
