"""Author and account boxes: ``某某的网易号``, ``439文章数 2376关注度``, ``往期回顾``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import ClassVar

import regex

from ..document import Document
from ..lexicons import boilerplate, phrase_pattern
from ..result import Edit
from .base import Stage, Thresholds
from .patterns import opens_line

_CLAUSE = regex.compile(r"[，,。；;！？!?]")


@lru_cache(maxsize=1)
def _account() -> regex.Pattern[str]:
    """ "某某的网易号": a name and an account kind (built once, from the lexicon)."""
    accounts = "|".join(regex.escape(a) for a in boilerplate()["author-box"]["accounts"])
    return regex.compile(rf"\S{{1,20}}的(?:{accounts})")


class AuthorBoxDetector:
    name: ClassVar[str] = "author-box"
    stage: ClassVar[Stage] = "line"
    thresholds: ClassVar[Thresholds] = (("max_length", int),)

    def __init__(self, max_length: int = 40) -> None:
        self.max_length = max_length

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        phrases = phrase_pattern("author-box", "contains")
        account = _account()
        edits = []
        for line in doc.lines:
            folded = line.folded_content
            if not folded or len(folded) > self.max_length:
                continue
            if account.fullmatch(folded):
                edits.append(doc.drop_line(line, "author-box", "author.account", 0.85))
                continue
            m = phrases.search(folded)
            # "作者简介：…" or "439文章数 2376关注度"; not a sentence that mentions 他的文章
            if m and (opens_line(folded, m.start()) or not _CLAUSE.search(folded)):
                edits.append(doc.drop_line(line, "author-box", "author.phrase", 0.8))
        return edits
