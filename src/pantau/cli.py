"""`pantau …` subcommands: a thin shell over the library.

Each subcommand's work lives in the module that owns it; this file only parses
arguments and hands them over.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

from pantau.lang import LANGUAGES

# Arguments are declared here so `pantau --help` imports nothing heavy; the work
# is done by ``run(args)`` in the module that owns the command, imported only
# when that command runs.


def _positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return int(value)


def _workers(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                   help="worker processes (default: all cores; 1 analyses in this process)")


def _extract(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="text files (title on the first line), JSON Lines, JSON, HTML or "
                        "feed files, URLs, or directories")
    p.add_argument("-o", "--output", default="-", help="output JSON Lines file (default: stdout)")
    p.add_argument("--lang", default="auto", choices=["auto", *LANGUAGES],
                   help="document language (default: the input's own, else detected)")
    p.add_argument("--published", default=None,
                   help="publication date (YYYY-MM-DD) for inputs that do not state one")
    _workers(p)
    p.add_argument("--dask", default=None, metavar="SCHEDULER_ADDRESS",
                   help="analyse on a Dask cluster (e.g. tcp://host:8786) and write Parquet "
                        "files to the -o directory")


def _eval(p: argparse.ArgumentParser) -> None:
    p.add_argument("gold", help="gold JSON Lines file")
    p.add_argument("pred", help="predicted JSON Lines file")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")


def _validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE")


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None, metavar="URL",
                   help="store: a SQLite file path or SQLAlchemy URL, e.g. "
                        "postgresql+psycopg://user:pw@host/db (default: ./pantau.db)")


def _ingest(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, directories, JSON Lines, HTML pages, RSS/Atom feeds or URLs")
    _db(p)
    p.add_argument("--as-records", action="store_true",
                   help="store JSON Lines documents that carry 'events' as they are")
    p.add_argument("--lang", default="auto", choices=["auto", *LANGUAGES])
    p.add_argument("--published", default=None,
                   help="publication date (YYYY-MM-DD) for inputs that do not state one")
    p.add_argument("--skip-undated", action="store_true",
                   help="skip documents with no publication date instead of storing them")
    p.add_argument("--no-consolidate", action="store_true",
                   help="leave consolidation to `pantau consolidate` or the next query")
    _workers(p)


def _consolidate(p: argparse.ArgumentParser) -> None:
    _db(p)
    p.add_argument("--full", action="store_true",
                   help="recompute every consolidated event (default: only those that "
                        "documents changed since the last run can affect)")


def _format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", default="table", choices=["table", "json", "csv"])


def _events(p: argparse.ArgumentParser) -> None:
    _db(p)
    p.add_argument("--type", help="event type, e.g. ASSAULT")
    for role in ("actor", "recipient", "location"):
        p.add_argument(f"--{role}", help=f"{role}'s canonical name (case and accents ignored)")
    p.add_argument("--since", help="events that end on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="events that start on or before this date (YYYY-MM-DD)")
    p.add_argument("--source", help="attributed source or outlet of any report")
    p.add_argument("--min-sources", type=int, default=None, metavar="N",
                   help="reported by at least N independent documents")
    p.add_argument("--limit", type=int, default=None)
    _format(p)


def _entity(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", help="canonical name or kb id (Q…, ISO code)")
    _db(p)
    p.add_argument("--format", default="table", choices=["table", "json"])


def _timeline(p: argparse.ArgumentParser) -> None:
    p.add_argument("actor", help="canonical name")
    _db(p)
    p.add_argument("--recipient", default=None)
    p.add_argument("--unit", default=None, help="only figures of this unit, e.g. troops")
    p.add_argument("--role", default="actor",
                   choices=["actor", "recipient", "location", "any"],
                   help="the role the name has in the events (default: actor)")
    _format(p)


def _stats(p: argparse.ArgumentParser) -> None:
    _db(p)
    p.add_argument("--format", default="table", choices=["table", "json"])


def _export(p: argparse.ArgumentParser) -> None:
    _db(p)
    p.add_argument("--format", required=True,
                   choices=["jsonl", "csv", "parquet", "plover", "gdelt", "acled"])
    p.add_argument("-o", "--output", default="-", help="output file (default: stdout)")


def _serve(p: argparse.ArgumentParser) -> None:
    _db(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", default=None,
                   help="bearer token that enables writes (POST /api/ingest); default: "
                        "$PANTAU_TOKEN; without one, writes are disabled")


# (name, module whose run(args) does the work, help, argument declarations)
COMMANDS: list[tuple[str, str, str, Callable[[argparse.ArgumentParser], None]]] = [
    ("extract", "pantau.io.batch", "analyse documents and write SCHEMA.md records as JSON Lines",
     _extract),
    ("eval", "pantau.eval", "score predicted records against gold (SCORING.md)", _eval),
    ("validate", "pantau.validate", "check corpus or output files against SCHEMA.md", _validate),
    ("ingest", "pantau.store.ingest", "analyse and store documents (files, HTML, feeds, URLs)",
     _ingest),
    ("consolidate", "pantau.corpus.consolidate", "recompute cross-document events", _consolidate),
    ("events", "pantau.query", "list consolidated events from the store", _events),
    ("entity", "pantau.query", "what the store knows about one entity", _entity),
    ("timeline", "pantau.query", "figures an actor's events were given over time", _timeline),
    ("stats", "pantau.query", "counts of the store's contents", _stats),
    ("export", "pantau.export", "export the store (jsonl, csv, parquet, PLOVER, GDELT, ACLED)",
     _export),
    ("serve", "pantau.web.app", "serve the web app and REST API over the store", _serve),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pantau", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module, help_text, declare in COMMANDS:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(module=module)
        declare(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(importlib.import_module(args.module).run(args))
    except BrokenPipeError:
        # The reader went away (`pantau eval … | head`): not an error of ours.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
