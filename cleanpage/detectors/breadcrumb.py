"""Breadcrumb trails: ``网易首页 > 网易号 > 正文``, ``当前位置：首页 » 新闻``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document
from ..result import Edit
from .base import Stage, Thresholds

_ARROWS = regex.compile(r"\s*(?:>>|>|»|›|→|/|\|)\s*")
_CLAUSE = regex.compile(r"[，,；;。！？!?]")
_POSITION = regex.compile(r"^(?:当前位置|您的位置|你的位置|你现在的位置|当前的位置|位置)\s*[:>]")


class BreadcrumbDetector:
    """A short line of short crumbs joined by arrows, or one that announces a position."""

    name: ClassVar[str] = "breadcrumb"
    stage: ClassVar[Stage] = "line"
    thresholds: ClassVar[Thresholds] = (("max_length", int), ("max_crumb", int))

    def __init__(self, max_length: int = 80, max_crumb: int = 16) -> None:
        self.max_length = max_length
        self.max_crumb = max_crumb

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        edits = []
        for line in doc.lines:
            folded = line.folded_content
            if not folded or len(folded) > self.max_length:
                continue
            if _CLAUSE.search(folded):
                continue  # crumbs are names, not clauses
            arrows = [m.group().strip() for m in _ARROWS.finditer(folded)]
            if _POSITION.match(folded) and (arrows or "首页" in folded):
                edits.append(doc.drop_line(line, "breadcrumb", "breadcrumb.position", 0.9))
                continue
            strong = [a for a in arrows if a not in ("/", "|")]
            if len(strong) < 2 or len(set(strong)) != 1:
                continue
            crumbs = _ARROWS.split(folded)
            if all(0 < len(c) <= self.max_crumb for c in crumbs):
                edits.append(doc.drop_line(line, "breadcrumb", "breadcrumb.arrows", 0.9))
        return edits
