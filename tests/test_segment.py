"""Sentence and token splitting: the per-language example corpora, offsets, invariants."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pantau.doc import Doc
from pantau.lang import LANGUAGES, data_path
from pantau.text.segment import Segmenter, SegmentStage, rules_for, tokenize_chunk, tokenize_line

LANGS = LANGUAGES
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _examples(name: str) -> list[tuple[str, str, str]]:
    rows = []
    for lang in LANGS:
        path = data_path(lang, f"examples/{name}.tsv")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                text, expected = line.split("\t")
                rows.append((lang, text.replace("\\n", "\n"), expected))
    return rows


@pytest.mark.parametrize(("lang", "text", "expected"), _examples("sentences"))
def test_sentence_examples(lang, text, expected):
    _, sentences = Segmenter(lang)(text)
    assert " ‖ ".join(text[s.start:s.end] for s in sentences) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), _examples("tokens"))
def test_token_examples(lang, text, expected):
    tokens, _ = Segmenter(lang)(text)
    assert [t.text for t in tokens] == expected.split(" ")


def _check_invariants(text: str, lang: str) -> None:
    tokens, sentences = Segmenter(lang)(text)
    # Tokens are ordered, non-overlapping, non-empty, exact, and cover every
    # non-space character.
    covered = 0
    prev_end = 0
    for tok in tokens:
        assert prev_end <= tok.start < tok.end
        assert text[tok.start:tok.end] == tok.text
        assert not any(ch.isspace() for ch in tok.text)
        covered += tok.end - tok.start
        prev_end = tok.end
    assert covered == sum(not ch.isspace() for ch in text)
    # Sentences partition the tokens in order, and no sentence spans a line break.
    expected_first = 0
    for sent in sentences:
        assert sent.first_token == expected_first < sent.last_token
        assert sent.start == tokens[sent.first_token].start
        assert sent.end == tokens[sent.last_token - 1].end
        assert "\n" not in text[sent.start:sent.end]
        expected_first = sent.last_token
    assert expected_first == len(tokens)


def test_invariants_on_random_text():
    rng = random.Random(7)
    alphabet = list("abcXYZ019 .,;:!?\"'“”‘’()-/…\n\u00a0") + ["Dr.", "U.S.", "3.000", " ", " "]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        for lang in LANGS:
            _check_invariants(text, lang)


def test_fast_path_matches_full_regex():
    # Plain words skip the token regex; the result must be what the regex gives.
    text = ("Pasukan tiba, 3.000 orang. Kata Dr. Budi: dll. X. India's U.S. rebels; "
            "Rp17.700 ab. 12. 1. soon...")
    for lang in LANGS:
        rules = rules_for(lang)
        slow: list[tuple[int, int, str]] = []
        tokenize_chunk(text, 0, len(text), rules, slow)
        assert tokenize_line(text, 0, len(text), rules) == slow


def test_stage_fills_doc_layers():
    doc = Doc(id="t", text="Banjir melanda.\nWarga mengungsi ke masjid.", lang="id")
    SegmentStage("id")(doc)
    assert [doc.text[s.start:s.end] for s in doc.sentences] == [
        "Banjir melanda.", "Warga mengungsi ke masjid."]
    assert [t.text for t in doc.sentence_tokens(doc.sentences[1])] == [
        "Warga", "mengungsi", "ke", "masjid", "."]
    assert doc.sentence_at(doc.text.index("masjid")) is doc.sentences[1]


def test_empty_and_blank_text():
    for text in ("", "   ", "\n\n \n"):
        assert Segmenter("id")(text) == ([], [])


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (not a CI checkout)")
def test_invariants_on_corpus():
    for name in ("seed.jsonl", "dev.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            _check_invariants(doc["text"], doc["lang"])


# Chunks of invented text: quoted, bracketed and hyphenated words, and the look-alikes the
# token regex reads otherwise (an abbreviation, an initial, a digit range, a URL, a clitic).
_SHORTCUT_CHUNKS = ['"Kami', "“Ya", "(TNI)", "(TNI).", "(2026),", "kata-kata", "Jong-un,", "21-day",
                    'dia,"', "dia.”", "Ya?!”", "itu...", "(Kab.", "(A.", "(No.", "10-15", "(www.)",
                    "'ok'", "Bank’s", "a-", "-a", "(x@y)", "«kata»", "[3]", "x_y", "(Dr.)", "A-1",
                    "1-A", "(9-9)", "B.J.", "'Kab", "“Sdr.", "(é-2).", "_a", "a;:", "(M4,6)"]


@pytest.mark.parametrize("lang", LANGS)
def test_quoted_word_shortcut_finds_what_the_token_regex_finds(lang):
    from pantau.text.segment import _quoted_word

    rules = rules_for(lang)
    rng = random.Random(7)
    marks = list("\"“”‘’'()[]«»,.;:?!-") + ["a", "Z", "9", "é", "Kab", "No", "www", "_"]
    chunks = _SHORTCUT_CHUNKS + ["".join(rng.choice(marks) for _ in range(rng.randint(1, 6)))
                                 for _ in range(20000)]
    taken = 0
    for chunk in chunks:
        text = f"x {chunk} y"
        fast = _quoted_word(chunk, 2, rules)
        if fast is None:
            continue
        taken += 1
        slow: list[tuple[int, int, str]] = []
        tokenize_chunk(text, 2, 2 + len(chunk), rules, slow)
        assert fast == slow, chunk
    assert taken > 1000
    abbreviation = min(a for a in rules.abbreviations if a[:-1].isalnum())
    for refused in (f"({abbreviation}", "(A.", "10-15", "Bank’s", "(x@y)"):
        assert _quoted_word(refused, 0, rules) is None, refused


def test_layouts_kept_across_documents_change_nothing():
    # A chunk's tokens are read once and kept: a segmenter that has seen many texts splits
    # each as a fresh one does.
    rng = random.Random(11)
    alphabet = ["kata", "Dr.", "U.S.", "3.000", "(TNI),", '"Kami', "dia.”", "X.", "India’s",
                "10-15", "www.contoh.id", "…", "?!", " ", " ", " ", "\n", "\u00a0", "a-", "1."]
    for lang in LANGS:
        warm = Segmenter(lang)
        for _ in range(2000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            assert warm(text) == Segmenter(lang)(text), text
        assert warm.layouts


def test_chunk_layout_is_what_the_line_gives():
    from pantau.text.segment import chunk_layout

    for lang in LANGS:
        rules = rules_for(lang)
        for chunk in _SHORTCUT_CHUNKS + ["kata,", "kata.", "Dr.", "U.S.", "Rp17.700", "3.000."]:
            text = f"x {chunk} y"
            expected = tokenize_line(text, 0, len(text), rules)[1:-1]
            got = [(2 + s, 2 + e, kind) for s, e, kind, part, _ in chunk_layout(chunk, rules)]
            assert got == expected, chunk
            assert all(chunk[s:e] == part for s, e, _, part, _ in chunk_layout(chunk, rules))
