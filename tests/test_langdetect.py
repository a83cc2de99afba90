"""Language detection: supported languages, kin, unsupported and mixed texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pantau import analyze
from pantau.text.langdetect import detect_language, identify, language_name

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

INDONESIAN = ("Pemerintah mengerahkan ratusan personel gabungan untuk membantu warga yang "
              "terdampak banjir di tiga kecamatan. Menurut petugas, air mulai surut pada "
              "Selasa malam dan para pengungsi sudah kembali ke rumah masing-masing.")
ENGLISH = ("The government deployed hundreds of rescue workers to help residents affected "
           "by the floods in three districts. According to officials, the water began to "
           "recede on Tuesday night and most evacuees have returned to their homes.")


@pytest.mark.parametrize(("text", "lang"), [
    (INDONESIAN, "id"),
    (ENGLISH, "en"),
    ("Polisi menangkap dua tersangka pencurian motor di Bekasi.", "id"),
    ("Police arrested two suspects over a string of burglaries.", "en"),
])
def test_supported_languages_are_detected_without_notes(text, lang):
    assert detect_language(text) == (lang, [])


def test_malay_is_analysed_as_indonesian_with_a_note():
    text = ("Kerajaan negeri mengumumkan bahawa bantuan kewangan akan disalurkan kepada "
            "mangsa banjir yang terjejas teruk di kawasan pedalaman minggu ini.")
    lang, notes = detect_language(text)
    assert lang == "id"
    assert len(notes) == 1 and "Malay (ms)" in notes[0]


@pytest.mark.parametrize(("text", "name"), [
    ("Die Regierung hat am Montag neue Maßnahmen gegen die Überschwemmungen im Süden "
     "des Landes beschlossen.", "German (de)"),
    ("Le gouvernement a annoncé lundi de nouvelles mesures contre les inondations dans "
     "le sud du pays.", "French (fr)"),
])
def test_unsupported_language_is_named_and_left_unanalysed(text, name):
    guess = identify(text)
    assert guess.lang in ("id", "en")
    assert f"{language_name(guess.foreign)} ({guess.foreign})" == name
    record = analyze(text, published="2025-06-02", doc_id="foreign")
    assert (record.lang, record.entities, record.events) == (guess.foreign, [], [])
    (note,) = record.extra["notes"]
    assert name in note and "not a supported language" in note and "not analysed" in note


def test_a_foreign_text_is_still_analysed_when_its_language_is_forced():
    text = ("Die Polizei nahm am Montag in Hamburg drei Verdächtige fest, nachdem bei einem "
            "Angriff zwei Menschen getötet worden waren.")
    assert analyze(text, lang="en").entities  # the caller asked for it


def test_mixed_text_uses_the_dominant_language_and_says_so():
    text = INDONESIAN + " " + INDONESIAN + "\n\n" + ENGLISH
    lang, notes = detect_language(text)
    assert lang == "id"
    assert len(notes) == 1 and "English (en)" in notes[0] and "dominant" in notes[0]


@pytest.mark.parametrize("text", ["", "   ", "12345 !!!", "TNI", "Prabowo"])
def test_too_little_text_falls_back_to_the_default_quietly(text):
    assert detect_language(text) == ("id", [])


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (not a CI checkout)")
def test_every_corpus_document_is_detected_as_annotated():
    for name in ("seed.jsonl", "dev.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            assert detect_language(doc["text"]) == (doc["lang"], []), doc["id"]
