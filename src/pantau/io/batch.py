"""Batch extraction (minimal placeholder; see issue 2)."""

from __future__ import annotations

import argparse
import json
import sys

from pantau.pipeline import analyze


def run(args: argparse.Namespace) -> int:
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    for path in args.inputs:
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                lang = d.get("lang") if args.lang == "auto" and d.get("lang") else args.lang
                rec = analyze(d["text"], published=d.get("published"), lang=lang,
                              doc_id=d["id"], title=d.get("title"))
                out.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
    return 0
