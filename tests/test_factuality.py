"""FactualityStage: the example corpora of both languages and the cue scoping rules."""

from __future__ import annotations

from functools import cache

import pytest

from pantau.extract.factuality import FactualityStage, load_hedges
from pantau.lang import data_path
from pantau.record import CERTAINTIES, STATUSES
from test_arguments import LANGS, parse_example, read_examples


@cache
def stage(lang: str) -> FactualityStage:
    return FactualityStage(lang)


def judge(lang: str, marked: str):
    ex = parse_example(marked)
    doc = ex.doc(lang, "ASSAULT")
    stage(lang)(doc)
    return ex.target(doc)


@pytest.mark.parametrize(("lang", "marked", "status", "certainty", "negated"),
                         read_examples("factuality", 4))
def test_factuality_examples(lang, marked, status, certainty, negated):
    e = judge(lang, marked)
    assert (e.status, e.certainty, e.negated) == (status, certainty, negated == "true")


@pytest.mark.parametrize("lang", LANGS)
def test_hedge_files_use_known_values(lang):
    _, hedges = load_hedges(lang)
    assert hedges
    for cue, entries in hedges.items():
        for h in entries:
            assert h.field in ("status", "certainty", "negated"), cue
            assert h.value in STATUSES + CERTAINTIES + ("true",), cue
            assert h.where in ("before", "after", "both", "clause"), cue
            assert h.reach >= 0, cue


@pytest.mark.parametrize("lang", LANGS)
def test_example_file_is_large_enough(lang):
    rows = [r for r in data_path(lang, "examples/factuality.tsv").read_text("utf-8").splitlines()
            if r.strip() and not r.startswith("#")]
    assert len(rows) >= 40


def test_cue_does_not_reach_across_a_clause():
    e = judge("id", "Presiden akan berpidato, sementara polisi {menangkap} para perusuh.")
    assert e.status == "occurred"


def test_cue_governs_the_nearest_trigger_only():
    e = judge("en", "Police will {arrest} the leaders and {*question} them.")
    assert e.status == "occurred"  # "will" is the first verb's; the second is told as done


def test_cue_too_far_from_the_trigger_does_not_count():
    e = judge("id", "Tidak ada yang tahu kapan pasukan kedua negara itu {menyerang}.")
    assert e.negated is False


def test_named_source_is_not_a_hedge():
    e = judge("id", "Dilaporkan bahwa pasukan {menyerang} desa itu, kata juru bicara militer.")
    assert e.certainty == "asserted"
