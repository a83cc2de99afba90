"""``pantau extract``: analyse many documents, one bad input never stopping the rest.

Records are written in input order; each unreadable input or failed analysis
is one line on stderr (``pantau: INPUT:POS: reason``), then a summary line.
The exit code is 1 if anything failed, else 0.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any, TextIO

from pantau.io.readers import read_inputs
from pantau.io.writers import JsonlWriter
from pantau.parallel import extract_items
from pantau.pipeline import LANGUAGES, analyze
from pantau.record import Record


def choose_language(doc: dict[str, Any], lang: str) -> tuple[str, list[str]]:
    """The language to analyse ``doc`` in: ``lang`` unless "auto", else the
    document's own if supported, else "auto" (detected). Notes explain a choice
    that overrides the document."""
    if lang != "auto":
        return lang, []
    own = doc.get("lang")
    if own in LANGUAGES:
        return own, []
    if own:
        return "auto", [f"input language {own!r} is not supported; language detected instead"]
    return "auto", []


def extract_one(doc: dict[str, Any], lang: str = "auto", published: str | None = None) -> Record:
    """Analyse one document dict (as ``read_inputs`` yields) into its record.

    ``published`` is used when the document states no date of its own.
    """
    chosen, notes = choose_language(doc, lang)
    record = analyze(doc["text"], published=doc.get("published") or published, lang=chosen,
                     doc_id=doc["id"], title=doc.get("title"), source=doc.get("source"),
                     url=doc.get("url"), extra=doc.get("extra"))
    if notes:
        record.extra["notes"] = notes + list(record.extra.get("notes", []))
    return record


def _report(stream: TextIO, where: str, reason: str) -> None:
    print(f"pantau: {where}: {reason}", file=stream, flush=True)


def run(args: argparse.Namespace, stderr: TextIO | None = None) -> int:
    err = stderr or sys.stderr
    if args.published is not None:
        try:
            date.fromisoformat(args.published)
        except ValueError:
            _report(err, "--published", f"not a date (YYYY-MM-DD): {args.published!r}")
            return 2
    if getattr(args, "dask", None):  # Parquet files from a Dask cluster (pantau.dask)
        from pantau.dask import run as run_on_dask

        return run_on_dask(args, err)
    documents = errors = 0
    try:
        with JsonlWriter(args.output) as out:
            # Documents are analysed on --workers processes (pantau.parallel), in order;
            # a failure comes back as a result, never ending the batch.
            for item, result in extract_items(read_inputs(args.inputs), args.lang,
                                              args.published, getattr(args, "workers", None)):
                if result is None:  # a reader's InputError: nothing to analyse
                    errors += 1
                    _report(err, item.where, item.reason)
                    continue
                if result.record_json is None:
                    errors += 1
                    _report(err, item["where"], f"analysis failed: {result.error}")
                    continue
                out.write_json(result.record_json)
                documents += 1
    except OSError as exc:
        _report(err, args.output, f"cannot write output: {exc.strerror or exc}")
        return 2
    where = "" if args.output == "-" else f" to {args.output}"
    print(f"pantau: {documents} document{'s' if documents != 1 else ''} written{where}, "
          f"{errors} error{'s' if errors != 1 else ''}", file=err, flush=True)
    return 1 if errors else 0
