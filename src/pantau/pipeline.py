"""The pipeline: clean the text, then run an ordered list of stages over a Doc.

Stages know no language: each is built once per language from that language's
data files (``pantau/lang/<code>/``) and then called on many documents.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from pantau.doc import Doc
from pantau.lang import LANGUAGES
from pantau.record import Record
from pantau.text.clean import clean
from pantau.text.langdetect import identify, language_name

__all__ = ["LANGUAGES", "Pipeline", "analyze", "pipeline_for"]

Stage = Callable[[Doc], None]


def _stage_factories() -> list[Callable[[str], Stage]]:
    # Imported here so that importing pantau stays cheap; order matters: each
    # stage may read the layers the earlier ones added.
    from pantau.extract.arguments import ArgumentStage
    from pantau.extract.entities import EntityStage
    from pantau.extract.events import EventStage
    from pantau.extract.factuality import FactualityStage
    from pantau.extract.quantities import QuantityStage
    from pantau.extract.sources import SourceStage
    from pantau.extract.times import TimeStage
    from pantau.text.segment import SegmentStage

    return [SegmentStage, EntityStage, QuantityStage, TimeStage, EventStage, ArgumentStage,
            FactualityStage, SourceStage]


class Pipeline:
    def __init__(self, lang: str):
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r} (supported: {', '.join(LANGUAGES)})")
        self.lang = lang
        self.stages: list[Stage] = [factory(lang) for factory in _stage_factories()]

    def __call__(self, doc: Doc) -> Doc:
        for stage in self.stages:
            stage(doc)
        return doc


@cache
def pipeline_for(lang: str) -> Pipeline:
    return Pipeline(lang)


def _as_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    # Corpus dates may carry a time and zone ("2025-10-20T14:05:00+07:00"): the
    # calendar day as printed is the anchor.
    return date.fromisoformat(str(value)[:10])


def analyze(text: str, published: str | date | None = None, lang: str = "auto",
            doc_id: str = "doc", title: str | None = None, source: str | None = None,
            url: str | None = None, extra: dict[str, Any] | None = None) -> Record:
    """Analyse one document and return its SCHEMA.md record."""
    cleaned = clean(text)
    notes: list[str] = []
    foreign = None
    if lang == "auto":
        guess = identify(cleaned.text)
        lang, notes, foreign = guess.lang, guess.notes, guess.foreign
    doc = Doc(id=doc_id, text=cleaned.text, lang=lang, published=_as_date(published),
              title=title, source=source, url=url, notes=notes, extra=dict(extra or {}))
    if foreign is None:
        pipeline_for(lang)(doc)
    else:
        # Rules for Indonesian or English read a German text as garbage (every capitalised
        # noun a name): say what the text is and leave it unanalysed.
        doc.lang = foreign
        doc.notes.insert(0, f"text looks like {language_name(foreign)} ({foreign}), not a "
                            f"supported language ({', '.join(LANGUAGES)}); not analysed "
                            f"(give the language explicitly to force an analysis)")
    record = doc.to_record()
    # Stages may keep objects in the scratch that point back at the doc (sentence views):
    # without this cycle the whole doc is freed at once, not left to the garbage collector.
    doc.scratch.clear()
    return record
