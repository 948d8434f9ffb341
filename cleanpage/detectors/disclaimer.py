"""Platform statements: ``特别声明：以上内容…仅提供信息存储服务``, ``Notice: The content above…``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document
from ..lexicons import phrase_pattern
from ..result import Edit
from .base import Stage, Thresholds

# symbols and enumerators before a statement's first word: numbered statements
# ("① 凡本网注明…", "1、本站所有文章…") are common at the foot of a page
_LEAD = regex.compile(r"^(?:[\s*#※【\[(\u2460-\u2473\u2776-\u277f]|\d{1,2}[.、)]|\(\d{1,2}\))*")


class DisclaimerDetector:
    name: ClassVar[str] = "disclaimer"
    stage: ClassVar[Stage] = "line"
    thresholds: ClassVar[Thresholds] = (("max_length", int),)

    def __init__(self, max_length: int = 400) -> None:
        self.max_length = max_length

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        prefixes = phrase_pattern("disclaimer", "prefixes")
        contains = phrase_pattern("disclaimer", "contains")
        edits = []
        for line in doc.lines:
            folded = line.folded_content
            if not folded or len(folded) > self.max_length:
                continue
            body = folded[_LEAD.match(folded).end() :]  # type: ignore[union-attr]
            if prefixes.match(body):
                edits.append(doc.drop_line(line, "disclaimer", "disclaimer.prefix", 0.95))
            elif contains.search(folded):
                edits.append(doc.drop_line(line, "disclaimer", "disclaimer.phrase", 0.9))
        return edits
