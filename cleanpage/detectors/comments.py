"""Readers' comments saved with a page: a thread of bylines and action bars.

A comment is a reader's name and a time, the comment, and a bar of actions
(``今天08:23举报赞188回复``, ``回复 ⋅ 26条回复``, ``网友12345 3小时前``); portals differ in
the order, never in the repetition. A comment's text reads like an article's sentence,
so it is found by the short lines around it: *bylines*, short lines with no sentence in
them that end in a relative time (``5小时前``), hold a masked address
(``[219.130.79.*]``), or hold a time or a second action beside an action word. Three
bylines or more, each a few lines from the next, two of them of the last two shapes
(a sentence can end in "3天前"; only comments have action bars), are a thread: the
bylines and every line between the first and the last go. A line or two of the thread's first and last
comments may stay; the page frame (:mod:`.frame`) judges what follows the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document
from ..lexicons import boilerplate, phrase_pattern
from ..result import Edit
from .base import Stage, Thresholds, whole_line_kinds
from .patterns import SENTENCE_PUNCT, TIMESTAMP

KIND = "comments"
_RELATIVE_TIME = regex.compile(r"\d{1,3}\s*(?:秒|分钟|小时|天|周|个月)前$")
_MASKED_ADDRESS = regex.compile(r"\[\d{1,3}\.\d{1,3}\.\d{1,3}\.\*\]")
_WEAK, _STRONG = 1, 2
# what may stand beside a header: a count in brackets, a colon, arrows ("热门评论(12)",
# "网友评论 >>"); a sentence or a longer line is no header
_HEADER_TRIM = regex.compile(r"[\s:>›»]*(?:[(\[]\d{1,6}[)\]])?[\s:>›»]*$|\s+")


def _header_text(folded: str) -> str:
    """A folded line without what may stand beside a header; "" for a line too long to
    be one."""
    return _HEADER_TRIM.sub("", folded) if len(folded) <= 20 else ""


class CommentThreadDetector:
    name: ClassVar[str] = "comments"
    stage: ClassVar[Stage] = "line"
    thresholds: ClassVar[Thresholds] = (("min_bylines", int), ("max_gap", int), ("max_byline", int))

    def __init__(self, min_bylines: int = 3, max_gap: int = 4, max_byline: int = 40) -> None:
        self.min_bylines = min_bylines
        self.max_gap = max_gap
        self.max_byline = max_byline

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        actions = phrase_pattern("comments", "actions")
        words = frozenset(boilerplate()["comments"]["actions"])
        # judged on what will remain, as the next cleaning sees it
        gone = whole_line_kinds(doc, marks)
        lines = [ln for ln in doc.nonblank() if ln.index not in gone]
        kinds = [self._byline(ln.folded_content, actions, words) for ln in lines]
        bylines = [i for i, kind in enumerate(kinds) if kind]
        edits: list[Edit] = []
        headers = frozenset(boilerplate()["comments"]["headers"])
        buttons = frozenset(boilerplate()["comments"]["buttons"])
        for line in lines:
            label = _header_text(line.folded_content)
            if label in headers:
                edits.append(doc.drop_line(line, KIND, "comments.header", 0.85))
            elif label in buttons:
                edits.append(doc.drop_line(line, KIND, "comments.button", 0.85))
        start = 0
        for k in range(1, len(bylines) + 1):
            if k == len(bylines) or bylines[k] - bylines[k - 1] > self.max_gap:
                # a line that ends in a relative time can be a sentence's ("3天前"): a
                # thread needs two bylines of the other shapes, which only comments have
                strong = sum(kinds[i] == _STRONG for i in bylines[start:k])
                if k - start >= self.min_bylines and strong >= 2:
                    for line in lines[bylines[start] : bylines[k - 1] + 1]:
                        edits.append(doc.drop_line(line, KIND, "comments.thread", 0.8))
                start = k
        return edits

    def _byline(self, folded: str, actions: re.Pattern[str], words: frozenset[str]) -> int:
        """0: no byline; :data:`_WEAK`: a name and a relative time; :data:`_STRONG`: an
        action bar or a masked address."""
        text = "".join(folded.split())
        if not text or len(text) > self.max_byline or SENTENCE_PUNCT.search(folded):
            return 0
        if _MASKED_ADDRESS.search(text):
            return _STRONG
        found = set(actions.findall(text)) & words
        if len(found) >= 2 or (found and TIMESTAMP.search(text) is not None):
            return _STRONG
        return _WEAK if _RELATIVE_TIME.search(text) else 0
