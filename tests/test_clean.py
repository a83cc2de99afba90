"""Cleaning: repairs, whitespace rules, the offset map, and clean text left alone."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pantau.text.clean import clean

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.mark.parametrize(("raw", "expected"), [
    ("Banjir di CafÃ© Bandung", "Banjir di Café Bandung"),  # UTF-8 read as Latin-1
    ("donâ€™t go", "don’t go"),  # UTF-8 read as cp1252
    ("biayaÂ. Lalu", "biaya. Lalu"),  # stray Â that ftfy leaves
    ("Jakarta Â - Polisi", "Jakarta - Polisi"),
    ("RUMAH ROMÂ", "RUMAH ROMÂ"),  # a capital word may end in a real Â
    ("Cafe\u0301 baru", "Café baru"),  # NFC
    ("satu\u00a0dua\u2009tiga\tempat", "satu dua tiga empat"),  # other spaces
    ("zero\u200bwidth\ufeff soft\u00adhyphen", "zerowidth softhyphen"),
    ("dua  spasi   atau\u00a0 lebih", "dua spasi atau lebih"),
    ("baris\r\nbaru\rlama", "baris\nbaru\nlama"),
    ("spasi di akhir  \nbaris", "spasi di akhir\nbaris"),
    ("paragraf\n\n\n\n  kedua", "paragraf\n\nkedua"),
    ("paragraf\n \n\t\nkedua", "paragraf\n\nkedua"),
    ("  \n judul\n\n", "judul"),
    ("kontrol\x07 karakter\x1b", "kontrol karakter"),
    ("sampah \x07 di antara Â\nspasi", "sampah di antara\nspasi"),
    ("“Kutipan” ‘tetap’ — dan ﬁ ｆ", "“Kutipan” ‘tetap’ — dan ﬁ ｆ"),  # not rewritten
])
def test_repairs(raw, expected):
    assert clean(raw).text == expected


@pytest.mark.parametrize("text", [
    "", "Teks bersih.", "Judul\n\nParagraf satu.\nBaris dua.", "Naïve café à la “mode”.",
])
def test_clean_text_is_returned_unchanged(text):
    cleaned = clean(text)
    assert cleaned.text == text
    assert not cleaned.changed
    assert cleaned.span_to_original((0, len(text))) == (0, len(text))


def test_spans_map_back_over_repairs():
    raw = "  Presiden  tiba di CafÃ©\u00a0Merdeka.\r\n\r\n\r\nIa  pulang."
    cleaned = clean(raw)
    assert cleaned.text == "Presiden tiba di Café Merdeka.\n\nIa pulang."
    for word in ("Presiden", "tiba", "Merdeka", "pulang"):
        start = cleaned.text.index(word)
        s, e = cleaned.span_to_original((start, start + len(word)))
        assert raw[s:e] == word
    start = cleaned.text.index("Café")
    s, e = cleaned.span_to_original((start, start + 4))
    assert raw[s:e] == "CafÃ©"  # the repaired span covers the whole broken sequence
    assert cleaned.to_original(len(cleaned.text)) == len(raw)


def _random_text(rng: random.Random) -> str:
    pieces = list("abcXYZ.,\"'") + [
        " ", " ", "  ", "\n", "\n\n\n", "\r\n", "\t", "\u00a0", "\u200b", "\u2028", "\x07",
        "é", "e\u0301", "“", "”", "Â", "Ã©", "â€™", " \n ", "Ü", "ß"]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))


def test_property_unchanged_characters_map_to_themselves():
    rng = random.Random(11)
    for _ in range(3000):
        raw = _random_text(rng)
        cleaned = clean(raw)
        text = cleaned.text
        if not any("\u00c0" <= ch <= "\u00ff" for ch in raw):  # ftfy's guesses hang on context
            assert text == clean(text).text  # idempotent
        last = -1
        for i, ch in enumerate(text):
            orig = cleaned.to_original(i)
            assert orig >= last  # the map never goes backwards
            last = orig
            if ch.isalnum() and raw[orig] == ch:
                s, e = cleaned.span_to_original((i, i + 1))
                assert (s, e) == (orig, orig + 1)
            if ch in "abcXYZ.,\"'“”":  # characters cleaning never produces or rewrites
                assert raw[orig] == ch


def test_offset_map_is_monotonic_on_spans():
    raw = "a\u00a0\u00a0b   c\u200bd\n\n\n\ne"
    cleaned = clean(raw)
    assert cleaned.text == "a b cd\n\ne"
    spans = [cleaned.span_to_original((i, j)) for i in range(len(cleaned.text))
             for j in range(i + 1, len(cleaned.text) + 1)]
    assert all(s < e <= len(raw) for s, e in spans)
    assert cleaned.span_to_original((0, len(cleaned.text))) == (0, len(raw))


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (not a CI checkout)")
def test_corpus_texts_are_nearly_all_unchanged():
    changed = []
    total = 0
    for name in ("seed.jsonl", "dev.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            total += 1
            cleaned = clean(doc["text"])
            if cleaned.changed:
                changed.append(doc["id"])
                # a repair never changes the text by more than a few characters
                assert abs(len(cleaned.text) - len(doc["text"])) < 10
    assert len(changed) <= 2, changed
    assert total > 40
