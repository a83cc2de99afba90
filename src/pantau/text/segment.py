"""Sentence and token splitting with offsets. (Interface placeholder; see issue 2.)"""

from __future__ import annotations

from pantau.doc import Doc


class SegmentStage:
    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, doc: Doc) -> None:
        pass
