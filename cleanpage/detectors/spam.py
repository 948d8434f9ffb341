"""Injected SEO spam: keyword lines, keyword prefixes glued to a title, spliced phrases.

Hacked and mirror sites inject lines such as ``国产av一二三区|日本不卡动作网站|…``. Two
signals decide, never a keyword alone:

- *lexicon*: segments holding a strong spam phrase, or several weak spam words;
- *structure*: many short segments joined by ``|``, ``_``, ``-``, ``,`` or spaces,
  without sentence punctuation. A news sentence reporting a gambling crackdown has one
  or two hits inside one long clause, and stays.

A line whose script differs from the page (a Simplified spam line on a Traditional
mirror, or the reverse) needs fewer spam segments. When spam segments lead or trail a
run of clean segments that reads as a title (``spam|spam|真实标题``), only the spam part
is removed. Inside body sentences, a bracketed group or a run of two or more strong
phrases is removed and the sentence kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document, Line
from ..lexicons import SpamLexicon, is_spam_phrase, spam_lexicon
from ..result import Edit
from ..script import han_count, script_counts
from .base import Stage

_SEPARATORS = regex.compile(r"[|｜_\-—–,，、/\\·•~\s]+")
_SENTENCE_END = regex.compile(r"[。！？；]|[.!?;](?:\s|$)")
_TRAILING_MARKS = regex.compile(r"[\s|｜_\-—–/·•~]*")
_BRACKETED = regex.compile(r"[(（【\[]([^()（）【】\[\]]{2,60})[)）】\]]")
# what joins a spliced keyword run: spaces and list marks, never the 、 or ， of an
# enumeration in a sentence ("通过赌博网站、网络赌场等渠道")
_GAP = regex.compile(r"[\s|｜_\-—–/·•~0-9]{0,4}")


def _segments(folded: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _SEPARATORS.finditer(folded):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(folded):
        spans.append((pos, len(folded)))
    return spans


class SpamDetector:
    """Remove SEO keyword lines and spliced keyword phrases."""

    name: ClassVar[str] = "spam"
    stage: ClassVar[Stage] = "line"

    def __init__(
        self,
        min_segments: int = 3,
        min_spam_share: float = 0.5,
        min_spam_share_other_script: float = 0.34,
        max_segment_length: int = 24,
    ) -> None:
        self.min_segments = min_segments
        self.min_spam_share = min_spam_share
        self.min_spam_share_other_script = min_spam_share_other_script
        self.max_segment_length = max_segment_length

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        lex = spam_lexicon()
        page_script = _dominant_script(doc)
        edits: list[Edit] = []
        for line in doc.lines:
            if line.blank or lex.pattern.search(line.folded) is None:
                continue
            line_edits = self._line(doc, line, lex, page_script)
            if line_edits is None:
                line_edits = self._spliced(doc, line, lex)
            edits.extend(line_edits)
        return edits

    def _is_spam_segment(self, segment: str, lex: SpamLexicon) -> bool:
        return is_spam_phrase(segment, self.max_segment_length)

    def _line(
        self, doc: Document, line: Line, lex: SpamLexicon, page_script: str | None
    ) -> list[Edit] | None:
        folded = line.folded
        segments = _segments(folded)
        if len(segments) < self.min_segments:
            return None
        flags = [self._is_spam_segment(folded[a:b], lex) for a, b in segments]
        n_spam = sum(flags)
        if n_spam < 2:
            return None
        threshold = self.min_spam_share
        if page_script is not None and _line_script(line.view) not in (None, page_script):
            threshold = self.min_spam_share_other_script
        # a clean title glued after (or before) the keywords is kept
        lead = _run_length(flags)
        trail = _run_length(flags[::-1])
        keep: tuple[int, int] | None = None
        joint = ""  # the separator between the spam run and the kept run
        if 0 < lead < len(flags) and not any(flags[lead:]):
            keep = (segments[lead][0], len(folded))
            joint = folded[segments[lead - 1][1] : segments[lead][0]]
        elif 0 < trail < len(flags) and not any(flags[: len(flags) - trail]):
            cut = len(flags) - trail
            keep = (0, segments[cut - 1][1])
            joint = folded[segments[cut - 1][1] : segments[cut][0]]
        spam_part = folded[: keep[0]] + folded[keep[1] :] if keep is not None else ""
        glued = (
            keep is not None
            and (set(joint) <= _KEYWORD_JOINTS or (set(joint) <= _LIST_JOINTS and _pure(spam_part, lex)))
            and _SENTENCE_END.search(spam_part) is None
            and "。" not in folded[keep[0] : keep[1]]  # a title, not a sentence
            and _reads_as_title(folded[keep[0] : keep[1]])
        )
        if keep is not None and glued:
            if (lead or trail) < 2:
                return None
            if keep[0] > 0:
                return [doc.drop_view_span(line, 0, keep[0], "seo-spam", "spam.title-prefix", 0.9)]
            end = len(line.view)
            return [doc.drop_view_span(line, keep[1], end, "seo-spam", "spam.title-suffix", 0.9)]
        if n_spam / len(segments) < threshold:
            return None
        if _SENTENCE_END.search(folded) and n_spam / len(segments) < 0.8:
            return None  # prose with a few keywords is reported, not injected
        confidence = min(0.99, 0.6 + 0.4 * n_spam / len(segments))
        return [doc.drop_line(line, "seo-spam", "spam.keyword-line", confidence)]

    def _spliced(self, doc: Document, line: Line, lex: SpamLexicon) -> list[Edit]:
        """Spam phrases spliced into a sentence: bracketed ads and strong-keyword runs."""
        folded = line.folded
        edits: list[Edit] = []
        taken: list[tuple[int, int]] = []
        for m in _BRACKETED.finditer(folded):
            inner = m.group(1)
            if _SENTENCE_END.search(inner):
                continue
            hits = [h.group() for h in lex.pattern.finditer(inner)]
            strong = sum(h in lex.strong for h in hits)
            if strong >= 1 and sum(len(h) for h in hits) * 5 >= len(inner) * 2:
                taken.append((m.start(), m.end()))
                edits.append(
                    doc.drop_view_span(line, m.start(), m.end(), "seo-spam", "spam.spliced-bracket", 0.85)
                )
        # runs of adjacent hits (strong or weak) joined only by spaces or list marks;
        # a run with two strong phrases is spliced spam, weak words beside them included
        found = [
            (m.start(), m.end(), m.group() in lex.strong)
            for m in lex.pattern.finditer(folded)
            if not any(a <= m.start() < b for a, b in taken)
        ]
        run: list[tuple[int, int, bool]] = []
        for hit in [*found, (-1, -1, False)]:
            if run and hit[0] >= 0 and _GAP.fullmatch(folded, run[-1][1], hit[0]):
                run.append(hit)
                continue
            phrases = sum(h[2] for h in run)
            separated = any(run[k][1] < run[k + 1][0] for k in range(len(run) - 1))
            quoted = run and _quoted(folded, run[0][0], run[-1][1])
            if phrases >= 2 and separated and not quoted and han_count(line.view) > run[-1][1] - run[0][0]:
                start, end = run[0][0], run[-1][1]
                # take the separators after the run with it, so none is left dangling
                end = _TRAILING_MARKS.match(folded, end).end()  # type: ignore[union-attr]
                edits.append(doc.drop_view_span(line, start, end, "seo-spam", "spam.spliced-run", 0.8))
            run = [hit] if hit[0] >= 0 else []
        return edits


# separators that join keyword lists and glued titles; a comma joins clauses of prose
_KEYWORD_JOINTS = frozenset("|｜_-—– ")
# a comma may join too, when every spam segment is nothing but keywords
_LIST_JOINTS = _KEYWORD_JOINTS | frozenset(",，、")


_OPENING = frozenset("“‘「『《〈\"'")
_CLOSING = frozenset("”’」』》〉\"'")


def _pure(text: str, lex: SpamLexicon) -> bool:
    """Is ``text`` made of spam phrases, separators and digits only (a keyword list)?"""
    covered = sum(m.end() - m.start() for m in lex.pattern.finditer(text))
    rest = len(_SEPARATORS.sub("", text)) - covered
    return covered > 0 and rest <= covered * 0.3


def _quoted(text: str, start: int, end: int) -> bool:
    """Is text[start:end] inside quotation marks? Then it is cited, not spliced."""
    return start > 0 and end < len(text) and text[start - 1] in _OPENING and text[end] in _CLOSING


def _run_length(flags: list[bool]) -> int:
    n = 0
    for f in flags:
        if not f:
            break
        n += 1
    return n


def _reads_as_title(text: str) -> bool:
    return han_count(text) >= 6 or len(text.strip()) >= 16


def _line_script(text: str) -> str | None:
    n_trad, n_simp = script_counts(text)
    if n_trad == 0 and n_simp >= 2:
        return "simplified"
    if n_simp == 0 and n_trad >= 2:
        return "traditional"
    return None


def _dominant_script(doc: Document) -> str | None:
    n_trad, n_simp = script_counts(doc.source[:200_000])
    total = n_trad + n_simp
    if total < 20:
        return None
    if n_trad >= 0.8 * total:
        return "traditional"
    if n_simp >= 0.8 * total:
        return "simplified"
    return None
