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

from collections.abc import Iterable, Sequence
from typing import ClassVar

import regex

from ..document import Document, Line
from ..result import Edit
from ..script import is_han
from .base import Stage, Thresholds, covered

KIND = "punctuation"
_MARKS = ",:;!?"
_FULL = {c: chr(ord(c) + 0xFEE0) for c in ",:;!?()"}
_FULLWIDTH_SEEN = frozenset("，：；！？（）")
# CJK punctuation that only full-width text uses: context as good as a hanzi
_CJK_CONTEXT = frozenset("。、“”‘’《》〈〉「」『』【】…—，：；！？（）")
_SURVIVOR_MARKS = frozenset("。、“”《》…")
# a flattened mark between two hanzi (script.is_han), for a quick count
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_BETWEEN_HANZI = regex.compile(f"(?<=[{_HAN}])[,:;!?](?=[{_HAN}])")
# the characters the loops below look at: the rest of a line is skipped at C speed
_SEEN_BY_TEST = regex.compile("[" + regex.escape(_MARKS + "".join(_FULLWIDTH_SEEN | _SURVIVOR_MARKS)) + "]")
_MARK = regex.compile(f"[{regex.escape(_MARKS)}]")
_PAREN = regex.compile(r"[()]")


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
    thresholds: ClassVar[Thresholds] = (
        ("min_flattened", int),
        ("max_fullwidth_share", float),
    )

    def __init__(
        self, min_flattened: int = 3, max_fullwidth_share: float = 0.05, *, assume_fold: bool = False
    ) -> None:
        # the page must show the fold: this many ASCII marks between hanzi, and at most
        # this share of full-width marks among all marks in Chinese context
        self.min_flattened = min_flattened
        self.max_fullwidth_share = max_fullwidth_share
        # set by the Cleaner when the page test passed on what the cleaning leaves
        self.assume_fold = assume_fold

    def shows_fold(self, doc: Document) -> bool:
        return self._shows_fold((line.view, line) for line in doc.lines)

    def redecided(self, text: str, marks: Sequence[Edit]) -> PunctuationDetector | None:
        """A copy that repairs without the page test when the test failed on the page
        but passes on ``text``, what the cleaning leaves
        (:class:`~cleanpage.detectors.base.PageDecision`): the full-width marks of a
        removed recommendation list must not hide the fold of the article."""
        if self.assume_fold or any(m.kind == KIND for m in marks):
            return None
        if not any(mark in text for mark in _SURVIVOR_MARKS):
            return None
        for flattened, _ in enumerate(_BETWEEN_HANZI.finditer(text), 1):
            if flattened >= self.min_flattened:
                break
        else:
            return None  # too few to show the fold, whatever else the text holds
        if not self._shows_fold((line, None) for line in text.split("\n")):
            return None
        return PunctuationDetector(self.min_flattened, self.max_fullwidth_share, assume_fold=True)

    def _shows_fold(self, lines: Iterable[tuple[str, Line | None]]) -> bool:
        """The page test over (view, line) pairs; a line of None: the view is source."""
        flattened = fullwidth = 0
        survivors = False
        for view, line in lines:
            for m in _SEEN_BY_TEST.finditer(view):
                i = m.start()
                ch = view[i]
                if ch in _FULLWIDTH_SEEN:
                    # only the page's own marks count, not one a repair just wrote
                    if line is None or line.source_of(i) is not None:
                        fullwidth += 1
                elif ch in _MARKS and 0 < i < len(view) - 1 and is_han(view[i - 1]) and is_han(view[i + 1]):
                    flattened += 1
                elif ch in _SURVIVOR_MARKS:
                    survivors = True
        total = flattened + fullwidth
        return survivors and flattened >= self.min_flattened and fullwidth <= self.max_fullwidth_share * total

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        if not self.assume_fold and not self.shows_fold(doc):
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
        for m in _MARK.finditer(view):
            i = m.start()
            ch = view[i]
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
    for m in _PAREN.finditer(view):
        i = m.start()
        ch = view[i]
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            inner = view[start + 1 : i]
            if any(is_han(c) for c in inner):
                out.append((start, 0.85, "punctuation.full-width-brackets"))
                out.append((i, 0.85, "punctuation.full-width-brackets"))
    return out
