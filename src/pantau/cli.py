"""`pantau …` subcommands: a thin shell over the library.

Each subcommand's work lives in the module that owns it; this file only parses
arguments and hands them over.
"""

from __future__ import annotations

import argparse
import sys


def _add_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="analyse documents and write SCHEMA.md records as JSON Lines")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="text files (title on the first line), JSON Lines files, or directories")
    p.add_argument("-o", "--output", default="-", help="output JSON Lines file (default: stdout)")
    p.add_argument("--lang", default="auto", choices=["auto", "id", "en"],
                   help="document language (default: detect per document)")
    p.add_argument("--published", default=None,
                   help="publication date (YYYY-MM-DD) for inputs that do not state one")


def _add_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score predicted records against gold (SCORING.md)")
    p.add_argument("gold", help="gold JSON Lines file")
    p.add_argument("pred", help="predicted JSON Lines file")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check corpus or output files against SCHEMA.md")
    p.add_argument("files", nargs="+", metavar="FILE")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pantau", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    _add_extract(sub)
    _add_eval(sub)
    _add_validate(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        from pantau.io.batch import extract_command

        return extract_command(args)
    if args.command == "eval":
        from pantau.eval import eval_command

        return eval_command(args)
    if args.command == "validate":
        from pantau.validate import validate_command

        return validate_command(args)
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
