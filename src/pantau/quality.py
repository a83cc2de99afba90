"""Extraction quality on an annotated corpus, against the floors recorded in the repo.

The floors (``tests/quality_floors.json``) only ever go up: ``scripts/ratchet_floors.py``
raises each to the current figure after an improvement, and the test suite fails when a
figure drops below its floor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pantau.eval import load_jsonl, score
from pantau.pipeline import analyze

# The figures an issue sets a target for, per corpus slice.
HEADLINE = ("mention_f1", "linking_acc", "event_f1", "argument_f1", "full_record_f1")


def predict(gold: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Analyse each gold document's text as pantau would, in its stated language."""
    out = {}
    for doc_id, g in gold.items():
        record = analyze(g["text"], published=g.get("published"), lang=g.get("lang") or "auto",
                         doc_id=doc_id, title=g.get("title"))
        out[doc_id] = record.to_dict()
    return out


def figures(gold: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Flat ``slice.metric`` figures: overall and per language, field accuracy per language."""
    flat: dict[str, float] = {}
    langs = sorted({g.get("lang") or "?" for g in gold.values()})
    slices = {"all": gold} | {lang: {k: g for k, g in gold.items() if g.get("lang") == lang}
                              for lang in langs}
    for name, subset in slices.items():
        if name != "all" and len(slices) == 2:
            continue  # one language: its figures are the overall ones
        result = score(subset, pred)
        for metric in HEADLINE:
            flat[f"{name}.{metric}"] = round(result["all"][metric], 3)
        for field_name, acc in result["field_accuracy"].items():
            flat[f"{name}.field.{field_name}"] = round(acc, 3)
    return flat


def measure(corpus: Path) -> dict[str, float]:
    gold = load_jsonl(corpus)
    return figures(gold, predict(gold))


def load_floors(path: Path) -> dict[str, dict[str, float]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
