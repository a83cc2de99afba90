"""The entity stage's shortcuts give what the plain reading gives: lone units read without
``_read_run``'s checks for longer runs, name words that touch no token, and the lexicon
lookups the facts of a word's form spare."""

from __future__ import annotations

import random

import pytest

from pantau.extract import entities, entity_units
from pantau.extract.entities import EntityStage
from pantau.text.segment import Segmenter
from random_text import PIECES


def _name_texts(stage: EntityStage, seed: int, count: int) -> list[str]:
    """Random texts of the words the stage reads (known surfaces, titles, heads, links,
    common and first names, as written and in other cases) between awkward pieces."""
    rules, lex = stage.rules, stage.lexicon
    rng = random.Random(seed)
    words: list[str] = []
    for group in (rules.titles, rules.fillers, rules.links, rules.org_words, rules.org_suffixes,
                  rules.non_names, rules.speech_verbs, rules.verbs_after, rules.locatives,
                  rules.place_suffixes, rules.head_firsts, rules.non_entity_firsts,
                  rules.lowercase_heads, rules.org_nouns_after, rules.non_entity_before):
        words += sorted(group)
    for group, size in ((rules.common, 300), (stage.given, 200)):
        words += rng.sample(sorted(group), min(size, len(group)))
    words += [" ".join(s.tokens) for key in rng.sample(sorted(lex.by_key), 600)
              for s in lex.by_key[key]]
    words += ["Xq", "Vbnor", "Kelu", "Tadimo", "QRX", "Bu", "(", ")", ",", ".", "-", "’s"]
    cases = (str, str, str.capitalize, str.upper, str.lower)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 30)):
            if rng.random() < 0.15:
                parts.append(rng.choice(PIECES))
            else:
                parts.append(rng.choice(cases)(rng.choice(words)))
            parts.append(rng.choice((" ", " ", " ", ". ", ", ", "\n", "")))
        texts.append("".join(parts))
    return texts


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lone_units_are_read_as_any_run(lang, monkeypatch):
    stage, segmenter = EntityStage(lang), Segmenter(lang)
    texts = _name_texts(stage, 41, 1500)
    found = [stage.find(text, segmenter(text)[0]) for text in texts]
    monkeypatch.setattr(entities._Reader, "_read_lone_unit", lambda self, run: False)
    for text, mentions in zip(texts, found, strict=True):
        assert stage.find(text, segmenter(text)[0]) == mentions, text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_name_words_touching_no_token_need_no_checks(lang):
    stage = EntityStage(lang)
    checked = 0
    for text in _name_texts(stage, 42, 800):
        reader = entity_units.UnitReader(text, stage.lexicon, stage.rules, stage.given)
        for i in range(reader.n):
            if reader.facts[i][1] and reader.facts[i][3] and not reader.glued(i) \
                    and not (i + 1 < reader.n and reader.glued(i + 1)):
                assert reader._is_name_word(i), (text, i)
                assert reader._word_end(i) == i + 1, (text, i)
                assert not reader._compound_adjective(i, i + 1), (text, i)
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize("lang", ["id", "en"])
def test_form_facts_spare_only_lookups_that_find_nothing(lang):
    stage = EntityStage(lang)
    lower_firsts = stage.lexicon.lowercase_firsts(stage.rules.lowercase_countries)
    matched = 0
    for text in _name_texts(stage, 43, 800):
        reader = entity_units.UnitReader(text, stage.lexicon, stage.rules, stage.given)
        for i in range(reader.n):
            after = reader.facts[i][4]
            if reader.facts[i][1] or reader.folded[i] in lower_firsts:
                assert after is stage.lexicon.lengths_after.get(reader.folded[i])
            else:
                assert after is None
            if after is not None:
                lengths = after.get(reader.folded[i + 1], after[""]) if i + 1 < reader.n \
                    else after[""]
                got = reader._longest_match(i, lengths) if lengths else None
                assert got == reader.lexicon_match(i), (text, i)
                matched += got is not None
    assert matched > 500


def test_punctuation_skipped_in_c_is_token_regex_tokens():
    for mark in entity_units._PUNCTUATION:
        assert len(mark) == 1 and not mark.isalnum()
        assert entity_units.TOKEN_RE.findall(mark) == [mark]
