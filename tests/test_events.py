"""The event stage: examples corpora, long texts without events, morphology, lexicon, corpus F1."""

from __future__ import annotations

import pytest

from pantau.doc import Doc
from pantau.extract.events import EventStage, sentence_units
from pantau.extract.morphology import en_verb_forms, expand_id, expand_phrase
from pantau.extract.trigger_lexicon import Condition, MatchContext, Unit, parse_lexicon
from pantau.lang import LANGUAGES, data_path
from pantau.record import Event
from pantau.text.segment import SegmentStage

LANGS = LANGUAGES


def analyse(text: str, lang: str, segment: bool = True) -> Doc:
    doc = Doc(id="t", text=text, lang=lang)
    if segment:
        SegmentStage(lang)(doc)
    EventStage(lang)(doc)
    return doc


def rendered(doc: Doc) -> list[str]:
    out = []
    for e in doc.events:
        surface = doc.text[e.trigger[0]:e.trigger[1]]
        out.append(f"{surface}={e.type}" + (f"/{e.mode}" if e.mode else ""))
    return out


# --- examples corpora (lang/<lang>/examples/events.tsv) ------------------------------------

def _examples() -> list[tuple[str, str, list[str]]]:
    cases = []
    for lang in LANGS:
        for line in data_path(lang, "examples/events.tsv").read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            text, expected = line.split("\t")
            cases.append((lang, text, [] if expected == "-" else expected.split("; ")))
    return cases


EXAMPLES = _examples()


def test_examples_cover_both_languages_broadly():
    for lang in LANGS:
        assert sum(1 for case in EXAMPLES if case[0] == lang) >= 60


@pytest.mark.parametrize(("lang", "text", "expected"), EXAMPLES,
                         ids=[f"{c[0]}:{c[1][:40]}" for c in EXAMPLES])
def test_example(lang: str, text: str, expected: list[str]):
    assert rendered(analyse(text, lang)) == expected


# --- precision on long texts with no events ------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_long_text_without_events_yields_none(lang: str):
    raw = data_path(lang, "examples/no_events.txt").read_text(encoding="utf-8")
    text = "\n".join(line for line in raw.splitlines() if not line.startswith("#"))
    assert len(text.split()) >= 5000
    doc = analyse(text, lang)
    assert rendered(doc) == []


# --- the stage's interface -------------------------------------------------------------------

def test_events_are_numbered_in_text_order_with_later_fields_left_default():
    doc = analyse("Banjir melanda desa itu. Polisi kemudian menangkap dua pencuri.", "id")
    assert [e.id for e in doc.events] == ["V1", "V2"]
    assert [e.type for e in doc.events] == ["DISASTER", "COERCE"]
    assert doc.events[0].trigger[0] < doc.events[1].trigger[0]
    blank = Event(id="V1", type="DISASTER", trigger=(0, 0))
    for event in doc.events:
        assert (event.actor, event.recipient, event.location, event.time, event.source) == (
            blank.actor, blank.recipient, blank.location, blank.time, blank.source)
        assert (event.status, event.certainty, event.negated) == ("occurred", "asserted", False)


def test_numbering_continues_after_existing_events():
    doc = Doc(id="t", text="Gempa mengguncang kota itu.", lang="id")
    doc.events.append(Event(id="V1", type="AID", trigger=(0, 0)))
    EventStage("id")(doc)
    assert [e.id for e in doc.events] == ["V1", "V2"]


@pytest.mark.parametrize(("lang", "text"), [
    ("id", "Polisi menangkap tersangka. Mahasiswa menggelar demonstrasi di depan istana."),
    ("en", "Police arrested two suspects. Thousands protested outside parliament."),
])
def test_works_without_the_segmentation_layer(lang: str, text: str):
    assert rendered(analyse(text, lang, segment=False)) == rendered(analyse(text, lang))


def test_glued_words_are_split_before_matching():
    # A lost space in the source ("terendamKampung") must not hide the trigger.
    doc = Doc(id="t", text="Rumah warga terendamKampung sebelah juga kena banjir.", lang="id")
    words = [u.lower for u in sentence_units(doc, ("nya",))[0]]
    assert "terendam" in words and "kampung" in words


def test_headline_case_does_not_hide_triggers():
    assert rendered(analyse("Israel Serang Gaza Saat Gencatan Senjata", "id")) == [
        "Serang=ASSAULT", "Gencatan Senjata=RETREAT/ceasefire"]


def test_a_trigger_word_inside_a_name_is_not_an_event():
    assert rendered(analyse("Badan Penanggulangan Bencana Daerah membuka posko.", "id")) == []


def test_a_toll_without_any_harm_event_around_is_no_event():
    assert rendered(analyse("Penyanyi legendaris itu meninggal dunia dalam usia 90 tahun.",
                            "id")) == []


def test_a_toll_takes_the_type_of_the_harm_event_of_its_story():
    doc = analyse("Gempa mengguncang kota itu pada Senin. Tiga orang meninggal dunia.", "id")
    assert rendered(doc) == ["Gempa=DISASTER", "meninggal dunia=DISASTER"]


