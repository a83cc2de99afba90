"""sentence_view: the words a view takes from the segmenter's tokens are WORD_RE's words.

A view reads its words off ``doc.tokens`` where WORD_RE would split the sentence alike and
runs WORD_RE where it might not; either way the words must be exactly WORD_RE's.
"""

from __future__ import annotations

import random

import pytest

from pantau.doc import Doc
from pantau.extract.sentence_view import WORD_RE, language, token_words
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
    forms = language(lang).forms
    for sent in doc.sentences:
        words = token_words(doc.tokens[sent.first_token:sent.last_token], sent.start,
                            sent.end, forms)
        if words is None:
            left += 1
            continue
        taken += 1
        assert words[:3] == _regex_words(text, sent.start, sent.end), text[sent.start:sent.end]
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


def _check_mended(text: str, lang: str) -> int:
    """The words a view takes (tokens, mended where WORD_RE may read them otherwise) are
    WORD_RE's, with their lower case; returns how many sentences needed mending."""
    doc = Doc(id="t", text=text, lang=lang)
    SegmentStage(lang)(doc)
    forms = language(lang).forms
    mended = 0
    for sent in doc.sentences:
        tokens = doc.tokens[sent.first_token:sent.last_token]
        words = token_words(tokens, sent.start, sent.end, forms, text)
        if words is None:
            continue  # (tokens not covering the sentence: the view reads the text)
        mended += token_words(tokens, sent.start, sent.end, forms) is None
        starts, ends, texts, lows, _ = words
        assert (starts, ends, texts) == _regex_words(text, sent.start, sent.end), text
        assert lows == [t.lower() for t in texts]
    return mended


def test_tricky_tokens_are_mended() -> None:
    assert _check_mended("The U.S. envoy met Dr. Rahman at 5,25 a.m. today.", "en") == 1
    assert _check_mended("Harga Rp17.700 naik, kata Jum'at warga don't.", "id") == 1


@pytest.mark.parametrize("seed", range(4))
def test_random_text_mended(seed: int) -> None:
    pieces = ["kata", "Said", "x", "s", "S", "ab", "9", "_", "-", ".", "'", "’", ",", ";", "!",
              '"', "“", "(", ")", "/", "#", "@", "…", "é", "e\u0301", " ", " ", " ", "\n",
              "\u00a0", "Dr.", "U.S.", "n't", "'s", "’s", "'S", "Rp", "3.000", "5,25",
              "Jong-un", "...", "http://x.example/a", "a@b.example", "İ"]
    rnd = random.Random(seed)
    for _ in range(400):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30)))
        for lang in LANGS:
            _check_mended(text, lang)


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


# ----------------------------------------------------------------------------- fast paths
# The lookups below have shortcuts (a one-word phrase table, narrowed word flags, a class
# the language lacks read as empty); they must answer as the plain forms do.

def _match_by_loop(table, lows: list[str], i: int, cls: str | None = None):
    """PhraseTable.match without its one-word shortcut."""
    longest = table.longest.get(lows[i])
    if longest is None:
        return None
    for n in range(min(longest, len(lows) - i), 0, -1):
        hit = table.entries.get(tuple(lows[i:i + n]))
        if hit and (cls is None or cls in hit):
            return n, (cls or next(iter(hit)))
    return None


@pytest.mark.parametrize("lang", LANGS)
def test_phrase_match_shortcut_agrees_with_the_loop(lang: str) -> None:
    from pantau.extract.sentence_view import language

    data = language(lang)
    for table in (data.words, data.party_words, data.cues):
        firsts = sorted({key[0] for key in table.entries})
        for first in firsts:
            for lows in ([first], [first, "zzz"], [first, first, "the", "of"]):
                for cls in (None, "descriptor", "pronoun", "undergoer", "after"):
                    assert table.match(lows, 0, cls) == _match_by_loop(table, lows, 0, cls)


@pytest.mark.parametrize("lang", LANGS)
def test_missing_word_class_reads_empty(lang: str) -> None:
    from pantau.extract.sentence_view import language

    data = language(lang)
    assert data.classes["no such class"] == frozenset()
    assert not data.has("no such class", "word")
    assert data.words_of("no such class") == frozenset()


@pytest.mark.parametrize("lang", LANGS)
def test_party_flag_marks_only_words_that_may_open_a_party(lang: str) -> None:
    from pantau.extract.sentence_view import PARTY_FIRST, language

    data = language(lang)
    clitics = data.clitics
    words = list(data.party_words.longest) + [w + c for w in ("rumah", "partai", "house")
                                              for c in clitics] + ["plain", "kata"]
    for w in words:
        may_open = w in data.party_words.longest or bool(
            clitics and w.endswith(clitics) and data.bare(w) in data.classes["descriptor"])
        assert bool(data.flags_of(w) & PARTY_FIRST) == may_open


def _piece_by_phrase_table(lang, low: str) -> tuple[int, str, str] | None:
    """What _pieces reads at a lone word through the phrase table: (length, class, gloss)."""
    hit = lang.party_words.match([low], 0) if low in lang.party_words.longest else None
    if hit is None and lang.clitics and low.endswith(lang.clitics) \
            and lang.bare(low) in lang.classes["descriptor"]:
        hit = (1, "descriptor")
    if hit is None:
        return None
    n, cls = hit
    key = (low,) if n > 1 else (lang.bare(low),)
    return n, cls, lang.words.value(key, cls) or lang.words.value((low,), cls) or low


@pytest.mark.parametrize("lang", LANGS)
def test_one_word_pieces_agree_with_the_phrase_table(lang):
    """The per-form reading of a word that opens no longer phrase is the phrase table's."""
    data = language(lang)
    words = set(data.party_words.longest) | set(data.classes["descriptor"]) \
        | {"rumah", "the", "said", ",", "x"}
    words |= {w + c for w in sorted(words)[:200] for c in data.clitics}  # clitic forms
    for low in sorted(words):
        piece = data.one_word_piece(low)
        if piece == "phrase":
            assert max(data.party_words.lengths[low]) > 1, low
            continue
        expected = _piece_by_phrase_table(data, low)
        assert (None if piece is None else (1, *piece)) == expected, low
