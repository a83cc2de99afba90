"""Language data: one folder per language code, read by the language-agnostic stages.

A folder here that holds a trigger lexicon is a supported language, so adding a
language is adding a folder (docs/adding-a-language.md).
"""

from __future__ import annotations

from pathlib import Path

LANG_DIR = Path(__file__).parent

LANGUAGES: tuple[str, ...] = tuple(sorted(
    (p.name for p in LANG_DIR.iterdir() if (p / "triggers.tsv").is_file()),
    key=lambda code: (code != "id", code)))  # Indonesian first: the default pipeline


def data_path(lang: str, name: str) -> Path:
    """Path of the data file ``name`` of language ``lang``."""
    return LANG_DIR / lang / name
