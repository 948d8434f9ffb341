"""The public result types and the two functions that make a result reversible.

An :class:`Edit` says "source[start:end] was replaced by ``replacement``"; a removal has
an empty replacement. Edits in a :class:`Result` are sorted and never overlap, so
``apply_edits(result.source, result.edits) == result.text`` and
``rebuild_source(result.text, result.edits) == result.source`` always hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .meta import Metadata
from .pickling import PickledByFields

# Edit kinds that only normalise layout (blank lines, surrounding whitespace, line
# endings). They are part of the exact account of the output but are not "junk found":
# `cleanpage check` ignores them.
LAYOUT_KINDS = frozenset({"layout", "html-markup"})


@dataclass(frozen=True, slots=True)
class Edit(PickledByFields):
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

    # The dataclass's own __init__ sets each field through object.__setattr__, past the
    # frozen check (0.74 µs an edit; an HTML page makes some 550). The slots' own
    # descriptors set them directly: 0.42 µs.
    def __init__(
        self,
        start: int,
        end: int,
        replacement: str,
        kind: str,
        rule: str,
        confidence: float,
        original: str = "",
    ) -> None:
        _set_start(self, start)
        _set_end(self, end)
        _set_replacement(self, replacement)
        _set_kind(self, kind)
        _set_rule(self, rule)
        _set_confidence(self, confidence)
        _set_original(self, original)

    @property
    def is_removal(self) -> bool:
        return self.replacement == ""

    @property
    def is_flag(self) -> bool:
        """A report, not a change: the text stays (``mojibake-unrecoverable``)."""
        return self.replacement == self.original and self.start < self.end

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_set_start, _set_end, _set_replacement, _set_kind, _set_rule, _set_confidence, _set_original = (
    getattr(Edit, f.name).__set__ for f in fields(Edit)
)


@dataclass(frozen=True, slots=True)
class Segment(PickledByFields):
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
    # what the page says about the article (author, publisher, time, canonical URL)
    metadata: Metadata = field(default_factory=Metadata)
    # "html" or "text": how the input was read
    markup: str = "text"
    # the structure of each output line: title, p, h2…h6, li, ol, quote, pre
    blocks: list[str] = field(default_factory=list)
    # "clean", or "skipped" when the page was passed through uncleaned (too large, or
    # over the time budget); ``reason`` says why in plain words
    status: str = "clean"
    reason: str | None = None

    def markdown(self) -> str:
        """The text with its structure: a heading for the title, list items, quotes."""
        lines = self.text.split("\n") if self.text else []
        kinds = self.blocks if len(self.blocks) == len(lines) else ["title"] + ["p"] * (len(lines) - 1)
        out: list[str] = []
        prev = ""
        for line, kind in zip(lines, kinds, strict=True):
            if kind == "title":
                piece = "# " + line
            elif kind in ("h1", "h2", "h3", "h4", "h5", "h6"):
                piece = "#" * min(int(kind[1]) + 1, 6) + " " + line
            elif kind == "li":
                piece = "- " + line
            elif kind == "ol":
                piece = "1. " + line
            elif kind == "quote":
                piece = "> " + line
            elif kind == "pre":
                piece = "    " + line
            else:
                piece = _MD_ESCAPE.sub(r"\\\g<0>", line, count=1)
            if out:
                together = kind == prev and kind in ("li", "ol", "quote", "pre")
                out.append("\n" if together else "\n\n")
            out.append(piece)
            prev = kind
        return "".join(out)

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
            "status": self.status,
            "reason": self.reason,
            "counts": self.counts(),
            "warnings": list(self.warnings),
            "segments": [s.to_dict() for s in self.segments],
            "markup": self.markup,
            "metadata": self.metadata.to_dict(),
            "blocks": list(self.blocks),
            "edits": [e.to_dict() for e in self.edits],
            "source": self.source,
        }


_MD_ESCAPE = re.compile(r"^(?:[#>*+-]|\d+[.)])(?=\s)")


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


def compose_edits(
    source: str, first: Sequence[Edit], middle: str, second: Sequence[Edit]
) -> tuple[list[Edit], int]:
    """Edits of ``source`` that do what ``first`` (source -> middle) then ``second``
    (middle -> final text) do; and how many of ``second`` had to be left out.

    An edit of ``second`` that touches text an edit of ``first`` wrote takes that edit
    in whole, so every composed edit still records the exact source it replaced. A
    ``second`` edit that would share a ``first`` edit with another one is left out
    (only possible when both cut inside one multi-character entity).
    """
    # chunks of middle: (x0, x1, h0, h1, index of the first-edit or -1 for copied text)
    chunks: list[tuple[int, int, int, int, int]] = []
    x = h = 0
    ordered = sorted(first, key=lambda e: (e.start, e.end))
    for k, e in enumerate(ordered):
        if e.start > h:
            chunks.append((x, x + e.start - h, h, e.start, -1))
            x += e.start - h
        chunks.append((x, x + len(e.replacement), e.start, e.end, k))
        x += len(e.replacement)
        h = e.end
    if h < len(source):
        chunks.append((x, x + len(source) - h, h, len(source), -1))
    if x + (len(source) - h) != len(middle):
        raise ValueError("first edits do not produce middle")
    absorbed = bytearray(len(ordered))
    out: list[Edit] = []
    dropped = 0
    c = 0
    for e in sorted(second, key=lambda e: (e.start, e.end)):
        a, b = e.start, e.end
        while c < len(chunks) and chunks[c][1] <= a:  # zero-width chunks at a stay apart
            c += 1
        # start
        if c >= len(chunks):
            hs, prefix, cs = len(source), "", len(chunks)
        else:
            x0, _x1, h0, _h1, k = chunks[c]
            cs = c
            if k < 0:
                hs, prefix = h0 + (a - x0), ""
            elif a == x0 and b == a:
                hs, prefix = h0, ""
            else:
                hs, prefix = h0, ordered[k].replacement[: a - x0]
        # end
        if b == a:
            he, suffix, ce = hs, "", cs - 1
            if cs < len(chunks) and chunks[cs][4] >= 0 and a > chunks[cs][0]:
                k = chunks[cs][4]
                he, suffix, ce = chunks[cs][3], ordered[k].replacement[a - chunks[cs][0] :], cs
        else:
            ce = cs
            while ce < len(chunks) and not (chunks[ce][0] <= b - 1 < chunks[ce][1]):
                ce += 1
            x0, _x1, h0, h1, k = chunks[ce]
            if k < 0:
                he, suffix = h0 + (b - x0), ""
            else:
                he, suffix = h1, ordered[k].replacement[b - x0 :]
        taken = [chunks[i][4] for i in range(cs, ce + 1) if chunks[i][4] >= 0]
        if any(absorbed[k] for k in taken) or (out and hs < out[-1].end):
            dropped += 1
            continue
        for k in taken:
            absorbed[k] = 1
        replacement = prefix + e.replacement + suffix
        if e.kind == "layout" and replacement.strip() and taken:
            # a layout edit writes only whitespace: text kept around it is what the
            # first edit wrote ('&nbspThe' read as '\xa0The', its space then stripped)
            e = ordered[taken[0]]
        out.append(Edit(hs, he, replacement, e.kind, e.rule, e.confidence, source[hs:he]))
    out.extend(e for k, e in enumerate(ordered) if not absorbed[k])
    out.sort(key=lambda e: (e.start, e.end))
    return out, dropped
