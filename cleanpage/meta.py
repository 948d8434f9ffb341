"""Article metadata: author, source (publisher), publication time, canonical URL.

Values come from where a page states them: a site rule's selectors, the standard
``<meta>`` tags, or the info line a portal prints under the title
(``2024-03-05 10:21:33　来源：新华社　作者：张三``). Times are written as ISO 8601; a time
without a zone on a Chinese page is Beijing time (UTC+8, as in Taiwan, Hong Kong and
Macau too), so it gets ``+08:00``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import regex

from .script import han_count


@dataclass(slots=True)
class Metadata:
    """What a page says about its article. ``source`` is the publisher (来源), not
    the input text (that is :attr:`Result.source`)."""

    title: str | None = None
    author: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    site: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_DATE = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_CLOCK = r"(?P<h>\d{1,2})\s*[:：时]\s*(?P<mi>\d{2})(?:\s*[:：分]\s*(?P<s>\d{2}))?(?:\.\d+)?"
_ZONE = r"\s*(?P<z>Z|[+-]\d{2}:?\d{2}(?![\d:]))?"
TIME = regex.compile(rf"{_DATE}(?:\s*[T ]?\s*{_CLOCK}{_ZONE})?")

_LABEL = r"(?:来\s*源|來\s*源|稿源|出处|出處|来自|來自|source)"
SOURCE = regex.compile(
    rf"{_LABEL}\s*[:：]\s*(?P<v>[\[【(（]?\s*[^\s|｜，,;；:：\]】)）]{{1,40}}\s*[\]】)）]?)", regex.IGNORECASE
)
_AUTHOR_LABEL = r"(?:作\s*者|记\s*者|記\s*者|撰\s*文|author|by)"
AUTHOR = regex.compile(
    rf"(?:{_AUTHOR_LABEL}\s*[:：]\s*|(?<![\w])文\s*[/／|｜]\s*|记者\s+)(?P<v>[^\s|｜，,;；:：()（）]{{1,30}})",
    regex.IGNORECASE,
)
_AUTHOR_STRIP = regex.compile(rf"^\s*(?:{_AUTHOR_LABEL}|文|编辑|作者)\s*[:：/／]?\s*", regex.IGNORECASE)


def parse_time(text: str, beijing: bool) -> str | None:
    """The first date (and time) in ``text`` as ISO 8601, or None."""
    for m in TIME.finditer(text):
        y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        if m["h"] is None:
            return f"{y:04d}-{mo:02d}-{d:02d}"
        h, mi, s = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
        if h > 23 or mi > 59 or s > 59:
            continue
        zone = m["z"]
        if zone == "Z":
            tz = "+00:00"
        elif zone:
            digits = zone.replace(":", "")
            tz = f"{digits[:3]}:{digits[3:]}"
        else:
            tz = "+08:00" if beijing else ""
        return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{tz}"
    return None


# labels that follow a value with no space between (adjacent <span>s): a value ends there
_NEXT_LABEL = regex.compile(
    r"(?:作\s*者|来\s*源|來\s*源|信息来源|责任编辑|責任編輯|编辑|編輯|发布|發布|时间|時間|日期|浏览|瀏覽|点击|點擊|"
    r"阅读|閱讀|字号|字號|审核|審核|分享|企鹅号|网易号|百家号|搜狐号|头条号|大鱼号|记者|記者)"
)
_BRACKETS = "[]【】()（）〔〕<>《》「」"
# "2005年04月12日07:31 京华时报": a portal's time-then-source line
_TIME_THEN_SOURCE = regex.compile(rf"(?:{TIME.pattern})\s+(?P<v>\p{{Han}}{{2,10}})\s*$")
_BYLINE = regex.compile(r"(?:记者|記者)\s*(?P<v>\p{Han}{2,4})\s*[/／]")


def _value(raw: str) -> str | None:
    """A field value cut where the next label starts, without brackets around it."""
    value = raw.strip().strip(_BRACKETS).strip()
    m = _NEXT_LABEL.search(value, 1)
    if m:
        value = value[: m.start()]
    m = regex.search(r"\d", value)
    if m and m.start() > 0 and not regex.search(r"[A-Za-z]", value):
        value = value[: m.start()]
    value = value.strip().strip(_BRACKETS + "·|｜:：").strip()
    for word in _NOT_A_NAME:
        if value.startswith(word) and len(value) > len(word):
            value = value[len(word) :].strip()
    return value or None


def find_source(texts: Iterable[str]) -> str | None:
    texts = list(texts)
    for text in texts:
        m = SOURCE.search(text)
        value = _value(m["v"]) if m else None
        if value:
            return value
    for text in texts:
        m = _TIME_THEN_SOURCE.search(text)
        if m:
            return m["v"]
    return None


def find_author(texts: Iterable[str]) -> str | None:
    for text in texts:
        m = AUTHOR.search(text) or _BYLINE.search(text)
        value = _value(m["v"]) if m else None
        if value:
            return value
    return None


_NOT_A_NAME = frozenset({"原创", "原創", "转载", "轉載", "独家", "獨家", "来源", "來源"})


def clean_author(text: str) -> str | None:
    """An author element's text without its label ("作者：张三" -> "张三"); None when
    the element holds more than a name and no labelled author."""
    flat = " ".join(text.split())
    m = AUTHOR.search(flat) or _BYLINE.search(flat)
    if m:
        return _value(m["v"])
    value = _value(_AUTHOR_STRIP.sub("", TIME.sub("", flat)))
    if not value or value in _NOT_A_NAME or len(value) > 30 or any(c.isdigit() for c in value):
        return None
    return value


_NUMBERS = regex.compile(r"[\d:：/-]+")
_LABEL_ONLY = regex.compile(rf"{_LABEL}\s*[:：]?")


def clean_source(text: str) -> str | None:
    """A source element's text: the value after a 来源 label, else the first word that
    is not a time or a label ("原创 南方都市报 2019-09-09 16:01" -> "南方都市报")."""
    flat = " ".join(text.split())
    m = SOURCE.search(flat)
    if m:
        return _value(m["v"])
    m = _TIME_THEN_SOURCE.search(flat)
    if m:
        return m["v"]
    words = (w for w in TIME.sub(" ", flat).split() if w not in _NOT_A_NAME)
    # a fourth word means no answer: the rest of a long element is never read
    names = (w for w in words if not _NUMBERS.fullmatch(w) and not _LABEL_ONLY.fullmatch(w))
    kept = list(itertools.islice(names, 4))
    return _value(kept[0][:40]) if kept and len(kept) <= 3 else None


def is_chinese(text: str) -> bool:
    """Mostly Han text: its displayed times are UTC+8."""
    sample = text[:20_000]
    return han_count(sample) >= 20


def text_metadata(meta_lines: list[str], text: str, url: str | None, site: str | None) -> Metadata:
    """Metadata of a text page, read from the lines removed as publishing info."""
    chinese = is_chinese(text)
    published = None
    for line in meta_lines:
        published = parse_time(line, chinese)
        if published:
            break
    return Metadata(
        title=text.split("\n", 1)[0] if text else None,
        author=find_author(meta_lines),
        source=find_source(meta_lines),
        published=published,
        url=url,
        site=site,
    )
