"""Lines with offsets into the source, and per-line *views* after repairs.

Detectors run in two stages. Repair detectors (pinyin, later mojibake) see the raw
lines. Removal detectors see each line's *view*: the line as it reads once the repairs
are applied, plus a folded copy for lexicon matching (see :mod:`cleanpage.script`). A
view offset maps back to a source offset, so a removal found in a view is still an edit
of the source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .result import Edit
from .script import fold

# Characters trimmed from line edges: Unicode whitespace plus the invisible marks that
# scrapers leave there (byte-order mark, zero-width space and joiners, word joiner).
EDGE = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u200c\u200d\u2060"
)


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

    @property
    def blank(self) -> bool:
        return not self.view.strip(EDGE)

    @property
    def size(self) -> int:
        """Length of the view without edge whitespace: what the output line will hold,
        so a decision on it is the same when the cleaned text is cleaned again."""
        return len(self.view.strip(EDGE))

    def to_source(self, view_start: int, view_end: int) -> tuple[int, int]:
        """Map a view span to a source span; a repair touching the span is included whole."""
        return self._map(view_start, end_side=False), self._map(view_end, end_side=True)

    def source_of(self, view_pos: int) -> int | None:
        """Source offset of the view character at ``view_pos``; None if a repair wrote it."""
        delta = self.start
        for v_start, v_end, _s_start, s_end in self.repairs:
            if view_pos < v_start:
                break
            if view_pos < v_end:
                return None
            delta = s_end - v_end
        return view_pos + delta

    def _map(self, pos: int, *, end_side: bool) -> int:
        delta = self.start  # source offset minus view offset in the current kept run
        for v_start, v_end, s_start, s_end in self.repairs:
            if pos < v_start:
                break
            if end_side and pos <= v_end:
                return s_end
            if not end_side and (pos < v_end or pos == v_start):
                return s_start
            delta = s_end - v_end
        return pos + delta


class Document:
    """A decoded page split into lines. Holds no decisions, only positions and views."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[Line] = []
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

    def line_at(self, offset: int) -> int:
        """Index of the line holding source ``offset`` (binary search)."""
        lo, hi = 0, len(self.lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.lines[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

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
