"""The fast paths of cleaning, segmenting and entity tokenising give what the plain
definitions give: random texts with every kind of whitespace and punctuation."""

from __future__ import annotations

import sys

import pytest

from pantau.extract import entity_units
from pantau.extract.entities import EntityStage
from pantau.extract.gazetteer import TOKEN_RE
from pantau.text import clean as clean_module
from pantau.text.segment import rules_for, tokenize_chunk, tokenize_line
from random_text import random_texts


@pytest.mark.parametrize("lang", ["id", "en"])
def test_line_tokens_match_the_full_regex(lang):
    rules = rules_for(lang)
    for text in random_texts(11, 3000):
        text = text.replace("\n", " ")  # one line
        slow: list[tuple[int, int, str]] = []
        tokenize_chunk(text, 0, len(text), rules, slow)
        assert tokenize_line(text, 0, len(text), rules) == slow, text


def test_entity_tokens_match_the_token_regex():
    for text in random_texts(12, 3000):
        matches = list(TOKEN_RE.finditer(text))
        expected = ([m.group() for m in matches], [m.start() for m in matches],
                    [m.end() for m in matches])
        assert entity_units._tokens(text) == expected, text


def _sentence_starts_by_definition(reader: entity_units.UnitReader) -> list[bool]:
    """The rule as first written, token by token."""
    words, starts, ends = reader.words, reader.starts, reader.ends
    out = [True] * reader.n
    for i in range(1, reader.n):
        prev = words[i - 1]
        if prev in entity_units.SENTENCE_OPENERS or (
                starts[i] - ends[i - 1] > 1 and "\n" in reader.text[ends[i - 1]:starts[i]]):
            continue
        out[i] = prev == "." and not (i >= 2 and (
            (len(words[i - 2]) == 1 and words[i - 2].isupper())
            or reader.folded[i - 2] in entity_units.ABBREVIATIONS))
    return out


def test_sentence_starts_match_their_definition():
    stage = EntityStage("en")
    for text in random_texts(13, 2000) + ["A. B. said.\n\nThen\n\t(he) left. J. Jr. x"]:
        reader = entity_units.UnitReader(text, stage.lexicon, stage.rules, stage.given)
        opens = [reader.opens_sentence(i) for i in range(reader.n)]
        assert opens == _sentence_starts_by_definition(reader), text


def test_untidy_prefilter_never_misses_an_untidy_character():
    # Every character the tidy regex looks for is unprintable or "Â", so the quick
    # isprintable() scan may skip the regex only when the regex would find nothing.
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    untidy = clean_module._UNTIDY_CHAR_RE.findall(every_character)
    assert untidy
    for ch in untidy:
        assert clean_module._may_be_untidy(f"ab{ch}cd\n"), hex(ord(ch))
    assert not clean_module._may_be_untidy("Plain text,\nwith “quotes” and é.\n")
