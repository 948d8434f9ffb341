"""Publishing metadata lines: a bare date-and-time, ``来源：…``, ``责任编辑：…``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document
from ..lexicons import boilerplate
from ..result import Edit
from .base import Stage
from .patterns import TIMESTAMP_WITH_TIME


class PublishMetaDetector:
    name: ClassVar[str] = "publish-meta"
    stage: ClassVar[Stage] = "line"

    def __init__(self, max_length: int = 60) -> None:
        self.max_length = max_length

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        labels = "|".join(regex.escape(x) for x in boilerplate()["publish-meta"]["labels"])
        # a value is short and has no sentence punctuation: "来源：新华社", not a question
        field = rf"(?:{labels})\s*:\s*[^\s:。？！?!；;，,][^:。？！?!；;]{{0,24}}?"
        stamp = TIMESTAMP_WITH_TIME.pattern
        meta_line = regex.compile(
            rf"(?:(?:发布于|发表于|发布时间:?|时间:?)\s*)?(?:{stamp})(?:\s+{field})*\s*(?:{field}\s*)*"
            rf"|{field}(?:\s+(?:{stamp}|{field}))*"
        )
        edits = []
        for line in doc.lines:
            folded = line.folded.strip()
            if folded and len(folded) <= self.max_length and meta_line.fullmatch(folded):
                edits.append(doc.drop_line(line, "publish-meta", "publish-meta.line", 0.8))
        return edits
