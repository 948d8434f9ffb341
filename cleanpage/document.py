"""Lines with offsets into the source, and per-line *views* after repairs.

Detectors run in two stages. Repair detectors (pinyin, later mojibake) see the raw
lines. Removal detectors see each line's *view*: the line as it reads once the repairs
are applied, plus a folded copy for lexicon matching (see :mod:`cleanpage.script`). A
view offset maps back to a source offset, so a removal found in a view is still an edit
of the source.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import regex

from .result import Edit
from .script import fold

# Characters trimmed from line edges: Unicode whitespace plus the invisible marks that
# scrapers leave there (byte-order mark, zero-width space and joiners, word joiner).
EDGE = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u200c\u200d\u2060"
)

# Characters no text holds: the C0 controls that are not whitespace (NUL, ESC …), DEL,
# and lone surrogates (str input only: no decoder makes them). The `non-text` detector
# removes them, and the repairs that read the source read it as if they were gone. C1
# controls (U+0080-U+009F) are not among them: they are what a Latin-1 reading of GBK
# or Big5 bytes shows, which the codec repair reads, and U+0085 is whitespace.
NOT_TEXT = regex.compile(r"[\x00-\x08\x0e-\x1b\x7f\ud800-\udfff]+")


class Readable:
    """``source`` as a reader sees it: without :data:`NOT_TEXT` characters, with a map
    from offsets in that text back to the source (memory grows with the number of
    removed runs, not with the page)."""

    def __init__(self, source: str, *, extracted: bool = False) -> None:
        self.source = source
        # the text an HTML page's extraction chose (title and body blocks), not a page's
        # whole text: detectors of a page's frame leave it alone
        self.extracted = extracted
        # the i-th removed run sits before the readable character at _at[i]; _shift[i]
        # is the number of source characters removed up to and including it
        self._at: list[int] = []
        self._shift: list[int] = []
        parts: list[str] = []
        pos = removed = 0
        for m in NOT_TEXT.finditer(source):
            a, b = m.span()
            parts.append(source[pos:a])
            self._at.append(a - removed)
            removed += b - a
            self._shift.append(removed)
            pos = b
        self.text = "".join(parts) + source[pos:] if parts else source

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span of ``text[start:end]``: removed characters inside it are included,
        those at its edges are not."""
        if not self._at:
            return start, end
        if end <= start:
            s = self._offset(start)
            return s, s
        return self._offset(start), self._offset(end - 1) + 1

    def _offset(self, pos: int) -> int:
        i = bisect_right(self._at, pos)
        return pos + (self._shift[i - 1] if i else 0)


@dataclass(slots=True)
class Line:
    """One source line: ``source[start:end]`` is its text, ``source[end:stop]`` its terminator."""

    index: int
    start: int
    end: int
    stop: int
    text: str
    view: str = ""
    folded: str = ""
    # (view_start, view_end, src_start, src_end) of each repair, in order; empty when
    # the view is the raw text.
    repairs: list[tuple[int, int, int, int]] = field(default_factory=list)
    # the view_end of each repair (non-decreasing): mapping a position is a binary
    # search, not a walk over the line's repairs (an annotated line has thousands)
    repair_ends: list[int] = field(default_factory=list, repr=False)

    @property
    def blank(self) -> bool:
        return not self.view.strip(EDGE)

    @property
    def size(self) -> int:
        """Length of the view without edge whitespace: what the output line will hold,
        so a decision on it is the same when the cleaned text is cleaned again."""
        return len(self.view.strip(EDGE))

    @property
    def content(self) -> str:
        """The view without what ``layout.strip`` removes at its edges: the line as the
        output holds it. Detectors measure and match this, not the raw view, so that a
        line judges the same once the cleaned text is cleaned again."""
        return self.view.strip(EDGE)

    @property
    def folded_content(self) -> str:
        """:attr:`content` folded (the same length: folding keeps edge characters)."""
        return self.folded.strip(EDGE)

    def to_source(self, view_start: int, view_end: int) -> tuple[int, int]:
        """Map a view span to a source span; a repair touching the span is included whole."""
        return self._map(view_start, end_side=False), self._map(view_end, end_side=True)

    def source_of(self, view_pos: int) -> int | None:
        """Source offset of the view character at ``view_pos``; None if a repair wrote it."""
        k = bisect_right(self.repair_ends, view_pos)  # the repairs before it end at or before it
        if k < len(self.repairs) and self.repairs[k][0] <= view_pos:
            return None
        return view_pos + self._delta(k)

    def _delta(self, k: int) -> int:
        """Source offset minus view offset after the first ``k`` repairs."""
        if k == 0:
            return self.start
        _, v_end, _, s_end = self.repairs[k - 1]
        return s_end - v_end

    def _map(self, pos: int, *, end_side: bool) -> int:
        # k: the first repair that ends after pos (at or after it, on the end side)
        ends = self.repair_ends
        k = bisect_left(ends, pos) if end_side else bisect_right(ends, pos)
        if k < len(self.repairs):
            v_start, v_end, s_start, s_end = self.repairs[k]
            if end_side:
                # a span that ends where a repair's text begins leaves it out; a removal
                # that writes nothing there (an annotation after the last character)
                # goes with it
                if not (pos < v_start or pos == v_start < v_end):
                    return s_end
            elif pos >= v_start:
                # ... and a span that starts there leaves such a removal to the span
                # before it, so that two spans side by side never share it (<p>\x00</p>)
                return s_start
        return pos + self._delta(k)


