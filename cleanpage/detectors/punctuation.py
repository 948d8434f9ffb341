"""Full-width punctuation that a mirror flattened to ASCII: ``中国,美国`` -> ``中国，美国``.

Mirrors (and ftfy's default ``fix_character_width``) turn the full-width forms
U+FF01–FF5E into ASCII: ，：；！？（） become ``,:;!?()`` while 。、“”…《》, which
are not in that block, survive. A page shows this fold when it has many ASCII marks
between hanzi, intact 。、“” and hardly any full-width ，：；！？ of its own. Only such a
page is repaired, and only marks in Chinese context:

- a hanzi (or 。、“”《》…) on one side, and no ASCII letter or digit on the other side
  (``12:30``, ``1,000``, ``a,b`` and English sentences are never touched);
- a mark between a hanzi and a Latin word (``Palantir,都是``) is restored with a lower
  confidence: Chinese prose uses the full-width comma there, but not always;
- parentheses only as a balanced pair on one line whose content holds a hanzi:
  ``(首席AI官)`` becomes ``（首席AI官）``, ``(Financial Times)`` stays.

Marks inside a span another repair already explains (a byte-shift run, or one it
reports as unrecoverable) are left to that repair.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from ..document import Document
from ..result import Edit
from ..script import is_han
from .base import Stage, covered

KIND = "punctuation"
_MARKS = ",:;!?"
_FULL = {c: chr(ord(c) + 0xFEE0) for c in ",:;!?()"}
_FULLWIDTH_SEEN = frozenset("，：；！？（）")
# CJK punctuation that only full-width text uses: context as good as a hanzi
_CJK_CONTEXT = frozenset("。、“”‘’《》〈〉「」『』【】…—，：；！？（）")
_SURVIVOR_MARKS = frozenset("。、“”《》…")


def _cjk(ch: str) -> bool:
    return bool(ch) and (is_han(ch) or ch in _CJK_CONTEXT)


def _latin(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


# ASCII that belongs to a Latin token (URL, e-mail, number, code) next to a mark
_LATIN_JOINERS = frozenset("./\\@#&=_-~'\"<>[]{}|^`")


def _not_latin(ch: str) -> bool:
    """Nothing on this side says the mark belongs to Latin text: a line edge, space, CJK,
    another flattened mark, or a symbol such as % that Chinese text uses too."""
    return not ch or not (_latin(ch) or ch in _LATIN_JOINERS)


class PunctuationDetector:
    name: ClassVar[str] = "punctuation"
    stage: ClassVar[Stage] = "repair"

    def __init__(self, min_flattened: int = 3, max_fullwidth_share: float = 0.05) -> None:
        # the page must show the fold: this many ASCII marks between hanzi, and at most
        # this share of full-width marks among all marks in Chinese context
        self.min_flattened = min_flattened
        self.max_fullwidth_share = max_fullwidth_share

    def shows_fold(self, doc: Document) -> bool:
        flattened = fullwidth = 0
        survivors = False
        for line in doc.lines:
            view = line.view
            for i, ch in enumerate(view):
                if ch in _FULLWIDTH_SEEN:
                    # only the page's own marks count, not one a repair just wrote
                    if line.source_of(i) is not None:
                        fullwidth += 1
                elif ch in _MARKS and 0 < i < len(view) - 1 and is_han(view[i - 1]) and is_han(view[i + 1]):
                    flattened += 1
                elif ch in _SURVIVOR_MARKS:
                    survivors = True
        total = flattened + fullwidth
        return survivors and flattened >= self.min_flattened and fullwidth <= self.max_fullwidth_share * total

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        if not self.shows_fold(doc):
            return []
        taken = covered(doc, marks)  # source offsets another repair explains
        edits: list[Edit] = []
        for line in doc.lines:
            if line.blank:
                continue
            for v, confidence, rule in self._restorable(line.view):
                s = line.source_of(v)
                if s is None or taken[s]:
                    continue  # inside another repair: that repair explains it
                edits.append(Edit(s, s + 1, _FULL[line.view[v]], KIND, rule, confidence, doc.source[s]))
        return edits

    @staticmethod
    def _restorable(view: str) -> list[tuple[int, float, str]]:
        out: list[tuple[int, float, str]] = []
        n = len(view)
        for i, ch in enumerate(view):
            if ch not in _MARKS:
                continue
            left = view[i - 1] if i > 0 else ""
            right = view[i + 1] if i + 1 < n else ""
            if ch in ",:" and left.isdigit() and right.isdigit():
                continue
            left_ok = _not_latin(left)
            right_ok = _not_latin(right)
            if (_cjk(left) and right_ok) or (_cjk(right) and left_ok):
                out.append((i, 0.9, "punctuation.full-width"))
            elif ch != ":" and (
                (is_han(left[:1] or " ") and _latin(right)) or (_latin(left) and is_han(right[:1] or " "))
            ):
                out.append((i, 0.6, "punctuation.full-width-mixed"))
        out.extend(_brackets(view))
        return sorted(out)


def _brackets(view: str) -> list[tuple[int, float, str]]:
    """Balanced ASCII parentheses on one line whose content holds a hanzi."""
    out: list[tuple[int, float, str]] = []
    stack: list[int] = []
    for i, ch in enumerate(view):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            inner = view[start + 1 : i]
            if any(is_han(c) for c in inner):
                out.append((start, 0.85, "punctuation.full-width-brackets"))
                out.append((i, 0.85, "punctuation.full-width-brackets"))
    return out
