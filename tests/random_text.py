"""Random texts built from awkward pieces, for the tests that hold a fast path equal to
its plain definition (test_fast_paths, test_entity_units)."""

from __future__ import annotations

import random

# Invented pieces: letters of both cases, digits, the punctuation the fast paths look at;
# pieces two tokenizers split differently (dotted abbreviations, numbers, clitics, joined
# words, a prefix glued to an amount, links, handles); whitespace that is not a plain
# space (tab, no-break space, carriage return, line and paragraph separators, a form
# feed, an ideographic space, a zero-width space).
PIECES = list("aZ09.,;:!?\"'“”‘’()-‐/…_@#") + [
    "Dr.", "dr.", "U.S.", "e.g.", "A.B.C.", "X.", "Jr.", "3.000", "10-15", "10.00", "14:05",
    "Rp17.700", "M4,6", "India’s", "don't", "We'll", "they’re", "O'Brien", "anak-anak",
    "COVID-19", "Jong-un", "www.x.id", "x@y.com", "#tag", "@handle", "https://a.b/c",
    "Jum'at", "Corp.", "(PN)", "...", "Kota", "kata", " ", " ", " ", "  ", "\t", "\u00a0",
    "\r", "\n", "\n\n", "\u2028", "\x0c", "\u3000", "\u200b", "Â", "é", "ß", "²"]


def random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))) for _ in range(count)]
