"""Word-form generation for the trigger lexicons.

The lexicons list roots (Indonesian) or lemmas (English) with the derivations
they take; this module spells those derivations out once, when a lexicon is
loaded, so that matching a token is a single dictionary lookup. Generating is
safer than stripping: "pertahanan" (defence) is never mistaken for a form of
"tahan" (detain) unless the lexicon asks for it.

Indonesian templates name a prefix and a suffix joined by "-": ``meN-kan``
(mengirimkan), ``di-i`` (dikuasai), ``peN-an`` (penangkapan), ``-an``
(serangan), ``0`` (the bare root, used in headlines: "Israel Serang Gaza").
English templates are ``V`` (verb inflections) and ``N`` (noun plural).
Macros expand to several templates (see ``ID_MACROS``).
"""

from __future__ import annotations

from collections.abc import Iterable

VOWELS = frozenset("aiueo")

ID_MACROS: dict[str, tuple[str, ...]] = {
    # verb: bare, active, passive
    "V": ("0", "meN", "di"),
    # causative / benefactive -kan verbs
    "VK": ("-kan", "meN-kan", "di-kan"),
    # locative -i verbs
    "VI": ("-i", "meN-i", "di-i"),
    # process and result nouns
    "N": ("peN-an", "-an"),
}

ID_PREFIXES = ("0", "meN", "di", "ter", "ber", "peN", "per", "ke", "memper", "diper", "se")
ID_SUFFIXES = ("", "kan", "i", "an")


def _syllables(word: str) -> int:
    """Number of vowel groups, a good enough syllable count for prefixing."""
    count, previous = 0, False
    for ch in word:
        vowel = ch in VOWELS
        if vowel and not previous:
            count += 1
        previous = vowel
    return count


def nasal_prefix(stem: str, base: str, root: str | None = None) -> list[str]:
    """``base`` is "me" or "pe": the meN-/peN- forms of ``stem`` (nasal assimilation).

    ``root`` (``stem`` without its suffix) decides whether the word is monosyllabic.

    mem+bunuh, me+mukul (p drops), men+desak, me+nembak (t drops), me+nyerang
    (s drops), me+ngirim (k drops), meng+ancam, me+larang, menge+bom.
    """
    first = stem[0]
    second = stem[1] if len(stem) > 1 else ""
    cluster = second not in VOWELS  # "kritik", "proses", "transfer", "stabil"
    forms: list[str] = []
    if _syllables(root or stem) == 1:
        forms.append(base + "nge" + stem)  # mengebom, pengeboman
    if first in VOWELS or first in "gh":
        forms.append(base + "ng" + stem)
    elif first == "k":
        forms.append(base + "ng" + (stem if cluster else stem[1:]))
    elif first in "bfv":
        forms.append(base + "m" + stem)
    elif first == "p":
        forms.append(base + "m" + (stem if cluster else stem[1:]))
    elif first in "dcjz":
        forms.append(base + "n" + stem)
    elif first == "t":
        forms.append(base + "n" + (stem if cluster else stem[1:]))
    elif first == "s":
        forms.append(base + ("n" + stem if cluster else "ny" + stem[1:]))
    else:  # l m n r w y
        forms.append(base + stem)
    return forms


def _r_prefix(prefix: str, stem: str) -> str:
    """ber-/ter-/per- lose their r before an r-initial stem (berunding, perundingan)."""
    return prefix[:-1] + stem if stem.startswith("r") else prefix + stem


def id_forms(root: str, template: str) -> list[str]:
    """The word forms of ``root`` for one template ("meN-kan", "peN-an", "0" …)."""
    if template == "0":
        return [root]
    prefix, _, suffix = template.partition("-")
    if (prefix and prefix not in ID_PREFIXES) or suffix not in ID_SUFFIXES:
        raise ValueError(f"unknown Indonesian affix template {template!r}")
    stem = root + suffix
    if prefix in ("", "0"):
        return [stem]
    if prefix == "meN":
        return nasal_prefix(stem, "me", root)
    if prefix == "peN":
        return nasal_prefix(stem, "pe", root)
    if prefix in ("ber", "ter", "per"):
        return [_r_prefix(prefix, stem)]
    return [prefix + stem]  # di, ke, memper, diper, se


def expand_id(root: str, forms: Iterable[str]) -> set[str]:
    """All word forms of ``root`` for a list of templates and macros."""
    out: set[str] = set()
    for item in forms:
        for template in ID_MACROS.get(item, (item,)):
            out.update(id_forms(root, template))
    return out


# --- English -----------------------------------------------------------------

EN_VOWELS = frozenset("aeiou")


def _doubles_final(word: str) -> bool:
    """ban -> banned, stop -> stopping: one syllable ending consonant-vowel-consonant."""
    return (len(word) >= 3 and word[-1] not in EN_VOWELS and word[-1] not in "wxy"
            and word[-2] in EN_VOWELS and word[-3] not in EN_VOWELS
            and _syllables_en(word) == 1)


def _syllables_en(word: str) -> int:
    count, previous = 0, False
    for ch in word:
        vowel = ch in EN_VOWELS or ch == "y"
        if vowel and not previous:
            count += 1
        previous = vowel
    return count


def en_plural(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in EN_VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def en_verb_forms(verb: str) -> list[str]:
    """verb, -s, -ed, -ing (regular spelling rules only; irregulars are listed in data)."""
    third = en_plural(verb) if not verb.endswith("o") else verb + "es"
    if verb.endswith("ie"):
        past, ing = verb + "d", verb[:-2] + "ying"
    elif verb.endswith("e"):
        past = verb + "d"
        ing = verb + "ing" if verb.endswith(("ee", "ye", "oe")) else verb[:-1] + "ing"
    elif verb.endswith("y") and verb[-2] not in EN_VOWELS:
        past, ing = verb[:-1] + "ied", verb + "ing"
    elif _doubles_final(verb):
        past, ing = verb + verb[-1] + "ed", verb + verb[-1] + "ing"
    else:
        past, ing = verb + "ed", verb + "ing"
    return [verb, third, past, ing]


def en_forms(lemma: str, template: str) -> list[str]:
    if template == "V":
        return en_verb_forms(lemma)
    if template == "N":
        return [lemma, en_plural(lemma)]
    if template == "0":
        return [lemma]
    raise ValueError(f"unknown English template {template!r}")


def expand_en(lemma: str, forms: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for template in forms:
        out.update(en_forms(lemma, template))
    return out


EXPANDERS = {"id": expand_id, "en": expand_en}

# Templates that spell a noun (the rest spell verbs).
NOMINAL_TEMPLATES = frozenset({"N", "peN-an", "per-an", "ke-an", "-an"})


def expand(lang: str, lemma: str, forms: Iterable[str]) -> set[str]:
    """Word forms of ``lemma`` in ``lang``; languages without rules get the lemma only."""
    expander = EXPANDERS.get(lang)
    return expander(lemma, forms) if expander else {lemma}


def expand_phrase(lang: str, phrase: str, forms: Iterable[str]) -> set[str]:
    """Surfaces of a one- or many-word entry.

    A phrase inflects one word: Indonesian its first ("putus hubungan" ->
    "memutuskan hubungan"), English verbs their first ("call on" -> "called on")
    and English nouns their last, the head ("evacuation order" -> "evacuation orders").
    """
    words = phrase.split()
    out: set[str] = set()
    for template in forms:
        at = len(words) - 1 if (lang == "en" and template == "N") else 0
        for form in expand(lang, words[at], [template]):
            out.add(" ".join(words[:at] + [form] + words[at + 1:]))
    return out
