"""Share and like toolbars: ``分享至``, ``微信 微博 QQ空间``, ``37评论收藏`` (buttons run
together), and the bare counts beside them."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import ClassVar

import regex

from ..document import Document, Line
from ..lexicons import boilerplate
from ..result import Edit
from .base import Stage, Thresholds

_SPLIT = regex.compile(r"[\s|/·•,:\[\]【】]+")
_NUMBER = regex.compile(r"\d+(?:\.\d+)?[万wk+]?")
_COUNT = regex.compile(rf"{_NUMBER.pattern}|\d+\s*(?:人参与|条评论|跟贴|阅读|赞)")


@lru_cache(maxsize=1)
def _token_chars() -> tuple[frozenset[str], int]:
    """Every character a token holds (digits too), and the longest token's length."""
    tokens = boilerplate()["share-widget"]["tokens"]
    return frozenset("".join(tokens) + "0123456789.万wk+"), max(map(len, tokens))


def _glued(part: str, tokens: frozenset[str]) -> bool:
    """Is ``part`` tokens and numbers written with nothing between them ("37评论收藏",
    "1032人参与308评论")? Segmented left to right (no pattern: a repeated alternation
    of overlapping tokens and digit runs backtracks without bound)."""
    chars, longest = _token_chars()
    if not chars.issuperset(part):
        return False  # (most parts: a character no token has)
    ends = [False] * (len(part) + 1)
    ends[0] = True
    for i in range(len(part)):
        if not ends[i]:
            continue
        number = _NUMBER.match(part, i)
        if number:
            ends[number.end()] = True
        for k in range(1, min(longest, len(part) - i) + 1):
            if part[i : i + k] in tokens:
                ends[i + k] = True
    return ends[-1]


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
        if any(not _glued(p, tokens) for p in rest):
            return False
        # single-character tokens (大/中/小) count only beside a real share word, alone
        # or glued to others
        return any(len(p) > 1 for p in named) or any(t in p for p in rest for t in tokens if len(t) > 1)
