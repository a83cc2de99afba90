"""sentence_view: the words a view takes from the segmenter's tokens are WORD_RE's words.

A view reads its words off ``doc.tokens`` where WORD_RE would split the sentence alike and
runs WORD_RE where it might not; either way the words must be exactly WORD_RE's.
"""

from __future__ import annotations

import random

import pytest

from pantau.doc import Doc
from pantau.extract.sentence_view import WORD_RE, segmenter_words
from pantau.text.segment import SegmentStage

LANGS = ("en", "id")


def _regex_words(text: str, start: int, end: int) -> tuple[list[int], list[int], list[str]]:
    matches = list(WORD_RE.finditer(text, start, end))
    return [m.start() for m in matches], [m.end() for m in matches], [m.group() for m in matches]


def _check(text: str, lang: str) -> tuple[int, int]:
    """(sentences read off the tokens, sentences left to WORD_RE); fails on a difference."""
    doc = Doc(id="t", text=text, lang=lang)
    SegmentStage(lang)(doc)
    taken = left = 0
    for sent in doc.sentences:
        words = segmenter_words(doc.tokens[sent.first_token:sent.last_token], sent.start,
                                sent.end)
        if words is None:
            left += 1
            continue
        taken += 1
        assert words == _regex_words(text, sent.start, sent.end), text[sent.start:sent.end]
    return taken, left


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("text", [
    "Polisi menangkap dua tersangka di Kota Baru, Senin.",
    "The council's vote came after the mayor’s speech; nobody objected.",
    "Anak-anak itu pulang (setelah banjir) ke rumah masing-masing!",
    'He said: "We will not go back." Then he left.',
    "Harga naik menjadi Rp17.700 per liter pada 10/3/2025 pukul 14:05.",
    "The U.S. envoy met Dr. Rahman at 5,25 a.m. in the city.",
    "They don't know what we'd do… Nor do I.",
    "Email tips@example.org or see www.example.org/news #update @desk.",
    "snake_case words_and a _ stand alone",
    "Ia berkata'kami siap'dan pergi. Jum'at lalu hujan -- deras --sekali.",
])
def test_token_words_are_regex_words(text: str, lang: str) -> None:
    _check(text, lang)


def test_plain_sentences_use_the_tokens() -> None:
    taken, left = _check("Warga kota itu mengungsi, kata kepala desa. Hujan turun lagi.", "id")
    assert taken == 2 and left == 0


def test_tricky_tokens_fall_back_to_the_regex() -> None:
    # "U.S." is one token to the segmenter, "U.S" and "." to WORD_RE; "do" + "n't" one word
    for text in ("The U.S. said so.", "They don't agree", "Rp17.700 saja"):
        assert _check(text, "en") == (0, 1)


@pytest.mark.parametrize("seed", range(4))
def test_random_text(seed: int) -> None:
    pieces = ["kata", "Said", "x", "s", "ab", "9", "_", "-", ".", "'", "’", ",", ";", ":", "!",
              '"', "“", "”", "(", ")", "/", "#", "@", "…", "é", "e\u0301", " ", " ", " ", " ",
              "\n", "\t", "\u00a0", "Dr.", "U.S.", "n't", "'s", "’s", "Rp", "3.000", "5,25",
              "Jong-un", "...", "http://x.example/a", "a@b.example"]
    rnd = random.Random(seed)
    for _ in range(400):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25)))
        for lang in LANGS:
            _check(text, lang)
