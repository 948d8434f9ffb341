"""The article's frame in a scraped text page: furniture before its headline and after
its text.

A scraper that keeps a page's whole visible text captures the portal around the
article: the menu before the headline, one entry per line; after the article, share
labels, reader names, comment counters. Those lines carry no phrase a lexicon could
know (a channel's name, a reader's nickname), but they stand where an article has no
text. So the frame is found first, from the lines the other detectors leave:

- the article's **text** runs from its first paragraph to its last (long enough, and
  a full stop or two sentence marks: a headline ending in ？ is no paragraph), widened
  over nearby lines that are part of a sentence (a mark, a trailing comma: WeChat
  articles break sentences over lines) and, at the end, over a date alone on its line
  (a notice closes with its issuer and the date);
- the **headline** is a headline-shaped line a little before the text that an earlier
  line repeats as the page's ``<title>`` (``标题_网易财经``, or the headline alone).
  Without such a line nothing says where the page's furniture ends.

Dropped: the ``<title>`` line and the *furniture* lines (no sentence mark, no trailing
comma, no list item, a hanzi or a short ASCII label) before the headline; the
furniture after the text when there are ``min_run`` lines of it there, counting those
other detectors drop, and at least one of those (a share bar, a copyright line, a
comment thread: the page's foot, not the verse an article may end with). Never a
paragraph-shaped line, a list item, code or data: a wrong frame must not cost the
article a line. A clean article (its title first, its own last lines) has neither,
and comes back unchanged; so does a second cleaning, which finds no ``<title>`` line
and no furniture left.

Text pages only: an HTML page's extraction has already chosen the article's blocks
(:attr:`~cleanpage.document.Document.extracted`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document, Line
from ..result import Edit
from ..script import han_count
from .base import Stage, Thresholds, whole_line_kinds
from .patterns import TIMESTAMP, TIMESTAMP_WITH_TIME

KIND = "outside-content"
# a bullet or a number opens a list item: the article's own list, or a list of links
# whose items a reader may want; neither is dropped for its shape
_LIST_ITEM = regex.compile(r"[•·▪●◆■□○◇►▸\-*+]|\d{1,3}\s*[.、):]|[(（]\d{1,3}[)）]")
# a dateline or a source line: what follows a headline on nearly every portal (matched
# on folded lines: Simplified, so Traditional pages match too)
_META = regex.compile(r"来源|作者|发布|编辑|记者|责编|原创|字号")
# the end of a <title> line after the headline it repeats: a separator, then the site
_TITLE_SUFFIX = regex.compile(r"\s*[_|｜\-–—]+\s*\S.{0,40}")
_TITLE_HAN = (4, 60)  # Han characters a headline holds, at least and at most
_DATELINE_BONUS = 10
# an English paragraph ends with a full stop after a word
_ENGLISH_END = regex.compile(r"[a-z]{2}[.][\"'”’)]?$", regex.I)
_HAN = regex.compile(r"\p{Han}")
_ASCII_LABEL = regex.compile(r"[A-Za-z0-9][A-Za-z0-9 +&@.'-]{0,15}")
_SEPARATORS = regex.compile(r"[-|｜_/>»›【】\[\]·•]")
_DATE_LINE = regex.compile(r"\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})")
# a sentence's end: a Chinese mark, or an ASCII one (a page whose punctuation was
# flattened) before a space, a closing quote or bracket, or the line's end
_SENTENCE_MARK = regex.compile(r"[。！？；…]|[.!?;](?=[\s\"'”’」』)）]|$)")
_NOT_IN_HEADLINES = regex.compile(r"[。；;…]|[.](?=\s|$)")
_CONTINUED = ("，", ",", "、", "：", ":", "；", ";")
# lines with no sentence mark that may stand between the parts of an article's text
# at its edges ("但短暂的维修换来的是" in a sentence broken over lines)
_EDGE_GAP = 2


def _is_paragraph(text: str) -> bool:
    """Long enough, and more than one sentence mark or a full stop: a headline that ends
    in ? or ! (and its <title> line, ``…？_网易财经``) has one mark and no full stop."""
    if len(text) < 15 or (len(text) < 40 and han_count(text) < 15):
        return False
    # (the cheap test first: most paragraphs of Chinese hold a full stop)
    return "。" in text or _ENGLISH_END.search(text) is not None or len(_SENTENCE_MARK.findall(text)) >= 2


def _is_textual(text: str) -> bool:
    """Part of a sentence, however short: it has a sentence mark, or it breaks off after
    a comma (WeChat articles break one sentence over several lines)."""
    return _SENTENCE_MARK.search(text) is not None or text.endswith(_CONTINUED)


def _is_list_item(text: str) -> bool:
    return _LIST_ITEM.match(text) is not None


def _is_furniture(text: str) -> bool:
    """No sentence in it and no list item: a label, a menu entry, a headline link. A
    line with no hanzi only as a short label (``IT``, ``Qzone``): not code, not data."""
    if _is_textual(text) or _is_list_item(text):
        return False
    return _HAN.search(text) is not None or _ASCII_LABEL.fullmatch(text) is not None


def _headline_shaped(text: str) -> bool:
    if not _TITLE_HAN[0] <= han_count(text) <= _TITLE_HAN[1] or _is_list_item(text):
        return False
    if len(_SEPARATORS.findall(text)) >= 3:  # a menu or a toolbar: 首页-新闻-体育, 【推荐】【打印】
        return False
    # a headline may hold ? and ! ("意外！…"), but no full stop, no ; or …, and it
    # does not break off after a comma
    if text.endswith(_CONTINUED) or _NOT_IN_HEADLINES.search(text):
        return False
    return TIMESTAMP_WITH_TIME.search(text) is None


def _is_meta(text: str) -> bool:
    return len(text) <= 80 and (TIMESTAMP.search(text) is not None or _META.search(text) is not None)


class PageFrameDetector:
    name: ClassVar[str] = "page-frame"
    stage: ClassVar[Stage] = "zone"
    thresholds: ClassVar[Thresholds] = (("min_run", int), ("title_reach", int))

    def __init__(self, min_run: int = 5, title_reach: int = 25) -> None:
        self.min_run = min_run
        self.title_reach = title_reach

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        if doc.extracted:
            return []
        # judged on what will remain: a second cleaning sees only these lines
        gone = whole_line_kinds(doc, marks)
        lines = [ln for ln in doc.nonblank() if ln.index not in gone]
        texts = [ln.content for ln in lines]
        paragraph = [_is_paragraph(t) for t in texts]
        if sum(paragraph) < 2:
            return []
        first = _extend(texts, paragraph.index(True), -1)
        last = _extend(texts, len(paragraph) - 1 - paragraph[::-1].index(True), 1)
        edits: list[Edit] = []
        title = self._title(lines, texts, first)
        if title is not None:
            headline = texts[title].casefold()
            before = range(title)
            repeats = [i for i in before if _is_title_line(texts[i].casefold(), headline)]
            edits += [_drop(lines[i], "frame.page-title") for i in repeats]
            edits += [
                _drop(lines[i], "frame.before-title")
                for i in before
                if i not in repeats and _is_furniture(texts[i])
            ]
        # lines after the article that other detectors drop (a share bar, a related
        # list) count as furniture too, and one is needed: lines of verse at an
        # article's end look like labels, but no detector knows them
        end = lines[last].index
        dropped_after = sum(i > end for i in gone)
        tail = [ln for ln, t in zip(lines[last + 1 :], texts[last + 1 :], strict=True) if _is_furniture(t)]
        if dropped_after and len(tail) + dropped_after >= self.min_run:
            edits += [_drop(ln, "frame.after-body") for ln in tail]
        return edits

    def _title(self, lines: Sequence[Line], texts: Sequence[str], first: int) -> int | None:
        """The headline: of the headline-shaped lines a little before the article's
        first, one that an earlier line repeats as the page's ``<title>``; the longest
        if several are (a dateline under it counts ten characters more), the nearest
        on a tie. None when no line is so repeated: then nothing says where the page's
        furniture ends (the next cleaning, with the <title> line gone, agrees)."""
        page: list[str] = []  # the lines case-folded, once a candidate needs them
        best: tuple[int, int] | None = None
        for i in range(first - 1, max(-1, first - 1 - self.title_reach), -1):
            if not _headline_shaped(texts[i]):
                continue
            page = page or [t.casefold() for t in texts[:first]]
            if not _repeated_before(page, i):
                continue
            score = min(han_count(texts[i]), 30)
            if any(_is_meta(ln.folded_content) for ln in lines[i + 1 : min(first, i + 4)]):
                score += _DATELINE_BONUS
            if best is None or score > best[0]:
                best = (score, i)
        return best[1] if best is not None else None


def _drop(line: Line, rule: str) -> Edit:
    return Edit(line.start, line.end, "", KIND, rule, 0.7, line.text)


def _is_title_line(line: str, headline: str) -> bool:
    """Is ``line`` the page's ``<title>``: ``headline``, maybe a separator and a site's
    name after it?"""
    if not line.startswith(headline):
        return False
    return len(line) == len(headline) or _TITLE_SUFFIX.fullmatch(line, len(headline)) is not None


def _repeated_before(page: Sequence[str], index: int) -> bool:
    """Does a line before ``page[index]`` repeat it as the page's ``<title>``?"""
    return any(_is_title_line(other, page[index]) for other in page[:index])


def _extend(texts: Sequence[str], edge: int, step: int) -> int:
    """The article's first (``step`` -1) or last (1) line, from its first or last
    paragraph: textual lines (:func:`_is_textual`) close enough to it belong to it."""
    gap = 0
    i = edge + step
    while 0 <= i < len(texts) and gap <= _EDGE_GAP:
        if step < 0 and _headline_shaped(texts[i]):
            break  # a headline opens the article; it is not its text
        if _is_textual(texts[i]) or (step > 0 and _DATE_LINE.fullmatch(texts[i])):
            # (a date alone closes a notice or a letter, under its issuer's name)
            edge, gap = i, 0
        else:
            gap += 1
        i += step
    return edge
