"""Markup residue in text pages: stray tags, leftover entities, separator-only lines.

Scrapers and mirrors leave ``<option id=…></option>``, ``<center>``, a close tag whose
``<`` was lost (``?/h3>``), ``&nbsp;``, and lines that hold only ``?`` or separators.
Only real HTML element names are treated as tags, so ``a<b`` or ``<Ctrl>`` stay.

This runs in the repair stage: the later detectors read lines without the tags, so
``<p><p>标题`` is a title, not a breadcrumb with two ``>`` arrows.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import EDGE, Document
from ..result import Edit
from .base import Stage, Thresholds

HTML_TAGS = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|big|blockquote|body|br|button|"
    "canvas|caption|center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|"
    "dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|"
    "header|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|marquee|menu|"
    "meta|meter|nav|noscript|object|ol|optgroup|option|output|p|param|picture|pre|progress|q|s|"
    "samp|script|section|select|small|source|span|strike|strong|style|sub|summary|sup|table|"
    "tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr"
)
_ATTRIBUTE = (
    r"""\s+[a-zA-Z_:][-\w:.]{0,40}(?:\s*=\s*(?:"[^"<>\n]{0,300}"|'[^'<>\n]{0,300}'|[^\s"'<>`]{1,300}))?"""
)
_TAG = regex.compile(rf"</?(?:{HTML_TAGS})(?:{_ATTRIBUTE}){{0,20}}\s*/?>", regex.IGNORECASE)
# a close tag whose '<' was lost to a split double-byte character
_BROKEN_CLOSE = regex.compile(rf"\?/(?:{HTML_TAGS})>", regex.IGNORECASE)
_ENTITY = regex.compile(
    r"&(?:nbsp|ensp|emsp|thinsp|quot|apos|middot|hellip|mdash|ndash|ldquo|rdquo|lsquo|rsquo|#\d{2,7}|#x[0-9a-fA-F]{2,6});"
)
_SEPARATOR_LINE = regex.compile(r"[\s?？|｜_\-—=*~·•.。,，:：;；/\\#+<>]+")
_OPEN_TAG_BEFORE = regex.compile(r"<[a-zA-Z][^<>\n]{0,300}$")
_OPEN_TAG_REACH = 302  # the longest match of _OPEN_TAG_BEFORE
# entities whose text could form new markup are left alone, so cleaning stays idempotent
_UNSAFE = frozenset("<>&")


def strip_tags(view: str, rounds: int = 5) -> tuple[list[tuple[int, int, str]], list[int]]:
    """Tag spans of ``view`` (merged, in view offsets) and the offsets of the characters
    that survive them. Repeats on the tag-free text, so nested tags such as ``<<p>p>``
    go in one pass and cleaning stays idempotent."""
    spans: list[tuple[int, int, str]] = []
    kept = list(range(len(view)))
    for _ in range(rounds):
        stripped = "".join(view[i] for i in kept)
        found = [(m.start(), m.end(), "residue.tag") for m in _TAG.finditer(stripped)]
        found += [(m.start(), m.end(), "residue.broken-tag") for m in _BROKEN_CLOSE.finditer(stripped)]
        if not found:
            break
        for a, b, rule in found:
            spans.append((kept[a], kept[b - 1] + 1, rule))
        spans = _merge(spans)
        kept = _survivors(len(view), spans)
    return spans, kept


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for a, b, rule in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]), out[-1][2])
        else:
            out.append((a, b, rule))
    return out


def _survivors(length: int, spans: list[tuple[int, int, str]]) -> list[int]:
    kept: list[int] = []
    pos = 0
    for a, b, _rule in spans:
        kept.extend(range(pos, a))
        pos = b
    kept.extend(range(pos, length))
    return kept


