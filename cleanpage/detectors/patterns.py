"""Small shared predicates on folded lines (see :func:`cleanpage.script.fold`)."""

from __future__ import annotations

import regex

from ..document import EDGE, Line
from ..script import han_count

# Dates and times as portals print them: 2026-04-28 14:56:14, 2026/4/28 14:56, 04-28 14:56,
# 2026年4月28日 14:56, 3小时前, 昨天 12:30.
TIMESTAMP = regex.compile(
    r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/月]\d{1,2}日?|今天|昨天|前天)"
    r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}:\d{2}(?::\d{2})?"
    r"|\d{1,3}\s*(?:秒|分钟|小时|天|周|个月|年)前|刚刚"
)
# A stamp with a time of day: a bare date line can be an article's own dateline.
TIMESTAMP_WITH_TIME = regex.compile(
    r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/月]\d{1,2}日?)\s*\d{1,2}:\d{2}(?::\d{2})?"
)
URL_LINE = regex.compile(
    r"(?:https?://|www\.)[\w.-]+(?:/[\w./?%&=#~+:-]*)?|[\w-]+(?:\.[\w-]+)+/[\w./?%&=#~+:-]*"
)
SENTENCE_PUNCT = regex.compile(r"[。！？；…]|[.!?;](?=\s|$)")


_PARAGRAPH_END = regex.compile(r"(?:[。！？!?…]|[.](?<=\w\.)|[。！？!?][”」』\"'])\s*$")


def is_paragraph(line: Line) -> bool:
    """A line that ends like a sentence and is long enough to be body text."""
    text = line.content
    return len(text) >= 30 and _PARAGRAPH_END.search(text) is not None


_FULL_STOP_END = regex.compile(r"(?:。|(?<=\w)\.)[”」』\"')）)]?\s*$")


def ends_with_full_stop(line: Line) -> bool:
    """A statement paragraph: long and closed by a full stop. Headlines end with ！ or ？
    or nothing, hardly ever with 。, so this tells body text from a list of headlines."""
    text = line.content
    return len(text) >= 30 and _FULL_STOP_END.search(text) is not None


_SENTENCE_END = regex.compile(r"[。！？!?…][”」』\"')）)]?\s*$")


def is_sentence(line: Line, min_han: int = 6) -> bool:
    """A line of Chinese that ends like a sentence, however short."""
    text = line.content
    return _SENTENCE_END.search(text) is not None and han_count(text) >= min_han


_LEAD_MARKS = " \t*#※▲►☞·•【["  # bullets and brackets that may open a line
# list markers and section bullets that portals put before a label ("■ 相关链接",
# "· 登录", "-- 给编辑写信", "◆ 相关新闻"): a label is read without them
_LEADER_MARKS = "■□▪▫●○◆◇▲△▼▽▶►▸☞※·•‧∙*#-—–~>»"
_LEADERS = regex.compile(rf"[\s{regex.escape(_LEADER_MARKS)}]+")


def without_leaders(folded: str) -> str:
    """``folded`` without the list markers and section bullets before its first word."""
    if not folded or not (folded[0] in _LEADER_MARKS or folded[0].isspace()):
        return folded  # (most lines: asked of every line by three detectors)
    leaders = _LEADERS.match(folded)
    return folded[leaders.end() :] if leaders else folded


def opens_line(folded: str, offset: int) -> bool:
    """Does ``offset`` fall at the line's first word (after bullets and brackets)?
    Labels and calls to action open their line; a sentence mentions them later."""
    return offset == len(folded) - len(folded.lstrip(_LEAD_MARKS))


def is_timestamp(folded: str) -> bool:
    return TIMESTAMP.fullmatch(folded.strip(EDGE)) is not None


def is_url(folded: str) -> bool:
    return URL_LINE.fullmatch(folded.strip(EDGE)) is not None


def is_prose(text: str, min_length: int = 60) -> bool:
    """A long line with sentence punctuation: what article paragraphs look like."""
    return len(text) >= min_length and SENTENCE_PUNCT.search(text) is not None
