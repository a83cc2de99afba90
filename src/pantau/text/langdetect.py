"""Language detection for ``lang=auto``. (Interface placeholder; see issue 2.)"""

from __future__ import annotations


def detect_language(text: str) -> tuple[str, list[str]]:
    """Return the language code to analyse ``text`` in, and notes about the choice."""
    return "id", []
