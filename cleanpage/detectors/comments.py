"""Readers' comments saved with a page: a thread of bylines and action bars, and the
comment box around it.

A comment is a reader's name and a time, the comment, and a bar of actions
(``今天08:23举报赞188回复``, ``回复 ⋅ 26条回复``, ``网友12345 3小时前``); portals differ in
the order, never in the repetition. A comment's text reads like an article's sentence,
so it is found by the short lines around it: *bylines*, short lines with no sentence in
them that end in a relative time (``5小时前``), hold a masked address
(``[219.130.79.*]``, ``ip:113.116.*.*``), or hold a time or a second action beside an
action word. Three bylines or more, each a few lines from the next, two of them of the
last two shapes (a sentence can end in "3天前"; only comments have action bars), are a
thread; so are two bylines with masked addresses, which nothing else prints. The
bylines and every line between the first and the last go. A line or two of the
thread's first and last comments may stay; the page frame (:mod:`.frame`) judges what
follows the article.

The box's own lines go too: its header (``热门评论``, ``■ 我来说两句``, ``更多评论 共 4 条评论``),
which opens the page's foot after an article (:mod:`.footer`); its buttons (``发表评论``);
a form's labels with nothing filled in (``用户: 密码:``), an anchor as well; and its
notices (``请注意语言文明``, ``评论将在5分钟内审核``).
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
from .patterns import SENTENCE_PUNCT, TIMESTAMP, without_leaders

KIND = "comments"
_RELATIVE_TIME = regex.compile(r"\d{1,3}\s*(?:秒|分钟|小时|天|周|个月)前$")
# a reader's address with its last part (or two) masked: "[219.130.79.*]", "ip:113.116.*.*"
_MASKED_ADDRESS = regex.compile(r"(?:[\[(]|ip:?\s*)\d{1,3}\.\d{1,3}\.(?:\d{1,3}|\*)\.\*")
_WEAK, _STRONG, _MASKED = 1, 2, 3  # byline shapes; a masked address is a strong one
# what may stand beside a header: bullets before it, a count ("热门评论(12)", "更多评论
# 共 4 条评论"), a colon, arrows ("网友评论 >>"); a sentence or a longer line is no header
_HEADER_TRIM = regex.compile(
    r"[\s:>›»]*(?:[(\[]\d{1,6}[)\]]|共\s*\d{1,6}\s*条(?:评论|跟贴|留言|回复)?)?[\s:>›»]*$|\s+"
)
# a form's labels with nothing filled in: "用户: 密码:", "网易通行证: 密码:"
_EMPTY_FORM = regex.compile(r"(?:\p{Han}[\p{Han} ]{0,5}:\s*){2,}")
_MAX_FORM, _MAX_NOTICE = 24, 40


def _header_text(folded: str) -> str:
    """A folded line without what may stand beside a header; "" for a line too long to
    be one."""
    return _HEADER_TRIM.sub("", without_leaders(folded)) if len(folded) <= 20 else ""


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
        notices = phrase_pattern("comments", "notices")
        for line in lines:
            folded = line.folded_content
            label = _header_text(folded)
            if label in headers:
                edits.append(doc.drop_line(line, KIND, "comments.header", 0.85))
            elif label in buttons:
                edits.append(doc.drop_line(line, KIND, "comments.button", 0.85))
            elif len(folded) <= _MAX_FORM and _EMPTY_FORM.fullmatch(folded):
                edits.append(doc.drop_line(line, KIND, "comments.form", 0.8))
            elif len(folded) <= _MAX_NOTICE and notices.search(folded):
                edits.append(doc.drop_line(line, KIND, "comments.notice", 0.8))
        start = 0
        for k in range(1, len(bylines) + 1):
            if k == len(bylines) or bylines[k] - bylines[k - 1] > self.max_gap:
                # a line that ends in a relative time can be a sentence's ("3天前"): a
                # thread needs two bylines of the other shapes, which only comments have
                # (two masked addresses are enough: no article prints a reader's)
                strong = sum(kinds[i] >= _STRONG for i in bylines[start:k])
                masked = sum(kinds[i] == _MASKED for i in bylines[start:k])
                if (k - start >= self.min_bylines and strong >= 2) or masked >= 2:
                    for line in lines[bylines[start] : bylines[k - 1] + 1]:
                        edits.append(doc.drop_line(line, KIND, "comments.thread", 0.8))
                start = k
        return edits

    def _byline(self, folded: str, actions: re.Pattern[str], words: frozenset[str]) -> int:
        """0: no byline; :data:`_WEAK`: a name and a relative time; :data:`_STRONG`: an
        action bar; :data:`_MASKED`: a masked address."""
        text = "".join(folded.split())
        if not text or len(text) > self.max_byline or SENTENCE_PUNCT.search(folded):
            return 0
        if _MASKED_ADDRESS.search(text):
            return _MASKED
        found = set(actions.findall(text)) & words
        if len(found) >= 2 or (found and TIMESTAMP.search(text) is not None):
            return _STRONG
        return _WEAK if _RELATIVE_TIME.search(text) else 0
