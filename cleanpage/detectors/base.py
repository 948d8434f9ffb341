"""What every detector is: a named object whose ``detect`` returns marks (edits).

Detectors never change text. Stages run in order; each detector sees, read-only, the
marks of every detector that ran before it (earlier stages, and earlier detectors of
its own stage):

- ``repair``: mark replacements inside lines (pinyin annotations, later mojibake).
  Their result becomes each line's *view*.
- ``line``: classify lines or spans of the views (spam, residue, boilerplate kinds).
- ``zone``: decisions that need the line marks, such as "everything after the
  article's end is footer".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal, Protocol, TypeGuard, runtime_checkable

from ..document import Document
from ..result import Edit

Stage = Literal["repair", "line", "zone"]
# A built-in detector's numeric settings, (constructor parameter, int or float) in
# order: what a configuration file's [thresholds] may set (config.settable). Declared,
# not read from the signature, which the compiled build's classes do not always show.
Thresholds = tuple[tuple[str, type], ...]


@runtime_checkable
class Detector(Protocol):
    name: ClassVar[str]
    stage: ClassVar[Stage]

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]: ...


@runtime_checkable
class PageDecision(Protocol):
    """A repair that first decides whether the page needs it at all (is it annotated
    with pinyin? was its punctuation flattened?), from counts over the whole page.

    Lines and spans the later stages remove count too, and without them the next
    cleaning can decide otherwise. So once the marks are planned, the Cleaner asks the
    repair about the text the cleaning leaves: ``redecided(text, marks)`` returns a copy
    that repairs without its page test when the test fails on the page (no mark of its
    own among ``marks``) but passes on ``text``; else None. The Cleaner then cleans the
    page again with that copy."""

    def redecided(self, text: str, marks: Sequence[Edit]) -> Detector | None: ...


def is_page_decision(detector: object) -> TypeGuard[PageDecision]:
    """``isinstance(detector, PageDecision)``, which it equals, at a fraction of the
    cost: a runtime-checkable protocol lists its members on every check, and the
    Cleaner asks this of every detector of every page (1 % of HTML cleaning)."""
    return callable(getattr(detector, "redecided", None))


def covered(doc: Document, marks: Sequence[Edit]) -> bytearray:
    """One flag per source offset: does some mark already span it? A repair leaves such
    offsets to the repair that explained them first."""
    taken = bytearray(len(doc.source))
    for m in marks:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    return taken


def whole_line_kinds(doc: Document, marks: Sequence[Edit]) -> dict[int, Edit]:
    """Marks that remove a whole line, keyed by line index (the most confident wins)."""
    out: dict[int, Edit] = {}
    for m in marks:
        if m.replacement:
            continue
        i = doc.line_at(m.start)
        line = doc.lines[i]
        if m.start <= line.start and m.end >= line.end:
            old = out.get(i)
            if old is None or m.confidence > old.confidence:
                out[i] = m
    return out


def removed_inside(doc: Document, marks: Sequence[Edit]) -> dict[int, int]:
    """Characters that earlier marks remove from *inside* a line (a spliced spam run),
    by line index. A test of a line's size must count without them: otherwise cleaning
    again, with them gone, could judge the line differently."""
    out: dict[int, int] = {}
    for m in marks:
        if m.replacement or m.end <= m.start:
            continue
        i = doc.line_at(m.start)
        line = doc.lines[i]
        if m.start > line.start or m.end < line.end:
            out[i] = out.get(i, 0) + min(m.end, line.end) - m.start
    return out
