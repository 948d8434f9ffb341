"""Characters no text holds: NUL and the other C0 controls that are not whitespace, DEL,
and lone surrogates.

A scraper or a damaged download leaves them (a NUL where a byte was zeroed, ESC from a
terminal log, half of a UTF-16 pair cut off in a JSON string); what they stood for is
lost, and text stores refuse them (PostgreSQL rejects NUL, UTF-8 has no surrogates). They
are removed, each run as one edit of kind ``mojibake-unrecoverable``, and the text around
them stays as it is. A line of nothing else goes whole.

This runs in the repair stage, right after the codec repair: every later detector reads
views without them, and the repairs that read the source (codec, pinyin) read it through
:class:`~cleanpage.document.Readable`, so a NUL inside a mojibake run or an annotation
changes no decision, and a cleaned text cleans the same again. A run already inside a
repair (a codec repair across a NUL) is left to that repair. The characters are
:data:`~cleanpage.document.NOT_TEXT`; whitespace controls (tab, U+000B, U+000C,
U+001C-U+001F) and C1 controls are text to cleanpage (see there).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import NOT_TEXT, Document
from ..result import Edit
from .base import Stage, Thresholds, covered

KIND = "mojibake-unrecoverable"
# a run of NOT_TEXT split into surrogates and controls, for the rule name
_PIECE = regex.compile(r"[\ud800-\udfff]+|[^\ud800-\udfff]+")


class NonTextDetector:
    name: ClassVar[str] = "non-text"
    stage: ClassVar[Stage] = "repair"
    thresholds: ClassVar[Thresholds] = ()

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        text = doc.source
        runs = list(NOT_TEXT.finditer(text))
        if not runs:
            return []
        taken = covered(doc, marks) if marks else None
        edits: list[Edit] = []
        for run in runs:
            for piece in _PIECE.finditer(text, run.start(), run.end()):
                surrogate = 0xD800 <= ord(piece.group()[0]) <= 0xDFFF
                rule = "non-text.surrogate" if surrogate else "non-text.control"
                start = None
                for i in range(piece.start(), piece.end() + 1):
                    free = i < piece.end() and not (taken is not None and taken[i])
                    if free and start is None:
                        start = i
                    elif not free and start is not None:
                        edits.append(Edit(start, i, "", KIND, rule, 0.99, text[start:i]))
                        start = None
        return edits
