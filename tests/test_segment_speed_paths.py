"""Fast paths of the quantity, time and event stages held equal to their plain definitions
on random text (invented pieces, see random_text.py)."""

from __future__ import annotations

import random
import re

import pytest

from pantau.doc import Doc
from pantau.extract.events import EventStage
from pantau.extract.quantities import QuantityStage, lowered
from pantau.extract.times import TimeStage, _lower_literals
from pantau.extract.trigger_lexicon import strip_clitic, word_base
from pantau.lang import LANGUAGES
from pantau.text.patterns import alternation
from pantau.text.segment import SegmentStage
from random_text import random_texts


def _time_pieces(stage: TimeStage, rng: random.Random) -> list[str]:
    """Words the time rules read, in random cases, with digits and separators."""
    words = sorted({w for ws in stage.vocabulary.values() for w in ws if w})
    pieces = [" ", " ", "  ", "\n", ", ", ".", "/", "-", ":", "(", ")", "WIB", "GMT", "a.m.",
              "Kelvin\u212a", "1", "2", "19", "20", "2025", "1998", "31", "12.30", "05"]
    for word in rng.sample(words, min(len(words), 300)):
        pieces += [word, word.upper(), word.capitalize()]
    return pieces


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.span(), a.lastgroup) == (b.span(), b.lastgroup) and all(
        a.span(g) == b.span(g) for g in range(1, a.re.groups + 1))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lower_cased_time_rules_match_like_the_case_blind_ones(lang):
    stage = TimeStage(lang)
    rng = random.Random(7)
    pieces = _time_pieces(stage, rng)
    checked = 0
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        lower = lowered(text)
        if lower is None:
            continue
        for at in range(len(text)):
            for rules, pattern in stage.combined.items():
                assert _same(pattern.match(text, at),
                             stage.combined_lower[rules].match(lower, at)), (text, at)
            for single, single_lower in zip(stage.singles, stage.singles_lower, strict=True):
                assert _same(single.match(text, at), single_lower.match(lower, at)), (text, at)
            checked += 1
    assert checked > 1000


def test_lower_literals_keeps_escapes_groups_and_classes():
    assert _lower_literals(r"(?P<Month_1>Mei|JAN)\S\D(?P=Month_1)[^\W\d_]") == \
        r"(?P<Month_1>mei|jan)\S\D(?P=Month_1)[^\W\d_]"
    for bad in ("[A-Z]", "(?i)x", "\u0130"):
        with pytest.raises(ValueError):
            _lower_literals(bad)


def test_strip_clitic_is_its_plain_definition():
    def plain(word, clitics):
        for clitic in clitics:
            if word.endswith(clitic) and len(word) > len(clitic) + 2:
                return word[: -len(clitic)]
        return word

    clitics = ("nya", "lah", "pun", "kah", "'s")
    for word in ["rumahnya", "nya", "anya", "kapanpun", "dia's", "x's", "kata", "", "bukanlah",
                 "kasus-kasus", "kasus-kasusnya", "a-a"]:
        assert strip_clitic(word, clitics) == plain(word, clitics)
        assert strip_clitic(word, ()) == word
        left, dash, right = word.partition("-")
        assert word_base(word, clitics) == (left if dash and left == right
                                            else plain(word, clitics))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_event_word_span_agrees_with_the_spans_of_each_word(lang):
    segment, events = SegmentStage(lang), EventStage(lang)
    glued = ["terendamKampung", "kataDia", "rumahnya", "India’s"]
    for n, text in enumerate(random_texts(21, 600)):
        text += " " + glued[n % len(glued)] + " x."
        doc = Doc(id="t", text=text, lang=lang)
        segment(doc)
        sentences = events._words.sentences(doc)
        for index, words in enumerate(sentences.words):
            spans = sentences.spans(index)
            assert len(spans) == len(words)
            for first in range(len(words)):
                for last in range(first + 1, len(words) + 1):
                    assert sentences.span(index, first, last) == (spans[first][0],
                                                                  spans[last - 1][1])
            with pytest.raises(IndexError):
                sentences.span(index, 0, len(words) + 1)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numeral_candidates_are_their_plain_definition(lang):
    """One trie of currencies and number words finds where the separate ones did."""
    stage = QuantityStage(lang)
    currency = alternation(stage.lexicon.phrases("currency_before"))
    words = stage.numerals.word_pattern
    lead = rf"\d|(?:{currency})|(?:{words})" if currency else rf"\d|(?:{words})"
    plain = rf"[^0-9A-Za-z.,/:$](?<!\w)(?={lead})"
    rng = random.Random(3)
    vocabulary = [*stage.lexicon.phrases("currency_before"), *stage.numerals.words,
                  *stage.numerals.scales, *stage.numerals.adders]
    pieces = [" ", "  ", "(", ",", ".", "-", "$", "x", "ab", "7", "3.000", "\n", "é"]
    for word in vocabulary:
        pieces += [word, word.upper(), word.capitalize()]
    texts = random_texts(5, 500) + [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 15))) for _ in range(2000)]
    for flags, fast in ((0, stage.candidates_lower), (re.IGNORECASE, stage.candidates)):
        slow = re.compile(plain, flags)
        for text in texts:
            subject = text.lower() if not flags else text
            assert [m.span() for m in fast.finditer(subject)] == \
                [m.span() for m in slow.finditer(subject)], text
