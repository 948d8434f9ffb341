"""Calls to action (``扫码关注``, ``试用请访问：``) and the bare link that follows them.

Two signals, either enough: a short line with a call-to-action phrase; or a short line
that ends in a colon and introduces a bare link on the next line (which still works
when mojibake has eaten the phrase itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from ..document import Document
from ..lexicons import phrase_pattern
from ..result import Edit
from .base import Stage
from .patterns import SENTENCE_PUNCT, is_url


class PromoDetector:
    name: ClassVar[str] = "promo"
    stage: ClassVar[Stage] = "line"

    def __init__(self, max_length: int = 60) -> None:
        self.max_length = max_length

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        phrases = phrase_pattern("promo", "contains")
        lines = doc.nonblank()
        promo = [
            len(ln.folded) <= self.max_length
            and phrases.search(ln.folded) is not None
            and not SENTENCE_PUNCT.search(ln.folded.rstrip("。"))
            for ln in lines
        ]
        links = [is_url(ln.folded) for ln in lines]
        for i, line in enumerate(lines[:-1]):
            folded = line.folded.rstrip()
            if links[i + 1] and len(folded) <= 40 and folded.endswith(":") and not links[i]:
                promo[i] = True
        edits = []
        for i, line in enumerate(lines):
            if promo[i]:
                edits.append(doc.drop_line(line, "promo", "promo.call-to-action", 0.8))
            elif links[i] and i > 0 and promo[i - 1]:
                edits.append(doc.drop_line(line, "promo", "promo.link", 0.8))
        return edits
