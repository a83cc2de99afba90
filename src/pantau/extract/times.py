"""Stage placeholder (issue 3): adds nothing yet."""

from __future__ import annotations

from pantau.doc import Doc


class TimeStage:
    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, doc: Doc) -> None:
        pass
