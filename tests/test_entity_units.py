"""The entity stage's words taken from the segmenter's tokens are TOKEN_RE's words of the
text, and the stage finds the same mentions with them as without them."""

from __future__ import annotations

import pytest

from pantau.extract import entity_units
from pantau.extract.entities import EntityStage
from pantau.extract.gazetteer import TOKEN_RE
from pantau.text.segment import Segmenter
from random_text import random_texts


@pytest.mark.parametrize("lang", ["id", "en"])
def test_words_from_segmenter_tokens_are_the_token_regex_words(lang):
    segmenter = Segmenter(lang)
    for text in random_texts(21, 4000):
        tokens, _ = segmenter(text)
        matches = list(TOKEN_RE.finditer(text))
        expected = ([m.group() for m in matches], [m.start() for m in matches],
                    [m.end() for m in matches])
        assert entity_units._tokens_from(text, tokens) == expected, text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_stage_reuses_the_segmenter_tokens(lang):
    # No abbreviation of the language is a plain word (see ``_tokens_from``): were one
    # added, the stage would fall back to tokenising the text itself, more slowly.
    assert EntityStage(lang).reuse_tokens


@pytest.mark.parametrize("lang", ["id", "en"])
def test_mentions_are_the_same_with_and_without_segmenter_tokens(lang):
    stage, segmenter = EntityStage(lang), Segmenter(lang)
    texts = random_texts(22, 500) + [
        "Presiden Joko Widodo bertemu Dr. A.B. Santoso di Jakarta, kata U.S. officials.",
        "Kim Jong-un's envoy met O'Brien in Washington on 10-15 May; Rp17.700 was paid.",
    ]
    for text in texts:
        tokens, _ = segmenter(text)
        assert stage.find(text, tokens) == stage.find(text), text


def test_unit_compares_by_value():
    assert entity_units.Unit(1, 2) == entity_units.Unit(1, 2)
    assert entity_units.Unit(1, 2) != entity_units.Unit(1, 2, link=True)
    assert not entity_units.Unit(1, 2).known
    assert "link=True" in repr(entity_units.Unit(0, 1, link=True))


def test_capital_flags_and_mid_sentence_capitals_match_their_definition():
    stage = EntityStage("en")
    for text in random_texts(14, 2000) + ["3M and G20 met 3m x. 2024 A. Jr. Then\n\nNew York"]:
        reader = entity_units.UnitReader(text, stage.lexicon, stage.rules, stage.given)
        cap = [w[0].isupper() or w[0].isdigit() and not w.isdigit() and not w.islower()
               for w in reader.words]
        assert reader.cap == cap, text
        mid = {w for i, w in enumerate(reader.words) if cap[i] and not reader.opens_sentence(i)}
        assert all(reader.written_mid_sentence(w) == (w in mid) for w in reader.words), text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lower_case_words_outside_lowercase_firsts_match_no_known_name(lang):
    # Every known surface whose first word is not in ``lowercase_firsts``, written in
    # lower case mid-sentence (and with only its first word in lower case), matches nothing.
    stage = EntityStage(lang)
    lex = stage.lexicon
    allowed = lex.lowercase_firsts(stage.rules.lowercase_countries)
    assert allowed < frozenset(lex.lengths)
    pieces: list[tuple[str, ...]] = []
    for key, surfaces in lex.by_key.items():
        if key[0] in allowed:
            continue
        for s in surfaces:
            pieces.append(tuple(t.lower() for t in s.tokens))
            pieces.append((s.tokens[0].lower(), *s.tokens[1:]))
    text = " , ".join(" ".join(p) for p in pieces)
    reader = entity_units.UnitReader(text, lex, stage.rules, stage.given)
    assert reader.n > len(pieces)
    checked = 0
    for i in range(reader.n):
        if not reader.cap[i] and reader.folded[i] in lex.lengths \
                and reader.folded[i] not in allowed:
            assert reader.lexicon_match(i) is None, reader.words[i]
            checked += 1
    assert checked >= len(pieces)


def test_places_are_the_tokens_written_so():
    stage = EntityStage("en")
    for text in random_texts(15, 500) + ["(a) b (c) ab (a)\n\n(A) a"]:
        reader = entity_units.UnitReader(text, stage.lexicon, stage.rules, stage.given)
        for word in set(reader.words):
            expected = [k for k, w in enumerate(reader.words) if w == word]
            assert list(reader.places(word)) == expected, (text, word)
        assert list(reader.places("never written here")) == []


def test_form_table_computes_once_and_stays_bounded():
    from pantau.text.form_table import FormTable

    calls: list[str] = []
    table = FormTable(lambda w: calls.append(w) or w.upper(), limit=2)
    assert list(map(table.__getitem__, ["ab", "cd", "ab"])) == ["AB", "CD", "AB"]
    assert calls == ["ab", "cd"]
    assert table["ef"] == "EF"  # full: starts afresh
    assert len(table) == 1


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lengths_after_keep_every_length_the_next_token_allows(lang):
    lex = EntityStage(lang).lexicon
    assert set(lex.lengths_after) == set(lex.lengths)
    for key in lex.by_key:
        after = lex.lengths_after[key[0]]
        assert len(key) in (after.get(key[1], ()) if len(key) > 1 else after[""])
    for first, after in lex.lengths_after.items():
        for lengths in after.values():
            assert list(lengths) == sorted(lengths, reverse=True)
            assert set(lengths) <= set(lex.lengths[first])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_form_facts_match_their_definition_and_stay_bounded(lang, monkeypatch):
    stage = EntityStage(lang)
    rules = stage.rules
    name_words = frozenset({"bin", "von"})
    lower_firsts = frozenset({"von", "the", "3m"})
    lengths_after = {w: {"": (len(w),)} for w in (*lower_firsts, "g20", "bin", "é")}
    facts = entity_units.FormFacts(rules, name_words, lengths_after, lower_firsts)
    words = [w for text in random_texts(16, 300) for w in TOKEN_RE.findall(text)]
    words += ["3M", "G20", "2024", "3m", "Rp4", "RP5", "Von", "von", "BIN", "É", "ß", "ǅx"]
    words += [w.capitalize() for w in sorted(rules.non_names)[:20]]
    for chunk in (words[:50], words, words[25:]):  # some forms known, some new
        got = facts.of(chunk)
        assert got == [(w.casefold(), entity_units._is_cap(w),
                         entity_units._is_cap(w) or w.casefold() in name_words,
                         entity_units._is_name_form(rules, w),
                         lengths_after.get(w.casefold()) if entity_units._is_cap(w)
                         or w.casefold() in lower_firsts else None) for w in chunk]
    monkeypatch.setattr(entity_units, "MAX_FORMS", 10)
    # Full: it starts afresh, and still knows every form of the text it reads then.
    assert [f[0] for f in facts.of([*words[:30], "Xq"])] == [w.casefold() for w in words[:30]] \
        + ["xq"]
    assert len(facts.table) == len({*words[:30], "Xq"})
    assert [f[0] for f in facts.of(["Xa", *words[:5]])] == ["xa"] + [w.casefold()
                                                                    for w in words[:5]]
    assert len(facts.table) == len({"Xa", *words[:5]}) <= 10
