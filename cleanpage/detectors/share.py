"""Share and like toolbars: ``分享至``, ``微信 微博 QQ空间``, and the bare counts beside them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document, Line
from ..lexicons import boilerplate
from ..result import Edit
from .base import Stage, Thresholds

_SPLIT = regex.compile(r"[\s|/·•,:]+")
_COUNT = regex.compile(r"\d+(?:\.\d+)?[万wk+]?|\d+\s*(?:人参与|条评论|跟贴|阅读|赞)")


class ShareWidgetDetector:
    """Lines made only of share tokens, and count-only lines next to them."""

    name: ClassVar[str] = "share-widget"
    stage: ClassVar[Stage] = "line"
    thresholds: ClassVar[Thresholds] = ()

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        tokens = frozenset(boilerplate()["share-widget"]["tokens"])
        lines = doc.nonblank()
        is_share = [self._is_share(ln, tokens) for ln in lines]
        edits = []
        for i, line in enumerate(lines):
            if is_share[i]:
                edits.append(doc.drop_line(line, "share-widget", "share.tokens", 0.9))
            elif _COUNT.fullmatch(line.folded_content):
                near = (i > 0 and is_share[i - 1]) or (i + 1 < len(lines) and is_share[i + 1])
                if near:
                    edits.append(doc.drop_line(line, "share-widget", "share.count", 0.85))
        return edits

    @staticmethod
    def _is_share(line: Line, tokens: frozenset[str]) -> bool:
        # measured as the output holds it: padding does not make a share bar prose
        content = line.folded_content
        parts = [p for p in _SPLIT.split(content) if p]
        if not parts or len(content) > 60:
            return False
        named = [p for p in parts if p in tokens]
        rest = [p for p in parts if p not in tokens and not _COUNT.fullmatch(p)]
        # single-character tokens (大/中/小) count only beside a real share word
        return not rest and any(len(p) > 1 for p in named)