class Document:
    """A decoded page split into lines. Holds no decisions, only positions and views."""

    def __init__(self, source: str, *, extracted: bool = False) -> None:
        self.source = source
        # the text an HTML page's extraction chose (title and body blocks), not a page's
        # whole text: detectors of a page's frame leave it alone
        self.extracted = extracted
        self.lines: list[Line] = []
        # State of this page's cleaning, which lives as long as the Document (one clean
        # call): notes for Result.warnings, and the site-rule patterns given up after a
        # timeout (sites.SiteRule).
        self.warnings: list[str] = []
        self.given_up: set[Hashable] = set()
        pos = 0
        n = len(source)
        index = 0
        while pos < n or index == 0:
            nl = source.find("\n", pos)
            stop = n if nl < 0 else nl + 1
            end = n if nl < 0 else nl
            if end > pos and source[end - 1] == "\r":
                end -= 1
            text = source[pos:end]
            self.lines.append(Line(index, pos, end, stop, text, text, fold(text)))
            index += 1
            pos = stop
            if nl < 0:
                break
        self._starts = [line.start for line in self.lines]

    def set_repairs(self, repairs: Iterable[Edit]) -> None:
        """Recompute every line's view from repair edits (each inside one line)."""
        by_line: dict[int, list[Edit]] = {}
        for e in repairs:
            by_line.setdefault(self.line_at(e.start), []).append(e)
        for index, edits in by_line.items():
            line = self.lines[index]
            parts: list[str] = []
            repairs_here: list[tuple[int, int, int, int]] = []
            pos = line.start
            out_len = 0
            for e in sorted(edits, key=lambda e: e.start):
                kept = self.source[pos : e.start]
                parts.append(kept)
                out_len += len(kept)
                repairs_here.append((out_len, out_len + len(e.replacement), e.start, e.end))
                parts.append(e.replacement)
                out_len += len(e.replacement)
                pos = e.end
            parts.append(self.source[pos : line.end])
            line.view = "".join(parts)
            line.folded = fold(line.view)
            line.repairs = repairs_here
            line.repair_ends = [r[1] for r in repairs_here]

    def line_at(self, offset: int) -> int:
        """Index of the line holding source ``offset`` (binary search)."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def nonblank(self) -> list[Line]:
        return [ln for ln in self.lines if not ln.blank]

    def drop_line(self, line: Line, kind: str, rule: str, confidence: float) -> Edit:
        """A mark that removes a whole line (the applier adds its terminator)."""
        return Edit(line.start, line.end, "", kind, rule, confidence, line.text)

    def drop_view_span(
        self, line: Line, start: int, end: int, kind: str, rule: str, confidence: float
    ) -> Edit:
        """A mark that removes ``line.view[start:end]``, mapped back to the source."""
        s, e = line.to_source(start, end)
        return Edit(s, e, "", kind, rule, confidence, self.source[s:e])


def neighbours(lines: Sequence[Line], i: int, step: int) -> Line | None:
    """The next non-blank line from position ``i`` in ``lines`` going ``step`` (±1)."""
    j = i + step
    while 0 <= j < len(lines):
        if not lines[j].blank:
            return lines[j]
        j += step
    return None
