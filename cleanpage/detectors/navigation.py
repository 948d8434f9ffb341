"""Site navigation and furniture: channel menus, ``科技要闻`` sections with their
headlines (and ``理财：…`` lists of them), ``返回顶部``, pagers, copyright and licence
lines.

A single short line such as ``手机`` can be content; a run of channel labels cannot. So
channel lines count only in clusters, and the headlines a cluster interleaves belong to
it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document, Line
from ..lexicons import boilerplate, phrase_pattern
from ..result import Edit
from ..script import han_count
from .base import Stage, Thresholds, removed_inside, whole_line_kinds
from .patterns import ends_with_full_stop, is_prose, without_leaders

_SPLIT = regex.compile(r"[\s|/·•]+")
# a page's pager: "[1][2][3][4]", "【1】【2】", "上一页 1 2 3 下一页" (bracketed numbers, or
# a previous or next link); a number ends where its digits do, so that a run of digits
# has one reading, not one per way of cutting it into numbers
_PAGER_START = frozenset("[【上下首尾末0123456789")  # (a first test, for every line)
_PAGER = regex.compile(
    r"(?:[\[【]\d{1,3}[\]】]\s*){2,}"
    r"|(?=.*(?:上一页|下一页))(?:(?:上一页|下一页|首页|尾页|末页|[\[【]?\d{1,3}(?!\d)[\]】]?)\s*)+"
)


class NavigationDetector:
    name: ClassVar[str] = "site-nav"
    stage: ClassVar[Stage] = "line"
    thresholds: ClassVar[Thresholds] = (
        ("min_labels", int),
        ("max_gap", int),
        ("max_headline", int),
    )

    def __init__(self, min_labels: int = 3, max_gap: int = 3, max_headline: int = 60) -> None:
        self.min_labels = min_labels
        self.max_gap = max_gap
        self.max_headline = max_headline

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        data = boilerplate()["site-nav"]
        furniture = frozenset(data["lines"])
        footer = phrase_pattern("site-nav", "contains")
        channels = frozenset(data["channels"])
        suffixes = tuple(data["label_suffixes"])
        lines = doc.nonblank()
        removed = removed_inside(doc, marks)
        edits: list[Edit] = []
        for line in lines:
            folded = line.folded_content
            if without_leaders(folded) in furniture:
                edits.append(doc.drop_line(line, "site-nav", "nav.furniture", 0.85))
            elif (
                len(folded) - removed.get(line.index, 0) <= 120
                and footer.search(folded)
                and not _sentence(folded)
            ):
                edits.append(doc.drop_line(line, "site-nav", "nav.copyright", 0.85))
            elif self._is_menu(folded, channels):
                edits.append(doc.drop_line(line, "site-nav", "nav.menu", 0.85))
            elif folded[:1] in _PAGER_START and len(folded) <= 80 and _PAGER.fullmatch(folded):
                edits.append(doc.drop_line(line, "site-nav", "nav.pager", 0.85))
        # Clusters are found among the lines that will remain: lines already dropped (a
        # timestamp, a spam line) do not keep labels apart, as they will not when the
        # output is cleaned again.
        gone = whole_line_kinds(doc, marks)
        lines = [ln for ln in lines if ln.index not in gone]
        labels = [i for i, ln in enumerate(lines) if _is_label(ln.folded_content, channels, suffixes)]
        label_set = set(labels)
        for a, b in self._clusters(labels):
            if any(ends_with_full_stop(lines[i]) for i in range(labels[a], b)):
                continue  # subheadings of an article (教育 / 健康 / 文化 …), not a menu
            end = b + 1
            # the headline(s) under the last label, when the labels have headlines under
            # them (科技要闻 / headline / 体育要闻 / headline); a bare menu of labels has
            # none, and the line after it is the page's own (its headline, often)
            if any(i not in label_set and han_count(lines[i].content) >= 6 for i in range(labels[a], b)):
                while end < len(lines) and end <= b + 2 and self._headline(lines[end]):
                    end += 1
            for i in range(labels[a], end):
                edits.append(doc.drop_line(lines[i], "site-nav", "nav.sections", 0.8))
        return edits

    def _clusters(self, labels: list[int]) -> list[tuple[int, int]]:
        """(first, last) positions, in ``labels``, of label clusters big enough."""
        out = []
        a = 0
        for k in range(1, len(labels) + 1):
            if k == len(labels) or labels[k] - labels[k - 1] > self.max_gap:
                if k - a >= self.min_labels:
                    out.append((a, labels[k - 1]))
                a = k
        return out

    def _headline(self, line: Line) -> bool:
        return line.size <= self.max_headline and not line.content.endswith("。")

    @staticmethod
    def _is_menu(folded: str, channels: frozenset[str]) -> bool:
        parts = [p for p in _SPLIT.split(folded) if p]
        return len(parts) >= 4 and sum(p in channels for p in parts) >= 0.75 * len(parts)


def _sentence(folded: str) -> bool:
    """A clause-and-full-stop line: prose that merely mentions a footer word."""
    return ("," in folded and folded.rstrip().endswith("。")) or is_prose(folded, 100)


def _is_label(folded: str, channels: frozenset[str], suffixes: tuple[str, ...]) -> bool:
    """A channel's label: its name (``财经``, ``科技要闻``), or its name and a colon before
    one of its headlines (``理财：银行还款是怎么算出来的``), as old portals list them."""
    if folded in channels:
        return True
    channel, colon, headline = folded.partition(":")
    if colon and channel.strip() in channels and headline.strip() and not headline.rstrip().endswith("。"):
        return True
    return any(folded.endswith(s) and 0 < len(folded) - len(s) <= 4 for s in suffixes)
