"""Breadcrumb trails: ``网易首页 > 网易号 > 正文``, ``当前位置：首页 » 新闻``, and
``首页 > 时政新闻 > …`` down to the article's headline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document
from ..result import Edit
from .base import Stage, Thresholds

_ARROWS = regex.compile(r"\s*(?:>>|>|»|›|→|/|\|)\s*")
_CLAUSE = regex.compile(r"[，,；;。！？!?]")
_HOME = "首页"  # the home page's crumb ("首页", "网易首页"), where a trail starts
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
                if self._trail_to_headline(folded):
                    edits.append(doc.drop_line(line, "breadcrumb", "breadcrumb.headline", 0.85))
                continue  # crumbs are names, not clauses
            arrows = [m.group().strip() for m in _ARROWS.finditer(folded)]
            if _POSITION.match(folded) and (arrows or _HOME in folded):
                edits.append(doc.drop_line(line, "breadcrumb", "breadcrumb.position", 0.9))
                continue
            strong = [a for a in arrows if a not in ("/", "|")]
            if len(strong) < 2 or len(set(strong)) != 1:
                continue
            crumbs = _ARROWS.split(folded)
            if all(0 < len(c) <= self.max_crumb for c in crumbs):
                edits.append(doc.drop_line(line, "breadcrumb", "breadcrumb.arrows", 0.9))
            elif self._trail_to_headline(folded):
                edits.append(doc.drop_line(line, "breadcrumb", "breadcrumb.headline", 0.85))
        return edits

    def _trail_to_headline(self, folded: str) -> bool:
        """A trail from the home page to the article's headline (``首页 > 时政新闻 >
        江门七旬阿婆…被骗上百万！冒充…被端``): the last crumb may be long and hold
        clauses; the others are short names, the first the home page's."""
        if _HOME not in folded:
            return False  # (most lines with a clause: asked of every one)
        crumbs = _ARROWS.split(folded)
        arrows = {m.group().strip() for m in _ARROWS.finditer(folded)}
        return (
            len(crumbs) >= 3
            and len(arrows) == 1
            and not arrows & {"/", "|"}
            and crumbs[0].endswith(_HOME)
            and all(0 < len(c) <= self.max_crumb and not _CLAUSE.search(c) for c in crumbs[:-1])
        )
