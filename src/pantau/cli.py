"""`pantau …` subcommands: a thin shell over the library.

Each subcommand's work lives in the module that owns it; this file only parses
arguments and hands them over.
"""

from __future__ import annotations

import argparse
import importlib
import sys


# Each subcommand lives in the module that owns it, which provides
# ``add_arguments(parser)`` and ``run(args) -> exit code``.
COMMANDS: list[tuple[str, str, str]] = [
    ("extract", "pantau.io.batch", "analyse documents and write SCHEMA.md records as JSON Lines"),
    ("eval", "pantau.eval", "score predicted records against gold (SCORING.md)"),
    ("validate", "pantau.validate", "check corpus or output files against SCHEMA.md"),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pantau", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module, help_text in COMMANDS:
        p = sub.add_parser(name, help=help_text)
        p.set_defaults(module=module)
        importlib.import_module(module).add_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(importlib.import_module(args.module).run(args))


if __name__ == "__main__":
    sys.exit(main())