def test_a_threatened_act_is_not_a_second_record():
    assert rendered(analyse("Presiden mengancam akan menyerang negara itu.", "id")) == [
        "mengancam=THREATEN/violence"]


def test_a_bare_demonstrative_re_mention_is_dropped_but_a_detailed_one_kept():
    bare = analyse("Menteri melakukan kunjungan ke Tokyo. Kunjungan itu dinilai penting.", "id")
    assert rendered(bare) == ["kunjungan=CONSULT/visit"]
    detailed = analyse("Pria itu menganiaya tetangganya. Penganiayaan itu terjadi pada Rabu.",
                       "id")
    assert rendered(detailed) == ["menganiaya=ASSAULT/beat", "Penganiayaan=ASSAULT/beat"]


# --- morphology ------------------------------------------------------------------------------

@pytest.mark.parametrize(("root", "templates", "form"), [
    ("serang", ["meN"], "menyerang"),
    ("tembak", ["meN"], "menembak"),
    ("kirim", ["meN"], "mengirim"),
    ("pukul", ["meN"], "memukul"),
    ("bunuh", ["meN"], "membunuh"),
    ("desak", ["meN"], "mendesak"),
    ("ancam", ["meN"], "mengancam"),
    ("larang", ["meN"], "melarang"),
    ("kritik", ["meN"], "mengkritik"),
    ("bom", ["meN"], "mengebom"),
    ("kerah", ["peN-an"], "pengerahan"),
    ("tangkap", ["peN-an"], "penangkapan"),
    ("sita", ["peN-an"], "penyitaan"),
    ("runding", ["per-an"], "perundingan"),
    ("bakar", ["ke-an"], "kebakaran"),
    ("kuasa", ["meN-i"], "menguasai"),
    ("tandatangan", ["meN-i"], "menandatangani"),
    ("ingat", ["memper-kan"], "memperingatkan"),
    ("tahan", ["di"], "ditahan"),
])
def test_indonesian_affixes(root: str, templates: list[str], form: str):
    assert form in expand_id(root, templates)


def test_indonesian_forms_only_what_the_lexicon_asks_for():
    assert "pertahanan" not in expand_id("tahan", ["meN", "di", "peN-an"])


@pytest.mark.parametrize(("verb", "forms"), [
    ("deploy", ["deploy", "deploys", "deployed", "deploying"]),
    ("ban", ["ban", "bans", "banned", "banning"]),
    ("urge", ["urge", "urges", "urged", "urging"]),
    ("try", ["try", "tries", "tried", "trying"]),
    ("die", ["die", "dies", "died", "dying"]),
])
def test_english_inflection(verb: str, forms: list[str]):
    assert en_verb_forms(verb) == forms


def test_phrases_inflect_their_head():
    assert expand_phrase("en", "evacuation order", ["N"]) == {"evacuation order",
                                                               "evacuation orders"}
    assert "called on" in expand_phrase("en", "call on", ["V"])
    assert "memutuskan hubungan" in expand_phrase("id", "putus hubungan", ["meN-kan"])


# --- lexicon and conditions ------------------------------------------------------------------

def _unit(word: str, start: int) -> Unit:
    return Unit(start, start + len(word), word.lower(), word[0].isupper(), word[0].isdigit(),
                word.lower())


def test_conditions_look_in_their_window():
    units = [_unit(w, i * 10) for i, w in enumerate("Tentara dikirim ke Rusia kemarin".split())]
    ctx = MatchContext(frozenset(), [frozenset()], 0, 0)
    assert Condition.parse("next:ke ^/1").holds(units, 1, 2, ctx)  # starts in the window
    assert Condition.parse("next:rusia/2").holds(units, 1, 2, ctx)
    assert not Condition.parse("next:rusia/1").holds(units, 1, 2, ctx)
    assert not Condition.parse("next:tentara/3").holds(units, 1, 2, ctx)
    assert Condition.parse("prev:tentara/1").holds(units, 1, 2, ctx)
    assert not Condition.parse("!prev:tentara/1").holds(units, 1, 2, ctx)


def test_rules_are_tried_in_order_and_not_event_rules_block():
    lexicon = parse_lexicon("id", [
        "serangan jantung\t=\t-",
        "serang\t-an\tASSAULT",
    ])
    assert [r.type for r in lexicon.words["serangan"]] == ["ASSAULT"]
    assert lexicon.phrases["serangan"][0][0] == ("jantung",)


@pytest.mark.parametrize("line", [
    "serang\tV\tATTACK",  # unknown type
    "serang\tV\tASSAULT\tbombing",  # mode of another vocabulary
    "serang\tV\tASSAULT\t\tabout:pasukan",  # unknown scope
    "serang\tV\tASSAULT\t\tdoc:dua kata",  # doc takes single words
    "serang\tV",  # too few columns
])
def test_bad_lexicon_lines_are_rejected(line: str):
    with pytest.raises(ValueError):
        parse_lexicon("id", [line])


@pytest.mark.parametrize("lang", LANGS)
def test_shipped_lexicons_load(lang: str):
    stage = EventStage(lang)
    assert len(stage.lexicon.words) > 300
