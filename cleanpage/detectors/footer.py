"""The footer zone: once the article has ended, everything after it is page furniture.

Portals close an article with a fixed sequence (statement, recommendation list, author
box, site navigation) whose members the line detectors recognise one by one; the lines
between them (an author's bare name, a channel headline) carry no sign of their own. The
zone opens at the first *strong* footer mark that follows article text, and every line
after it inherits the kind of the mark above it. Should real paragraphs follow
(three of four lines), the zone closes: a mis-anchored zone never eats an article.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from ..document import Document, Line
from ..result import Edit
from .base import Stage, Thresholds, whole_line_kinds
from .patterns import is_paragraph, is_sentence

ANCHOR_RULES = frozenset(
    {
        "disclaimer.prefix",
        "disclaimer.phrase",
        "related.header",
        "related.items",
        "author.account",
        "nav.sections",
        "nav.copyright",
        "comments.header",
        "comments.form",
    }
)


class FooterZoneDetector:
    name: ClassVar[str] = "footer"
    stage: ClassVar[Stage] = "zone"
    thresholds: ClassVar[Thresholds] = (("resume_paragraphs", int),)

    def __init__(self, resume_paragraphs: int = 3, anchor_rules: frozenset[str] = ANCHOR_RULES) -> None:
        self.resume_paragraphs = resume_paragraphs
        self.anchor_rules = anchor_rules

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        marked = whole_line_kinds(doc, marks)
        lines = doc.nonblank()
        edits: list[Edit] = []
        body_seen = title_seen = False
        kind: str | None = None  # the inherited kind while inside a zone
        zone: list[tuple[Line, str]] = []  # unmarked lines of the open zone, with kinds
        for line in lines:
            mark = marked.get(line.index)
            if mark is not None:
                if kind is not None or (body_seen and mark.rule in self.anchor_rules):
                    kind = mark.kind
                continue
            if kind is None:
                # a title or a long headline is not yet an article: wait for a paragraph,
                # or, in a short news flash, a sentence after the title
                body_seen = body_seen or is_paragraph(line) or (title_seen and is_sentence(line))
                title_seen = True
                continue
            zone.append((line, kind))
            recent = [is_paragraph(ln) for ln, _ in zone[-(self.resume_paragraphs + 1) :]]
            if sum(recent) >= self.resume_paragraphs:
                # body text resumes (paragraphs, maybe with a subheading between them):
                # the zone ends before the first of them
                first = len(zone) - len(recent) + recent.index(True)
                edits.extend(doc.drop_line(ln, k, "footer.zone", 0.7) for ln, k in zone[:first])
                kind, zone = None, []
        if kind is not None:
            edits.extend(doc.drop_line(ln, k, "footer.zone", 0.7) for ln, k in zone)
        return edits
