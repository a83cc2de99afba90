"""Language data: one folder per language code, read by the language-agnostic stages."""

from __future__ import annotations

from pathlib import Path

LANG_DIR = Path(__file__).parent


def data_path(lang: str, name: str) -> Path:
    """Path of the data file ``name`` of language ``lang``."""
    return LANG_DIR / lang / name
