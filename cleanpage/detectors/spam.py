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

from ..document import EDGE, Document, Line
from ..lexicons import SpamLexicon, is_spam_phrase, spam_lexicon
from ..result import Edit
from ..script import han_count, script_counts
from .base import Stage, Thresholds

_SEPARATORS = regex.compile(r"[|｜_\-—–,，、/\\·•~\s]+")
_SENTENCE_END = regex.compile(r"[。！？；]|[.!?;](?:\s|$)")
_TRAILING_MARKS = regex.compile(r"[\s|｜_\-—–/·•~]*")
_BRACKETED = regex.compile(r"[(（【\[]([^()（）【】\[\]]{2,60})[)）】\]]")
# what joins a spliced keyword run: spaces and list marks, never the 、 or ， of an
# enumeration in a sentence ("通过赌博网站、网络赌场等渠道")
_GAP = regex.compile(r"[\s|｜_\-—–/·•~0-9]{0,4}")
# what residue.separator-line removes (the same characters): a line a cut leaves with
# only these would be removed by the next cleaning, so the cut takes the line
_SEPARATORS_ONLY = regex.compile(r"[\s?？|｜_\-—=*~·•.。,，:：;；/\\#+<>]*")
# brackets nest rarely deeper than two; past this many rounds a nest stays in part
_BRACKET_ROUNDS = 8
# a line is judged again on what its cuts leave, at most this many times
_JUDGE_ROUNDS = 4

# a cut: a span of a line's view, the rule and the confidence
_Cut = tuple[int, int, str, float]


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
    thresholds: ClassVar[Thresholds] = (
        ("min_segments", int),
        ("min_spam_share", float),
        ("min_spam_share_other_script", float),
        ("max_segment_length", int),
    )

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
            line_edits = [
                doc.drop_line(line, "seo-spam", rule, confidence)
                if rule == "spam.keyword-line"
                else doc.drop_view_span(line, a, b, "seo-spam", rule, confidence)
                for a, b, rule, confidence in self._cuts(line.folded, line.view, lex, page_script)
            ]
            edits.extend(_whole_if_nothing_left(doc, line, line_edits))
        return edits

    def _cuts(self, folded: str, view: str, lex: SpamLexicon, page_script: str | None) -> list[_Cut]:
        """What the line loses (view spans), judged again on what each cut leaves, as
        the next cleaning judges it: a bracketed ad cut out of a segment can leave a
        keyword segment short enough to count, a title cut off its keywords can hold a
        spliced run of its own. A keyword line is one cut, the whole line."""
        cuts: list[_Cut] = []
        kept = list(range(len(folded)))  # line offsets of what the cuts so far leave
        rest, rest_view = folded, view
        for _ in range(_JUDGE_ROUNDS):
            whole = self._line(rest, rest_view, lex, page_script)
            if whole is not None and whole[2] == "spam.keyword-line":
                return [(0, len(view), whole[2], whole[3])]
            found = [whole] if whole is not None else self._spliced(rest, lex)
            if not found:
                break
            for a, b, rule, confidence in found:
                a, b = kept[a], kept[b - 1] + 1
                cuts = [c for c in cuts if not a <= c[0] < b] + [(a, b, rule, confidence)]
            kept = _outside(len(folded), sorted((a, b) for a, b, _, _ in cuts))
            rest = "".join(folded[i] for i in kept)
            rest_view = "".join(view[i] for i in kept)
            if not rest.strip():
                break
        return sorted(cuts)

    def _is_spam_segment(self, segment: str, lex: SpamLexicon) -> bool:
        return is_spam_phrase(segment, self.max_segment_length)

    def _line(self, folded: str, view: str, lex: SpamLexicon, page_script: str | None) -> _Cut | None:
        """A keyword line (rule ``spam.keyword-line``), or the keywords glued before or
        after a title, on a line's folded text and view; None: neither."""
        segments = _segments(folded)
        if len(segments) < self.min_segments:
            return None
        flags = [self._is_spam_segment(folded[a:b], lex) for a, b in segments]
        n_spam = sum(flags)
        if n_spam < 2:
            return None
        threshold = self.min_spam_share
        if page_script is not None and _line_script(view) not in (None, page_script):
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
                return (0, keep[0], "spam.title-prefix", 0.9)
            return (keep[1], len(view), "spam.title-suffix", 0.9)
        if n_spam / len(segments) < threshold:
            return None
        if _SENTENCE_END.search(folded) and n_spam / len(segments) < 0.8:
            return None  # prose with a few keywords is reported, not injected
        confidence = min(0.99, 0.6 + 0.4 * n_spam / len(segments))
        return (0, len(view), "spam.keyword-line", confidence)

    def _spliced(self, folded: str, lex: SpamLexicon) -> list[_Cut]:
        """Spam phrases spliced into a sentence: bracketed ads and strong-keyword runs.

        Both are read in the line as the brackets already taken leave it, as the next
        cleaning reads it: the brackets around a bracketed ad (``（【成人电影】成人电影）``)
        and phrases the ad stood between go in the same cleaning."""
        taken: list[tuple[int, int]] = []  # spans of bracketed ads, merged
        kept = list(range(len(folded)))  # offsets of what they leave
        rest = folded
        for _ in range(_BRACKET_ROUNDS):
            found_here = False
            for m in _BRACKETED.finditer(rest):
                inner = m.group(1)
                if _SENTENCE_END.search(inner):
                    continue
                hits = [h.group() for h in lex.pattern.finditer(inner)]
                strong = sum(h in lex.strong for h in hits)
                if strong >= 1 and sum(len(h) for h in hits) * 5 >= len(inner) * 2:
                    taken.append((kept[m.start()], kept[m.end() - 1] + 1))
                    found_here = True
            if not found_here:
                break
            taken = _merge(taken)
            kept = _outside(len(folded), taken)
            rest = "".join(folded[i] for i in kept)
        # runs of adjacent hits (strong or weak) joined only by spaces or list marks;
        # a run with two strong phrases is spliced spam, weak words beside them included
        found = [(m.start(), m.end(), m.group() in lex.strong) for m in lex.pattern.finditer(rest)]
        han = han_count(rest) if found else 0  # once per line: a long line may hold many runs
        runs: list[tuple[int, int]] = []
        run: list[tuple[int, int, bool]] = []
        for hit in [*found, (-1, -1, False)]:
            if run and hit[0] >= 0 and _GAP.fullmatch(rest, run[-1][1], hit[0]):
                run.append(hit)
                continue
            phrases = sum(h[2] for h in run)
            separated = any(run[k][1] < run[k + 1][0] for k in range(len(run) - 1))
            quoted = run and _quoted(rest, run[0][0], run[-1][1])
            if phrases >= 2 and separated and not quoted and han > run[-1][1] - run[0][0]:
                start, end = run[0][0], run[-1][1]
                # take the separators after the run with it, so none is left dangling
                end = _TRAILING_MARKS.match(rest, end).end()  # type: ignore[union-attr]
                runs.append((kept[start], kept[end - 1] + 1))
            run = [hit] if hit[0] >= 0 else []
        cuts: list[_Cut] = [
            (a, b, "spam.spliced-bracket", 0.85)
            for a, b in taken
            if not any(ra <= a and b <= rb for ra, rb in runs)  # else the run takes it
        ]
        cuts += [(a, b, "spam.spliced-run", 0.8) for a, b in runs]
        return sorted(cuts)


