import re

import pytest

from pantau.doc import Doc
from pantau.extract.entities import EntityStage
from pantau.extract.gazetteer import (
    DATA_DIR,
    capital_of,
    countries,
    given_names,
    lexicon_for,
    patterns,
)
from pantau.lang import LANG_DIR
from pantau.record import ENTITY_TYPES


@pytest.fixture(scope="module", params=["id", "en"])
def stage(request):
    return EntityStage(request.param)


def stage_for(lang: str) -> EntityStage:
    return _STAGES.setdefault(lang, EntityStage(lang))


_STAGES: dict[str, EntityStage] = {}


def found(lang: str, text: str) -> list[tuple[str, str, str]]:
    return [(text[m.start:m.end], m.type, m.name) for m in stage_for(lang).find(text)]


# --- the examples corpora (lang/<lang>/examples/entities.tsv) ----------------------------------

def _examples():
    for lang in ("id", "en"):
        path = LANG_DIR / lang / "examples" / "entities.tsv"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("#") or not line.strip():
                continue
            sentence, _, expected = line.partition("\t")
            mentions = [tuple(m.strip().split("|")) for m in expected.split(" ; ") if m.strip()]
            yield pytest.param(lang, sentence, mentions, id=f"{lang}:{n}")


@pytest.mark.parametrize("lang,sentence,expected", list(_examples()))
def test_examples(lang, sentence, expected):
    assert found(lang, sentence) == expected


def test_examples_corpora_are_large_enough():
    for lang in ("id", "en"):
        lines = [line for line in (LANG_DIR / lang / "examples" / "entities.tsv")
                 .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
        assert len(lines) >= 40, lang


# --- behaviour -------------------------------------------------------------------------------

def test_short_acronyms_match_only_in_capitals():
    assert found("id", "Dia datang ke AS minggu lalu.") == [("AS", "GPE", "United States")]
    assert found("id", "Dia bekerja as usual.") == []


def test_a_country_in_a_currency_is_no_mention():
    assert found("id", "Rupiah melemah terhadap dolar AS hari ini.") == []


def test_partial_and_variant_names_join_the_full_name():
    text = "Kim Jong Un tiba. Kim Jong-un lalu bertemu pejabat. Kim tersenyum."
    names = {name for _, _, name in found("id", text)}
    assert names == {"Kim Jong Un"}
    assert len(found("id", text)) == 3


def test_an_unknown_surname_joins_the_earlier_full_name():
    text = "Opposition leader Tomas Varga spoke first. Later Varga left the hall."
    assert found("en", text) == [("Tomas Varga", "PER", "Tomas Varga"),
                                 ("Varga", "PER", "Tomas Varga")]


def test_acronym_in_parentheses_names_the_organisation():
    text = "Forum Nelayan Pesisir (FNP) menggelar aksi. FNP menuntut ganti rugi."
    mentions = found("id", text)
    assert [m[0] for m in mentions] == ["Forum Nelayan Pesisir", "FNP", "FNP"]
    assert {m[1] for m in mentions} == {"ORG"}
    assert {m[2] for m in mentions} == {"Forum Nelayan Pesisir"}


def test_initials_in_capitals_are_the_person():
    text = "Polisi menangkap Rahmat Hidayat Saputra. RHS dibawa ke kantor polisi."
    assert found("id", text)[-1] == ("RHS", "PER", "Rahmat Hidayat Saputra")


def test_a_capital_carries_its_country():
    mention = stage_for("id").find("Delegasi tiba di Moskow.")[0]
    assert (mention.name, mention.country) == ("Moscow", "Russia")
    assert capital_of("Moscow") == "Russia"
    assert capital_of("Surabaya") is None


def test_a_city_from_the_gazetteer_carries_its_country():
    mention = stage_for("en").find("Protesters gathered in Mombasa.")[0]
    assert (mention.type, mention.name, mention.country) == ("GPE", "Mombasa", "Kenya")


def test_sentence_openers_are_not_names():
    assert found("id", "Akibatnya, jalan tertutup. Menurutnya, hujan akan reda.") == []
    assert found("en", "Meanwhile, prices rose. However, demand fell.") == []


def test_stage_fills_the_doc_and_entities_cluster_by_name():
    doc = Doc(id="t", lang="id", text="Presiden Prabowo menerima Presiden AS. Prabowo tersenyum.")
    stage_for("id")(doc)
    entities = {(e.type, e.name): e for e in doc.entities()}
    assert len(entities[("PER", "Prabowo Subianto")].mentions) == 2
    assert entities[("GPE", "United States")].kb == "US"


def test_mentions_do_not_overlap_and_point_into_the_text(stage):
    text = ("Menteri Luar Negeri Sugiono bertemu Wang Yi di Beijing. The UN Security Council met "
            "in New York on Monday, diplomats said.")
    mentions = stage.find(text)
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start
    for m in mentions:
        assert text[m.start:m.end].strip() == text[m.start:m.end]
        assert m.type in ENTITY_TYPES


# --- data files ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [DATA_DIR / "entities.tsv", LANG_DIR / "id" / "entities.tsv",
                                  LANG_DIR / "en" / "entities.tsv"], ids=lambda p: p.parent.name)
def test_curated_lexicon_rows_are_well_formed(path):
    codes = countries()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert 3 <= len(cols) <= 6, line
        assert cols[1] in ENTITY_TYPES, line
        assert cols[2].strip() == cols[2] and cols[2], line
        if len(cols) > 3 and cols[3] and cols[1] != "GPE":
            assert re.fullmatch(r"Q\d+", cols[3]), line
        if len(cols) > 4 and cols[4]:
            assert cols[4] in codes, line


def test_generated_gazetteer_is_present_and_small():
    assert countries()["ID"] == ("Indonesia", "Jakarta")
    assert countries()["KP"][0] == "North Korea"
    size = sum(p.stat().st_size for p in DATA_DIR.iterdir())
    assert size < 2_000_000
    assert 1000 < len(given_names()) < 5000
    for lang in ("id", "en"):
        assert ("korea", "utara") in lexicon_for("id").by_key
        assert patterns(lang)["person_titles"]
