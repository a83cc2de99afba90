"""Helpers to write small records by hand (texts written for these tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pantau.record import Entity, Event, Quantity, Record, TimeSpan

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def span(text: str, phrase: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(phrase, start + 1)
    return (start, start + len(phrase))


def make_event(text: str, n: int, type_: str, trigger: str, *, mode: str | None = None,
               actor: tuple[str, str] | None = None, recipient: tuple[str, str] | None = None,
               location: tuple[str, str] | None = None,
               time: tuple[str, str, str] | None = None,
               figures: list[tuple[Any, str, str, str]] = (),  # (value, qualifier, unit, phrase)
               status: str = "occurred", source: tuple[str, str] | None = None,
               negated: bool = False) -> Event:
    """An event whose spans are found in ``text``; roles are (canonical name, phrase)."""
    kwargs: dict[str, Any] = {}
    for role, value in (("actor", actor), ("recipient", recipient), ("location", location),
                        ("source", source)):
        if value is not None:
            kwargs[role], kwargs[f"{role}_span"] = value[0], span(text, value[1])
    return Event(id=f"V{n}", type=type_, mode=mode, trigger=span(text, trigger),
                 time=TimeSpan(span(text, time[0]), time[1], time[2], "day") if time else None,
                 quantities=[Quantity(span(text, phrase), value, qualifier, unit)
                             for value, qualifier, unit, phrase in figures],
                 status=status, negated=negated, **kwargs)


def make_record(doc_id: str, text: str, published: str | None, outlet: str,
                events: list[Event] = (), lang: str = "id", url: str | None = None,
                names: dict[str, tuple[str, str, str | None]] | None = None) -> Record:
    """A record; ``names`` maps a phrase in the text to (type, canonical name, kb)."""
    entities = [Entity(id=f"E{i}", type=t, name=name, kb=kb, mentions=[span(text, phrase)])
                for i, (phrase, (t, name, kb)) in enumerate((names or {}).items(), 1)]
    return Record(id=doc_id, text=text, lang=lang, title=text.split(".")[0], published=published,
                  source=outlet, url=url, entities=entities, events=list(events))


def shared_corpus(name: str) -> Path:
    path = SHARED / "corpus" / name
    if not path.exists():
        pytest.skip(f"needs the annotated corpus at {path} (../shared is not checked out)")
    return path


# ------------------------------------------------ a scenario with known answers

ID_SIGI = ("Banjir bandang melanda Kabupaten Sigi pada Minggu malam dan merendam ratusan rumah "
           "di tiga desa. Sebanyak 12 orang tewas, kata Badan Penanggulangan Bencana Daerah "
           "Sulawesi Tengah kepada wartawan pada Senin.")
EN_SIGI = ("Flash floods swept through Sigi Regency on Sunday night, killing 15 people and "
           "flooding hundreds of homes in three villages, the Central Sulawesi disaster agency "
           "said on Tuesday. Rescuers were still searching for two missing residents.")
EN_COPY = EN_SIGI + " Heavy rain is forecast for the rest of the week."
ARREST_30 = ("Polisi menangkap 30 pengunjuk rasa di Makassar setelah unjuk rasa menolak kenaikan "
             "tarif angkutan berakhir ricuh pada Kamis sore.")
ARREST_400 = ("Polisi menangkap 400 orang di Makassar dalam operasi besar terhadap peredaran "
              "narkoba sepanjang pekan ini, kata juru bicara kepolisian.")
ARMY = ("Soldiers detained a group of men in Makassar on Thursday after a brawl near the port, "
        "an army spokesman said.")
LATER = ("Banjir kembali merendam permukiman di Kabupaten Sigi setelah hujan deras mengguyur "
         "wilayah itu selama dua hari berturut-turut.")
SIGI = {"Kabupaten Sigi": ("GPE", "Sigi Regency", None)}
POLICE = ("Indonesian National Police", "Polisi")


def scenario() -> list[Record]:
    sigi_id = make_record(
        "id-sigi", ID_SIGI, "2025-06-02T10:00:00+08:00", "Warta Sulawesi", names=SIGI,
        events=[make_event(ID_SIGI, 1, "DISASTER", "Banjir bandang",
                           location=("Sigi Regency", "Kabupaten Sigi"),
                           time=("Minggu malam", "2025-06-01", "2025-06-01"),
                           figures=[(12, "exact", "killed", "12 orang tewas")],
                           source=("Central Sulawesi Disaster Management Agency",
                                   "Badan Penanggulangan Bencana Daerah"))])

    def english(doc_id: str, text: str, outlet: str) -> Record:
        return make_record(
            doc_id, text, "2025-06-03", outlet, lang="en",
            names={"Sigi Regency": ("GPE", "Sigi Regency", None)},
            events=[make_event(text, 1, "DISASTER", "Flash floods",
                               location=("Sigi Regency", "Sigi Regency"),
                               time=("Sunday night", "2025-06-01", "2025-06-01"),
                               figures=[(15, "exact", "killed", "15 people")],
                               source=("Central Sulawesi Disaster Management Agency",
                                       "Central Sulawesi disaster agency"))])

    def arrest(doc_id: str, text: str, figure: tuple, actor=POLICE, lang="id") -> Record:
        return make_record(doc_id, text, "2025-06-05", "Kabar Makassar", lang=lang, events=[
            make_event(text, 1, "COERCE", "menangkap" if "menangkap" in text else "detained",
                       mode="arrest", actor=actor, location=("Makassar", "Makassar"),
                       figures=[figure] if figure else [])])

    return [
        sigi_id, english("en-sigi", EN_SIGI, "Island Post"),
        english("en-sigi-copy", EN_COPY, "Harbour Daily"),
        arrest("id-arrest-30", ARREST_30, (30, "exact", "arrested", "30 pengunjuk rasa")),
        arrest("id-arrest-400", ARREST_400, (400, "exact", "arrested", "400 orang")),
        arrest("en-army", ARMY, None, actor=("Indonesian Army", "Soldiers"), lang="en"),
        make_record("id-sigi-later", LATER, "2025-12-10", "Warta Sulawesi", names=SIGI, events=[
            make_event(LATER, 1, "DISASTER", "Banjir",
                       location=("Sigi Regency", "Kabupaten Sigi"))]),
    ]
