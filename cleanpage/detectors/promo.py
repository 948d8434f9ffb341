"""Calls to action (``扫码关注``, ``试用请访问：``) and the bare link that follows them.

Two signals, either enough: a short line with a call-to-action phrase (or a text-message
subscription, ``发送GP到6666``); or a short line that ends in a colon and introduces a
bare link on the next line (which still works when mojibake has eaten the phrase
itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document
from ..lexicons import phrase_pattern
from ..result import Edit
from .base import Stage, Thresholds
from .patterns import SENTENCE_PUNCT, is_url, opens_line

_CLAUSE = regex.compile(r"[，,；;]")
# a text-message subscription: "发送GP到6666", "编辑短信ZX发送至10668888" (its code and
# number are the whole message, so it may follow a slogan: "订阅家庭理财！发送GP到6666")
_SMS = regex.compile(r"(?:发送?|编辑|短信)\s*[a-z0-9]{1,10}\s*(?:发送)?\s*[到至]\s*\d{4,}")
# "论文地址：", "原文链接：" introduce a reference, not an advertisement
_REFERENCE = regex.compile(r"(?:地址|链接|网址|来源|出处|原文|主页|全文|下载)\s*:$")


class PromoDetector:
    name: ClassVar[str] = "promo"
    stage: ClassVar[Stage] = "line"
    thresholds: ClassVar[Thresholds] = (("max_length", int),)

    def __init__(self, max_length: int = 60) -> None:
        self.max_length = max_length

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        phrases = phrase_pattern("promo", "contains")
        lines = doc.nonblank()
        promo = [self._is_call(ln.folded_content, phrases) for ln in lines]
        links = [is_url(ln.folded) for ln in lines]
        for i, line in enumerate(lines[:-1]):
            folded = line.folded_content
            introduces = folded.endswith(":") and not _REFERENCE.search(folded)
            if links[i + 1] and len(folded) <= 40 and introduces and not links[i]:
                promo[i] = True
        edits = []
        for i, line in enumerate(lines):
            if promo[i]:
                edits.append(doc.drop_line(line, "promo", "promo.call-to-action", 0.85))
            elif links[i] and i > 0 and promo[i - 1]:
                edits.append(doc.drop_line(line, "promo", "promo.link", 0.8))
        return edits

    def _is_call(self, folded: str, phrases: re.Pattern[str]) -> bool:
        """Imperative and short: "长按识别二维码，关注…" or "…请访问:", not a report
        such as "记者点击链接后发现，…。"."""
        if len(folded) > self.max_length:
            return False
        if _SMS.search(folded) and not folded.rstrip().endswith("。"):
            return True  # (a sentence that tells how to subscribe is an article's)
        if SENTENCE_PUNCT.search(folded.rstrip("。!")):
            return False
        m = phrases.search(folded)
        return m is not None and (opens_line(folded, m.start()) or not _CLAUSE.search(folded))
