"""The context rules of one language for the entity stage, from ``lang/<lang>/name_patterns.json``:
titles before person names, head words of organisations and places, particles, connectors,
words that are never names. Read once per stage; the stage's code knows no language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pantau.extract.gazetteer import patterns


@dataclass
class Rules:
    """The language's context rules (``name_patterns.json``), read once per stage."""

    titles: frozenset[str]
    fillers: frozenset[str]
    place_titles: dict[str, str]
    speech_verbs: frozenset[str]
    verbs_after: frozenset[str]
    acronym_person_cues: frozenset[str]
    org_heads: frozenset[tuple[str, ...]]
    place_org_heads: frozenset[tuple[str, ...]]
    org_templates: dict[tuple[str, ...], str]
    org_suffixes: frozenset[str]
    org_words: frozenset[str]
    gpe_heads: dict[tuple[str, ...], str]
    loc_heads: dict[tuple[str, ...], str]
    gpe_suffixes: frozenset[str]
    loc_suffixes: frozenset[str]
    lowercase_heads: dict[str, tuple[str, str]]
    particles: frozenset[str]
    connectors: frozenset[str]
    locatives: frozenset[str]
    compass: dict[tuple[str, ...], str]
    non_names: frozenset[str]
    non_entity_heads: frozenset[tuple[str, ...]]
    non_entity_before: frozenset[str]
    currency_words: frozenset[str]
    place_suffixes: frozenset[str]
    clitics: frozenset[str]
    org_nouns_after: frozenset[str]
    person_org_suffixes: frozenset[str]
    compound_parts: frozenset[str]
    non_name_suffixes: tuple[str, ...]
    norp_heads: dict[tuple[str, ...], str]
    common: frozenset[str]
    lowercase_countries: bool
    # Derived once, for the per-token checks of the stage:
    links: frozenset[str] = field(init=False)  # particles and connectors
    head_firsts: frozenset[str] = field(init=False)  # the first words of all head phrases
    clitic_endings: tuple[str, ...] = field(init=False)  # the clitics, for str.endswith
    non_entity_firsts: frozenset[str] = field(init=False)  # first words of non_entity_heads
    gpe_head_words: frozenset[str] = field(init=False)  # the one-word gpe_heads
    place_title_firsts: frozenset[str] = field(init=False)  # first words of two-word ones
    lowercase_head_lasts: frozenset[str] = field(init=False)  # last words of two-word ones
    non_entity_before_lasts: frozenset[str] = field(init=False)  # the same
    # Tables of what the stage works out once per word form with these rules (filled by
    # ``entity_units``, which reads them).
    form_tables: dict[Any, Any] = field(init=False, default_factory=dict, repr=False,
                                        compare=False)

    def __post_init__(self) -> None:
        self.links = self.particles | self.connectors
        self.clitic_endings = tuple(self.clitics)
        self.non_entity_firsts = frozenset(key[0] for key in self.non_entity_heads if key)
        self.gpe_head_words = frozenset(key[0] for key in self.gpe_heads if len(key) == 1)
        self.place_title_firsts = frozenset(key.split(" ", 1)[0] for key in self.place_titles
                                            if " " in key)
        self.lowercase_head_lasts = frozenset(key.rsplit(" ", 1)[1]
                                              for key in self.lowercase_heads if " " in key)
        self.non_entity_before_lasts = frozenset(key.rsplit(" ", 1)[1]
                                                 for key in self.non_entity_before if " " in key)
        self.head_firsts = frozenset(key[0] for heads in (
            self.org_heads, self.gpe_heads, self.loc_heads, self.norp_heads) for key in heads
            if key)

    @classmethod
    def load(cls, lang: str, common: frozenset[str]) -> Rules:
        p = patterns(lang)

        def words(key: str) -> frozenset[str]:
            return frozenset(w.casefold() for w in p.get(key, []))

        def phrases(key: str) -> dict[tuple[str, ...], str]:
            return {tuple(k.casefold().split()): v for k, v in p.get(key, {}).items()}

        return cls(
            titles=words("person_titles"), fillers=words("title_fillers"),
            place_titles={k.casefold(): v for k, v in p.get("place_titles", {}).items()},
            speech_verbs=words("speech_verbs"), verbs_after=words("person_verbs_after"),
            acronym_person_cues=words("acronym_person_cues"),
            org_heads=frozenset(phrases("org_heads")) | frozenset(phrases("org_templates")),
            org_templates=phrases("org_templates"),
            place_org_heads=frozenset(tuple(h.split()) for h in words("place_org_heads")),
            org_suffixes=words("org_suffixes"), org_words=words("org_words"),
            gpe_heads=phrases("gpe_heads"), loc_heads=phrases("loc_heads"),
            gpe_suffixes=words("gpe_suffixes"), loc_suffixes=words("loc_suffixes"),
            lowercase_heads={k.casefold(): (v[0], v[1])
                             for k, v in p.get("lowercase_heads", {}).items()},
            particles=words("name_particles"), connectors=words("org_connectors"),
            locatives=words("locative_words"), compass=phrases("compass"),
            non_names=words("non_names"),
            non_entity_heads=frozenset(tuple(h.split()) for h in words("non_entity_heads")),
            non_entity_before=words("non_entity_before"), currency_words=words("currency_words"),
            place_suffixes=words("place_suffixes"), clitics=words("clitics"), common=common,
            org_nouns_after=words("org_nouns_after"),
            person_org_suffixes=words("person_org_suffixes"),
            compound_parts=words("compound_adjective_parts"),
            non_name_suffixes=tuple(words("non_name_suffixes")), norp_heads=phrases("norp_heads"),
            lowercase_countries=bool(p.get("lowercase_countries")),
        )
