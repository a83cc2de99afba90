"""Language detection for ``lang=auto``.

py3langid, restricted to the languages news in this region is likely to be
written in, classifies a few windows from the start of the text. The dominant
language picks the pipeline: a supported one as is, a close kin of a supported
one (Malay, Javanese, Acehnese -> Indonesian) through that language, anything
else through the supported language it scores closest to. Notes say when the
text was not plainly a supported language, or mixed languages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pantau.lang import LANGUAGES

SUPPORTED = LANGUAGES  # a folder per language under pantau/lang
DEFAULT = SUPPORTED[0]
# Kin analysed by a supported language's pipeline (shared grammar and much lexicon).
KIN = {"ms": "id", "jv": "id", "ace": "id"}
# What the detector may answer. Restricting it keeps Indonesian from drifting
# to languages it never meets in the news (Tagalog, Basque, …).
CANDIDATES = ("id", "ms", "jv", "ace", "tl", "en", "de", "fr", "nl", "es", "pt", "it", "ru",
              "ar", "zh", "ja", "ko", "th", "vi", "tr", "hi", "sv", "da", "no", "pl")

SAMPLE_CHARS = 1200  # the start of a news text shows its language; more only costs time
WINDOW_CHARS = 400  # per-window votes reveal mixed texts; shorter windows blur id/ms
MIN_WINDOW_CHARS = 40
MIN_LETTERS = 12  # below this ("TNI", "12345") no language can be told
SURE = 0.9  # an unsupported language is named in a note only when this sure
MIXED_SHARE = 0.2  # a second language covering this share of the sample is noted
MIN_CONFIDENCE = 0.5  # windows below it do not count towards a mixed-language note


@cache
def _identifier() -> Any:
    # Loading the model takes about a second, so only when detection is needed.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


@cache
def language_name(code: str) -> str:
    """English name of a language code ("de" -> "German")."""
    import pycountry

    lang = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    if lang is None:
        return code
    return str(lang.name).split(" (")[0]  # "Malay (macrolanguage)" -> "Malay"


def _described(code: str) -> str:
    return f"{language_name(code)} ({code})"


def _cut(sample: str, pos: int) -> int:
    """End of the window starting at ``pos``: a paragraph end, else a sentence end,
    else a space, so that a window rarely straddles two languages."""
    end = min(pos + WINDOW_CHARS, len(sample))
    lo = pos + WINDOW_CHARS // 4
    # At the end of the sample only a paragraph break is worth a cut.
    boundaries = ("\n",) if end == len(sample) else ("\n", ". ", " ")
    for boundary in boundaries:
        cut = sample.rfind(boundary, lo, end)
        if cut > 0:
            return cut + 1
    return end


def _windows(text: str) -> list[str]:
    """Consecutive pieces of the text's start."""
    sample = text[:SAMPLE_CHARS]
    windows: list[str] = []
    pos = 0
    while pos < len(sample):
        end = _cut(sample, pos)
        piece = sample[pos:end].strip()
        if sum(ch.isalpha() for ch in piece) >= MIN_WINDOW_CHARS or not windows:
            windows.append(piece)
        pos = end
    return [w for w in windows if any(ch.isalpha() for ch in w)]


def family(code: str) -> str:
    return KIN.get(code, code)


@dataclass
class Guess:
    lang: str  # the supported pipeline closest to the text
    notes: list[str] = field(default_factory=list)
    # The text's language when it is surely not a supported one (nor kin of one):
    # analysing it would yield garbage, so ``pantau.analyze`` leaves it unanalysed.
    foreign: str | None = None


def detect_language(text: str) -> tuple[str, list[str]]:
    """Return the language code to analyse ``text`` in, and notes about the choice."""
    guess = identify(text)
    return guess.lang, guess.notes


def identify(text: str) -> Guess:
    """The pipeline for ``text``, notes about the choice, and its foreign language if any."""
    windows = _windows(text)
    if sum(ch.isalpha() for w in windows for ch in w) < MIN_LETTERS:
        return Guess(DEFAULT)
    identifier = _identifier()
    by_language: Counter[str] = Counter()  # characters voted for each language
    by_family: Counter[str] = Counter()
    confident_family: Counter[str] = Counter()
    sure_family: Counter[str] = Counter()
    sure_language: Counter[str] = Counter()
    supported_score: Counter[str] = Counter()  # closeness of the text to each pipeline
    for window in windows:
        ranking = identifier.rank(window)
        top, confidence = ranking[0]
        weight = len(window)
        by_language[top] += weight
        by_family[family(top)] += weight
        if confidence >= MIN_CONFIDENCE:
            confident_family[family(top)] += weight
        if confidence >= SURE:
            sure_family[family(top)] += weight
            sure_language[top] += weight
        for code, prob in ranking:
            if family(code) in SUPPORTED:
                supported_score[family(code)] += prob * weight

    dominant = by_family.most_common(1)[0][0]
    notes: list[str] = []
    foreign = None
    if dominant in SUPPORTED:
        lang = dominant
        top_language = max((c for c in by_language if family(c) == lang),
                           key=lambda c: by_language[c])
        # Indonesian often scores as Malay on a short stretch: name kin only when sure.
        if top_language != lang and sure_language[top_language] * 2 >= by_language[top_language]:
            notes.append(f"text looks like {_described(top_language)}; analysed as {lang}")
    else:
        best = supported_score.most_common(1)
        lang = best[0][0] if best and best[0][1] > 0 else DEFAULT
        if sure_family[dominant] * 2 >= by_family[dominant]:
            foreign = dominant

    total = sum(by_family.values())
    for other, weight in confident_family.most_common():
        if other != dominant and weight >= MIXED_SHARE * total:
            share = round(100 * weight / total)
            notes.append(f"about {share}% of the text looks like {_described(other)}; "
                         f"analysed as {lang}, the dominant language")
    return Guess(lang, notes, foreign)