# separators that join keyword lists and glued titles; a comma joins clauses of prose
_KEYWORD_JOINTS = frozenset("|｜_-—– ")
# a comma may join too, when every spam segment is nothing but keywords
_LIST_JOINTS = _KEYWORD_JOINTS | frozenset(",，、")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _outside(length: int, spans: list[tuple[int, int]]) -> list[int]:
    """The offsets below ``length`` outside the sorted, disjoint ``spans``."""
    kept: list[int] = []
    pos = 0
    for a, b in spans:
        kept.extend(range(pos, a))
        pos = b
    kept.extend(range(pos, length))
    return kept


def _whole_if_nothing_left(doc: Document, line: Line, edits: list[Edit]) -> list[Edit]:
    """Cuts that would leave only separators (``????|????``) take the whole line, as a
    keyword line: the next cleaning would remove such a rest as a separator line."""
    if not edits or any(e.start <= line.start and e.end >= line.end for e in edits):
        return edits
    # the line as it will read: its repairs made, the cuts removed (a cut holds every
    # repair it touches whole)
    changes = [(e.start, e.end, "") for e in edits] + [
        (s0, s1, line.view[v0:v1])
        for v0, v1, s0, s1 in line.repairs
        if not any(e.start <= s0 and s1 <= e.end for e in edits)
    ]
    parts: list[str] = []
    pos = line.start
    for a, b, text in sorted(changes):
        if b <= pos and a < b:
            continue
        parts += [doc.source[pos : max(a, pos)], text]
        pos = max(b, pos)
    parts.append(doc.source[pos : line.end])
    if _SEPARATORS_ONLY.fullmatch("".join(parts).strip(EDGE)) is None:
        return edits
    confidence = max(e.confidence for e in edits)
    return [doc.drop_line(line, "seo-spam", "spam.keyword-line", confidence)]


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
    return han_count(text) >= 6 or len(text.strip(EDGE)) >= 16


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
