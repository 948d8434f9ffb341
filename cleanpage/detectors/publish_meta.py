"""Publishing metadata lines: a bare date-and-time, ``来源：…``, ``责任编辑：…``, the
fields portals print together (``发布时间：… 来源：… 浏览次数：…``, often with no space
between them when they came from adjacent HTML elements), ``（原标题：…）`` and bare
photo credits (``（资料照）``, ``（图片来源：…）``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import ClassVar

import regex

from ..document import Document
from ..lexicons import boilerplate
from ..result import Edit
from ..script import han_count
from .base import Stage, Thresholds
from .patterns import TIMESTAMP_WITH_TIME


class PublishMetaDetector:
    name: ClassVar[str] = "publish-meta"
    stage: ClassVar[Stage] = "line"
    thresholds: ClassVar[Thresholds] = (("max_length", int),)

    def __init__(self, max_length: int = 100) -> None:
        self.max_length = max_length

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        meta_line = _meta_line()
        edits = []
        for line in doc.lines:
            folded = line.folded_content
            if not folded or len(folded) > self.max_length:
                continue
            if _fullmatch(meta_line, folded) or _ORIGINAL_TITLE.fullmatch(folded):
                edits.append(doc.drop_line(line, "publish-meta", "publish-meta.line", 0.8))
            elif _byline_with_time(folded):
                edits.append(doc.drop_line(line, "publish-meta", "publish-meta.byline", 0.75))
            elif _CREDIT.fullmatch(folded):
                edits.append(doc.drop_line(line, "publish-meta", "publish-meta.credit", 0.8))
        return edits


@lru_cache(maxsize=1)
def _meta_line() -> regex.Pattern[str]:
    """A line of publishing fields (built once: the labels come from the lexicon)."""
    labels = "|".join(
        regex.escape(x) for x in sorted(boilerplate()["publish-meta"]["labels"], key=len, reverse=True)
    )
    # a value is short and has no sentence punctuation: "来源：新华社", not a question
    field = rf"(?:{labels})\s*:\s*[^\s:。？！?!；;，,][^:。？！?!；;]{{0,24}}?"
    stamp = TIMESTAMP_WITH_TIME.pattern
    fields = (
        rf"(?:(?:发布于|发表于|发布时间:?|时间:?)\s*)?(?:{stamp})(?:\s*{field})*\s*(?:{field}\s*)*"
        rf"|{field}(?:\s*(?:{stamp}|{field}))*"
    )
    # a field left empty at the end (a counter the page fills in by script)
    fields = rf"(?:{fields})(?:\s*(?:{labels})\s*:)?"
    # the same, wrapped in brackets: "(责任编辑:王晓燕)", "[责任编辑:]"
    return regex.compile(rf"[(\[【]\s*(?:{fields}|(?:{labels})\s*:)\s*[)\]】]|{fields}")


def _byline_with_time(folded: str) -> bool:
    """ "陈一鸣·2023-11-12 21:08:45 阅读 3.2万": a time of day, a name and counters,
    no sentence."""
    m = TIMESTAMP_WITH_TIME.search(folded)
    if m is None or len(folded) > 40 or _SENTENCE.search(folded):
        return False
    rest = folded[: m.start()] + " " + folded[m.end() :]
    return han_count(rest) <= 10


_SENTENCE = regex.compile(r"[。！？!?；;，,]")
_TIMEOUT = 0.2  # seconds; the field alternation is bounded by max_length, this is a backstop


def _fullmatch(pattern: regex.Pattern[str], text: str) -> bool:
    try:
        return pattern.fullmatch(text, timeout=_TIMEOUT) is not None
    except TimeoutError:
        return False


# "原标题：…" and "（原标题：…）" on a line of their own
_ORIGINAL_TITLE = regex.compile(r"[(\[【]?\s*原标题\s*:[^\n]{1,100}?[)\]】]?")
# a photo credit alone on a line: "（资料照）", "（图片来源：视觉中国）", "（张三 摄）", "图/新华社"
_CREDIT = regex.compile(
    r"[(\[【]\s*(?:资料(?:照片?|图片?)|图片来源\s*:[^()]{1,20}|图源\s*:[^()]{1,20}|[^()]{1,12}\s*摄|"
    r"[^()]{1,12}供图|图\s*[/:][^()]{1,16}|摄影\s*:[^()]{1,12})\s*[)\]】]"
    r"|(?:图片来源|图源)\s*:[^。！？]{1,20}"
)
