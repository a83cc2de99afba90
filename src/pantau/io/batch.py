"""Batch extraction (minimal placeholder; see issue 2)."""

from __future__ import annotations

import argparse
import json
import sys

from pantau.pipeline import analyze


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="text files (title on the first line), JSON Lines files, or directories")
    p.add_argument("-o", "--output", default="-", help="output JSON Lines file (default: stdout)")
    p.add_argument("--lang", default="auto", choices=["auto", "id", "en"],
                   help="document language (default: detect per document)")
    p.add_argument("--published", default=None,
                   help="publication date (YYYY-MM-DD) for inputs that do not state one")


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
