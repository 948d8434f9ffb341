"""The public result types and the two functions that make a result reversible.

An :class:`Edit` says "source[start:end] was replaced by ``replacement``"; a removal has
an empty replacement. Edits in a :class:`Result` are sorted and never overlap, so
``apply_edits(result.source, result.edits) == result.text`` and
``rebuild_source(result.text, result.edits) == result.source`` always hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# Edit kinds that only normalise layout (blank lines, surrounding whitespace, line
# endings). They are part of the exact account of the output but are not "junk found":
# `cleanpage check` ignores them.
LAYOUT_KINDS = frozenset({"layout"})


@dataclass(frozen=True, slots=True)
class Edit:
    """One change: ``source[start:end]`` (which was ``original``) became ``replacement``.

    ``kind`` names what the span was (``seo-spam``, ``pinyin``, ``related-list`` …),
    ``rule`` names the detector or site rule that decided it, and ``confidence`` is in
    0–1. ``original`` is kept so the source can be rebuilt from the output alone.
    """

    start: int
    end: int
    replacement: str
    kind: str
    rule: str
    confidence: float
    original: str = ""

    @property
    def is_removal(self) -> bool:
        return self.replacement == ""

    @property
    def is_flag(self) -> bool:
        """A report, not a change: the text stays (``mojibake-unrecoverable``)."""
        return self.replacement == self.original and self.start < self.end

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Segment:
    """Input bytes ``[start, end)`` became ``source[text_start:text_end]`` read as
    ``encoding``; ``lossy`` when some bytes fit no encoding and became U+FFFD."""

    start: int
    end: int
    text_start: int
    text_end: int
    encoding: str
    lossy: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Result:
    """What :func:`cleanpage.clean` returns.

    ``text`` is the clean article (title first, one paragraph per line, no trailing
    newline); ``source`` is the decoded input that every ``Edit`` offset refers to.
    """

    text: str
    source: str
    encoding: str
    site: str | None
    title: str
    edits: list[Edit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # how the input bytes were decoded (empty for str input); more than one encoding
    # when ``encoding`` is ``mixed``
    segments: list[Segment] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.source

    @property
    def findings(self) -> list[Edit]:
        """Edits that remove or repair content (everything except layout)."""
        return [e for e in self.edits if e.kind not in LAYOUT_KINDS]

    def counts(self) -> dict[str, int]:
        """Number of content edits per kind."""
        out: dict[str, int] = {}
        for e in self.findings:
            out[e.kind] = out.get(e.kind, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "title": self.title,
            "site": self.site,
            "encoding": self.encoding,
            "changed": self.changed,
            "counts": self.counts(),
            "warnings": list(self.warnings),
            "segments": [s.to_dict() for s in self.segments],
            "edits": [e.to_dict() for e in self.edits],
            "source": self.source,
        }


def _check_sorted(edits: Sequence[Edit], length: int) -> None:
    pos = 0
    for e in edits:
        if e.start < pos or e.end < e.start or e.end > length:
            raise ValueError(f"edits overlap or run out of bounds at {e.start}..{e.end}")
        pos = e.end


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``source`` and return the new text."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    _check_sorted(ordered, len(source))
    parts: list[str] = []
    pos = 0
    for e in ordered:
        parts.append(source[pos : e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(source[pos:])
    return "".join(parts)


def rebuild_source(text: str, edits: Iterable[Edit]) -> str:
    """Invert :func:`apply_edits`: rebuild the source from the output and the edits."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    parts: list[str] = []
    src_pos = 0  # position in the source being rebuilt
    out_pos = 0  # matching position in ``text``
    for e in ordered:
        kept = e.start - src_pos
        if kept < 0:
            raise ValueError(f"edits overlap at {e.start}..{e.end}")
        parts.append(text[out_pos : out_pos + kept])
        out_pos += kept
        if text[out_pos : out_pos + len(e.replacement)] != e.replacement:
            raise ValueError(f"text does not match the edit at source offset {e.start}")
        parts.append(e.original)
        out_pos += len(e.replacement)
        src_pos = e.end
    parts.append(text[out_pos:])
    return "".join(parts)
