"""The only place that turns marks into the final edit list.

Detectors and site rules may mark overlapping spans. Here, per line:

1. a mark that removes the whole line wins (the most confident one names the kind);
2. other marks are taken left to right, skipping any that overlaps one already taken;
3. a line left empty by its marks is dropped whole;
4. layout: blank lines go, surrounding whitespace goes, every kept line ends with
   ``\\n`` except the last. These edits have kind ``layout``.

The result is sorted and non-overlapping, so it applies and inverts exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .document import EDGE, Document, Line
from .result import Edit

LAYOUT = "layout"


def plan(doc: Document, marks: Iterable[Edit]) -> list[Edit]:
    whole: dict[int, Edit] = {}
    inner: dict[int, list[Edit]] = {}
    for m in marks:
        if m.original != doc.source[m.start : m.end]:  # a detector may leave it out
            m = replace(m, original=doc.source[m.start : m.end])
        i = doc.line_at(m.start)
        line = doc.lines[i]
        if m.end > line.end and not (m.start <= line.start):
            continue  # a mark may not cross a line end unless it removes the line
        if not m.replacement and m.start <= line.start and m.end >= line.end and line.text.strip(EDGE):
            old = whole.get(i)
            if old is None or m.confidence > old.confidence:
                whole[i] = m
        else:
            inner.setdefault(i, []).append(m)

    kept: list[tuple[Line, list[Edit]]] = []
    dropped: dict[int, Edit] = {}
    for line in doc.lines:
        mark = whole.get(line.index)
        if mark is not None:
            dropped[line.index] = mark
            continue
        trimmed = _trim(doc, line, _non_overlapping(inner.get(line.index, [])))
        if trimmed is None:  # nothing of the line survives
            marks_here = inner.get(line.index, [])
            if line.text.strip(EDGE) and marks_here:
                biggest = max(marks_here, key=lambda e: (e.end - e.start, e.confidence))
                dropped[line.index] = biggest
            else:
                dropped[line.index] = Edit(line.start, line.end, "", LAYOUT, "layout.blank", 1.0)
            continue
        kept.append((line, trimmed))

    edits: list[Edit] = []
    last_kept = kept[-1][0].index if kept else -1
    kept_edits = {line.index: chosen for line, chosen in kept}
    for line in doc.lines:
        if line.index in dropped:
            m = dropped[line.index]
            if line.start == line.stop:  # an empty last line: nothing to remove
                continue
            edits.append(
                Edit(
                    line.start,
                    line.stop,
                    "",
                    m.kind,
                    m.rule,
                    m.confidence,
                    doc.source[line.start : line.stop],
                )
            )
            continue
        edits.extend(kept_edits[line.index])
        terminator = doc.source[line.end : line.stop]
        want = "\n" if line.index != last_kept else ""
        if terminator != want:
            edits.append(Edit(line.end, line.stop, want, LAYOUT, "layout.line-end", 1.0, terminator))
    return edits


def _non_overlapping(marks: list[Edit]) -> list[Edit]:
    chosen: list[Edit] = []
    pos = -1
    for m in sorted(marks, key=lambda e: (e.start, -(e.end - e.start), -e.confidence)):
        if m.start >= pos and (m.start < m.end or m.replacement):
            chosen.append(m)
            pos = m.end
    return chosen


def _trim(doc: Document, line: Line, chosen: list[Edit]) -> list[Edit] | None:
    """Add layout edits for whitespace at the line's edges; None if nothing is left."""
    src = doc.source
    out = list(chosen)
    # pieces of the output line in order: ("src", a, b) kept source, ("edit", k) an edit
    pieces: list[tuple[str, int, int]] = []
    pos = line.start
    for k, e in enumerate(out):
        if e.start > pos:
            pieces.append(("src", pos, e.start))
        pieces.append(("edit", k, k))
        pos = e.end
    if line.end > pos:
        pieces.append(("src", pos, line.end))

    def strip_side(order: list[tuple[str, int, int]], leading: bool) -> bool:
        """Trim whitespace from one side; True if a visible character was reached."""
        for kind, a, b in order:
            if kind == "edit":
                # a replacement at the edge writes no edge whitespace either (a repair
                # can end in U+3000); one made only of it becomes a removal
                e = out[a]
                kept = e.replacement.lstrip(EDGE) if leading else e.replacement.rstrip(EDGE)
                if kept != e.replacement:
                    out[a] = replace(e, replacement=kept)
                if kept:
                    return True
                continue
            text = src[a:b]
            stripped = text.lstrip(EDGE) if leading else text.rstrip(EDGE)
            if len(stripped) < len(text):
                cut = len(text) - len(stripped)
                span = (a, a + cut) if leading else (b - cut, b)
                out.append(Edit(span[0], span[1], "", LAYOUT, "layout.strip", 1.0, src[span[0] : span[1]]))
            if stripped:
                return True
        return False

    if not strip_side(pieces, leading=True):
        return None
    strip_side(pieces[::-1], leading=False)
    return sorted(out, key=lambda e: (e.start, e.end))
