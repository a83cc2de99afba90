"""`pantau …` subcommands: a thin shell over the library.

Each subcommand's work lives in the module that owns it; this file only parses
arguments and hands them over.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

# Arguments are declared here so `pantau --help` imports nothing heavy; the work
# is done by ``run(args)`` in the module that owns the command, imported only
# when that command runs.


def _extract(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="text files (title on the first line), JSON Lines files, or directories")
    p.add_argument("-o", "--output", default="-", help="output JSON Lines file (default: stdout)")
    p.add_argument("--lang", default="auto", choices=["auto", "id", "en"],
                   help="document language (default: the input's own, else detected)")
    p.add_argument("--published", default=None,
                   help="publication date (YYYY-MM-DD) for inputs that do not state one")


def _eval(p: argparse.ArgumentParser) -> None:
    p.add_argument("gold", help="gold JSON Lines file")
    p.add_argument("pred", help="predicted JSON Lines file")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")


def _validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE")


# (name, module whose run(args) does the work, help, argument declarations)
COMMANDS: list[tuple[str, str, str, Callable[[argparse.ArgumentParser], None]]] = [
    ("extract", "pantau.io.batch", "analyse documents and write SCHEMA.md records as JSON Lines",
     _extract),
    ("eval", "pantau.eval", "score predicted records against gold (SCORING.md)", _eval),
    ("validate", "pantau.validate", "check corpus or output files against SCHEMA.md", _validate),
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
    return int(importlib.import_module(args.module).run(args))


if __name__ == "__main__":
    sys.exit(main())
