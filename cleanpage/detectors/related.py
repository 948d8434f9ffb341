"""Recommendation lists after an article: ``相关推荐`` headers and runs of
headline / (repeated headline) / source / timestamp items.

The signal is structural, so it holds for portals nobody wrote a rule for: items end
with a timestamp line, each item is a few short lines, and three or more items follow
one another. Lists without timestamps are caught when headlines come in adjacent
duplicate pairs (the title link and the image link of one card).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document, Line
from ..lexicons import boilerplate
from ..result import Edit
from .base import Stage, Thresholds, whole_line_kinds
from .patterns import is_paragraph, is_timestamp, without_leaders

_STRUCTURAL = frozenset({"nav.sections"})
_TRIM = regex.compile(r"[\s:>›»]+|更多$")
# a header may follow a qualifier of up to _QUALIFIER characters ("精品" 专题推荐) when it
# has _QUALIFIED_WORD characters or more, in a line of at most _QUALIFIED_HEADER
_QUALIFIER, _QUALIFIED_WORD, _QUALIFIED_HEADER = 4, 4, 10
# lists found in what the lists already found leave: rarely more than two rounds
_ROUNDS = 8


def is_header(line: Line, headers: frozenset[str]) -> bool:
    """A short line that is a header of the lexicon, after bullets ("■ 相关链接"), or
    one of its longer headers after a short qualifier ("财经热点推荐", "本周点击排行")."""
    folded = line.folded_content
    if len(folded) > 16:
        return False
    text = _TRIM.sub("", without_leaders(folded))
    if text in headers:
        return True
    return len(text) <= _QUALIFIED_HEADER and any(
        text[-k:] in headers for k in range(max(_QUALIFIED_WORD, len(text) - _QUALIFIER), len(text))
    )


class RelatedListDetector:
    name: ClassVar[str] = "related-list"
    stage: ClassVar[Stage] = "line"
    thresholds: ClassVar[Thresholds] = (
        ("min_items", int),
        ("max_item_lines", int),
        ("max_line", int),
    )

    def __init__(self, min_items: int = 3, max_item_lines: int = 5, max_line: int = 80) -> None:
        self.min_items = min_items
        self.max_item_lines = max_item_lines
        self.max_line = max_line

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        headers = frozenset(boilerplate()["related-list"]["headers"])
        # a list is judged on what will remain: lines already dropped (an injected spam
        # line, markup, a breadcrumb) do not break it, as they will not on a second pass.
        # Bare timestamps stay: publish-meta claims them too, but they delimit the items;
        # so do lines another structural guess (a navigation cluster) claimed.
        gone = whole_line_kinds(doc, marks)
        dropped = {i for i, m in gone.items() if m.rule not in _STRUCTURAL}
        lines = [ln for ln in doc.nonblank() if ln.index not in dropped or is_timestamp(ln.folded)]
        listed: dict[int, str] = {}  # line index -> rule
        for line in lines:
            if is_header(line, headers):
                listed[line.index] = "related.header"
        # Removing a list brings the lines around it together, and they can read as a
        # list of their own (twin headlines meeting across the gap, or across a
        # timestamp that delimited items here and is gone with its publish-meta mark):
        # look again at what is left until nothing more is found, as the next cleaning
        # would.
        rest = lines
        for _ in range(_ROUNDS):
            for a, b in self._timestamp_runs(rest, headers) + self._twin_runs(rest):
                for line in rest[a:b]:
                    listed.setdefault(line.index, "related.items")
            left = [ln for ln in rest if ln.index not in listed and ln.index not in gone]
            if len(left) == len(rest):
                break
            rest = left
        return [
            doc.drop_line(doc.lines[i], "related-list", rule, 0.9 if rule == "related.header" else 0.85)
            for i, rule in sorted(listed.items())
        ]

    def _timestamp_runs(self, lines: list[Line], headers: frozenset[str]) -> list[tuple[int, int]]:
        """Runs of >= min_items items, each a few short lines ending with a timestamp.

        An item is read backwards from its timestamp, stopping at the previous timestamp,
        a list header, a long line or a sentence, so an article above the first item is
        never part of it. Items form a run when each starts right after the last, and
        as the items of one list have one shape, the first is no longer than the others.
        """
        items: list[tuple[int, int]] = []  # (first line, timestamp line)
        for s, line in enumerate(lines):
            if not is_timestamp(line.folded):
                continue
            start = s
            while start > 0 and s - start < self.max_item_lines:
                prev = lines[start - 1]
                if (
                    is_timestamp(prev.folded)
                    or is_header(prev, headers)
                    or prev.size > self.max_line
                    or is_paragraph(prev)
                    or prev.content.endswith("。")
                ):
                    break
                start -= 1
            if start < s:  # a timestamp with nothing above it is not an item
                items.append((start, s))
        runs: list[tuple[int, int]] = []
        group: list[tuple[int, int]] = []
        for item in [*items, (-1, -1)]:
            if group and item[0] == group[-1][1] + 1:
                group.append(item)
                continue
            if len(group) >= self.min_items:
                first_start, first_stamp = group[0]
                widest = max(stamp - start for start, stamp in group[1:])
                runs.append((max(first_start, first_stamp - widest), group[-1][1] + 1))
            group = [item] if item[0] >= 0 else []
        return runs

    def _twin_runs(self, lines: list[Line]) -> list[tuple[int, int]]:
        """Runs of >= min_items headlines each shown twice in a row."""
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(lines):
            j = i
            pairs = 0
            while (
                j + 1 < len(lines)
                and lines[j].folded_content == lines[j + 1].folded_content
                and lines[j].size <= self.max_line
            ):
                pairs += 1
                j += 2
                # allow a few short lines (source, time, a stray line) between cards: an
                # item is at most max_item_lines long, two of them the headline's twins
                k = j
                while k < len(lines) and k < j + self.max_item_lines - 2 and lines[k].size <= 24:
                    if k + 1 < len(lines) and lines[k].folded_content == lines[k + 1].folded_content:
                        break
                    k += 1
                    if is_timestamp(lines[k - 1].folded):
                        break  # a timestamp ends the item
                j = k
            if pairs >= self.min_items:
                runs.append((i, j))
                i = j
            else:
                i += 1
        return runs
