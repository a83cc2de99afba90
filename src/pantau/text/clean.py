"""Cleaning that keeps grounding exact. (Interface placeholder; see issue 2.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Cleaned:
    text: str
    original: str

    def to_original(self, offset: int) -> int:
        return offset


def clean(raw: str) -> Cleaned:
    return Cleaned(text=raw, original=raw)
