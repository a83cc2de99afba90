"""Measure the entity recogniser on the idner-news-2k test split (../shared/data, MIT).

Each test sentence is rebuilt from its tokens (joined by spaces) and read on its own.
Our GPE and LOC both count as the dataset's LOC; NORP has no counterpart and counts as O.
Prints token-level precision/recall/F1 (typed) and exact-span entity F1, per type and
overall. Run: ``.venv/bin/python scripts/eval_idner.py [dev|test]``.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from pantau.extract.entities import EntityStage

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "idner_news_2k"
TYPE_MAP = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}


def sentences(path: Path) -> list[list[tuple[str, str]]]:
    out, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if cur:
                out.append(cur)
            cur = []
            continue
        cur.append((parts[0], parts[-1]))
    if cur:
        out.append(cur)
    return out


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    out, start, kind = set(), None, None
    for k, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == kind):
            out.add((start, k, kind))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, kind = k, tag[2:]
    return out


def main() -> None:
    split = sys.argv[1] if len(sys.argv) > 1 else "test"
    stage = EntityStage("id")
    tok, ent = Counter(), Counter()
    for sent in sentences(DATA / f"{split}.txt"):
        words = [w for w, _ in sent]
        gold = [t for _, t in sent]
        text, starts = "", []
        for w in words:
            starts.append(len(text))
            text += w + " "
        pred = ["O"] * len(words)
        for m in stage.find(text):
            kind = TYPE_MAP.get(m.type)
            covered = [k for k, s in enumerate(starts) if m.start <= s < m.end]
            for n, k in enumerate(covered):
                if kind:
                    pred[k] = ("B-" if n == 0 else "I-") + kind
        for g, p in zip(gold, pred, strict=True):
            gk, pk = g[2:] if g != "O" else None, p[2:] if p != "O" else None
            if pk:
                tok["pred", pk] += 1
            if gk:
                tok["gold", gk] += 1
            if pk and pk == gk:
                tok["hit", gk] += 1
        gs, ps = spans(gold), spans(pred)
        for s in ps:
            ent["pred", s[2]] += 1
        for s in gs:
            ent["gold", s[2]] += 1
        for s in gs & ps:
            ent["hit", s[2]] += 1
    for label, c in (("token", tok), ("entity", ent)):
        for kind in ("PER", "ORG", "LOC", "all"):
            def total(key, kind=kind, c=c):
                return sum(v for (k, t), v in c.items()
                           if k == key and (kind == "all" or t == kind))
            h, p, g = total("hit"), total("pred"), total("gold")
            prec, rec = h / p if p else 0.0, h / g if g else 0.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            print(f"{label:6s} {kind:3s} P={prec:.3f} R={rec:.3f} F1={f1:.3f} (gold {g})")


if __name__ == "__main__":
    main()
