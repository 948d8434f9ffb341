"""Markup residue in text pages: stray tags, leftover entities, separator-only lines.

Scrapers and mirrors leave ``<option id=…></option>``, ``<center>``, a close tag whose
``<`` was lost (``?/h3>``), ``&nbsp;``, and lines that hold only ``?`` or separators.
Only real HTML element names are treated as tags, so ``a<b`` or ``<Ctrl>`` stay.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import ClassVar

import regex

from ..document import Document
from ..result import Edit
from .base import Stage

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
# entities whose text could form new markup are left alone, so cleaning stays idempotent
_UNSAFE = frozenset("<>&")


class ResidueDetector:
    name: ClassVar[str] = "residue"
    stage: ClassVar[Stage] = "line"

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        edits: list[Edit] = []
        for line in doc.lines:
            view = line.view
            if line.blank:
                continue
            if _SEPARATOR_LINE.fullmatch(view):
                edits.append(doc.drop_line(line, "separator", "residue.separator-line", 0.9))
                continue
            if "<" not in view and ">" not in view and "&" not in view:
                continue
            spans = [(m.start(), m.end(), "residue.tag") for m in _TAG.finditer(view)]
            spans += [(m.start(), m.end(), "residue.broken-tag") for m in _BROKEN_CLOSE.finditer(view)]
            rest = html.unescape(_TAG.sub("", view))
            if spans and (not rest.strip() or _SEPARATOR_LINE.fullmatch(rest)):
                edits.append(doc.drop_line(line, "markup", "residue.tag-line", 0.9))
                continue
            for a, b, rule in spans:
                edits.append(
                    doc.drop_view_span(line, a, b, "markup", rule, 0.85 if rule == "residue.tag" else 0.7)
                )
            for m in _ENTITY.finditer(view):
                text = html.unescape(m.group()).replace("\xa0", " ")
                if text == m.group() or _UNSAFE.intersection(text):
                    continue
                s, e = line.to_source(m.start(), m.end())
                edits.append(Edit(s, e, text, "markup", "residue.entity", 0.9, doc.source[s:e]))
        return edits