def _safe_entities(stripped: str) -> list[tuple[regex.Match[str], str]]:
    """The entities of tag-free ``stripped`` to decode, with their text: none whose text
    could form markup, and none that decoding would make part of a tag (``</p&nbsp;>``
    reads ``</p >``, ``<&#47;p>`` reads ``</p>``), which the next cleaning would remove."""
    found: list[tuple[regex.Match[str], str]] = []
    for m in _ENTITY.finditer(stripped):
        # any whitespace an entity stands for (&nbsp; &#10; …) becomes one space:
        # a decoded newline would split the paragraph
        text = html.unescape(m.group())
        text = " " if text.isspace() else text
        if text == m.group() or _UNSAFE.intersection(text) or not text.isprintable():
            continue
        # (searched from where a match could start: the scan stays linear on a line
        # of thousands of entities)
        if _OPEN_TAG_BEFORE.search(stripped, max(0, m.start() - _OPEN_TAG_REACH), m.start()):
            continue  # decoding it would complete a tag ("<p&nbsp;>"): leave it
        found.append((m, text))
    if not found or ">" not in stripped:
        return found  # every tag ends with '>', which no decoded entity writes
    # the text as decoded: an entity inside a tag there stays an entity (its text has no
    # '<' or '>', so leaving it can make no other tag)
    parts: list[str] = []
    where: list[tuple[int, int]] = []  # each entity's span in the decoded text
    pos = size = 0
    for m, text in found:
        parts += [stripped[pos : m.start()], text]
        size += m.start() - pos
        where.append((size, size + len(text)))
        size += len(text)
        pos = m.end()
    parts.append(stripped[pos:])
    decoded = "".join(parts)
    tags = sorted(
        [t.span() for t in _TAG.finditer(decoded)] + [t.span() for t in _BROKEN_CLOSE.finditer(decoded)]
    )
    if not tags:
        return found
    # one sweep: entities and tags are both in order (tags overlap none of each other)
    out: list[tuple[regex.Match[str], str]] = []
    k = 0
    for f, (a, b) in zip(found, where, strict=True):
        while k < len(tags) and tags[k][1] <= a:
            k += 1
        if not (k < len(tags) and tags[k][0] < b):
            out.append(f)
    return out


class ResidueDetector:
    name: ClassVar[str] = "residue"
    stage: ClassVar[Stage] = "repair"
    thresholds: ClassVar[Thresholds] = ()

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        edits: list[Edit] = []
        for line in doc.lines:
            view = line.view
            if line.blank:
                continue
            markup = "<" in view or ">" in view or "&" in view
            spans, kept = strip_tags(view) if markup else ([], [])
            stripped = "".join(view[i] for i in kept) if markup else view
            # what a reader would see: tags gone, entities decoded
            seen = html.unescape(stripped)
            # judged without what layout.strip removes at the edges (U+001C-U+001F are
            # no \s to regex; zero-width marks and the BOM are no whitespace at all)
            content = seen.strip(EDGE)
            if not content or _SEPARATOR_LINE.fullmatch(content):
                if seen == view:
                    edits.append(doc.drop_line(line, "separator", "residue.separator-line", 0.9))
                else:
                    edits.append(doc.drop_line(line, "markup", "residue.tag-line", 0.9))
                continue
            if not markup:
                continue
            # Entities are read in the text as it is once the tags are gone: removing a
            # tag must not splice a new entity ("&<p>nbsp;") for a second pass to find.
            entity_spans: list[tuple[int, int]] = []
            for m, text in _safe_entities(stripped):
                a, b = kept[m.start()], kept[m.end() - 1] + 1
                entity_spans.append((a, b))
                s, e = line.to_source(a, b)
                edits.append(Edit(s, e, text, "markup", "residue.entity", 0.9, doc.source[s:e]))
            k = 0
            for a, b, rule in spans:
                while k < len(entity_spans) and entity_spans[k][1] <= a:
                    k += 1
                if k < len(entity_spans) and entity_spans[k][0] <= a:
                    continue  # removed with the entity it sat in
                confidence = 0.85 if rule == "residue.tag" else 0.7
                edits.append(doc.drop_view_span(line, a, b, "markup", rule, confidence))
        return edits
