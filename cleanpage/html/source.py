"""The text runs of an HTML source, with their offsets.

selectolax (lexbor) builds the DOM that every decision is made on, but it does not say
where a node came from in the source. Edits must, so this scanner walks the source once
and lists every run of character data between markup: its source span, its decoded text
and, when entities were decoded, the source offset of each decoded character. The DOM's
text nodes are then matched to these runs (:mod:`cleanpage.html.align`).

The scanner follows the HTML tokenizer where it matters for finding text: comments,
``<!...>`` and ``<?...>`` declarations, tags with quoted attribute values that may hold
``>``, raw-text elements (``script``, ``style`` …) whose content is not markup, and
RCDATA elements (``title``, ``textarea``) whose content is text with entities. It is
linear: each character is looked at a bounded number of times and nothing backtracks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# content that is text but never markup, up to the matching end tag
# noscript too: a reader's browser runs scripts, so it shows a noscript's content as
# nothing at all, while the parser (scripting off) would make it visible elements; and
# template, whose content is never rendered (the parser keeps it out of the tree)
RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "template"})
# raw-text elements whose content has no text node in the parsed tree
UNPARSED = frozenset({"noscript", "template"})
RCDATA = frozenset({"title", "textarea"})
# ASCII whitespace: a run of it alone is layout between tags (see text_runs)
BLANK = " \t\n\r\f\x0b"

# the rest of a tag, step by step: a quoted value (to its closing quote, or to the end
# of input as the tokenizer does), a stretch of anything but quotes and '>', or a lone
# quote or '='; it stops at the '>' that ends the tag. Possessive: each step is taken
# once, as a loop over the steps would, so the match is linear.
_TAG_REST = re.compile(r"""(?:=\s*(?:"[^"]*"?|'[^']*'?)|[^>="']++|[="'])*+""")
# a start or end tag after its '<': '/' or nothing, the name, the rest of the tag
# (_TAG_REST), then its '>' (none at the input's end); _MARKUP reads tags with it
_TAG_BODY = rf"(?P<slash>/?)(?P<name>[A-Za-z][^\s/>]*){_TAG_REST.pattern}>?"
_TAG = re.compile("<" + _TAG_BODY)
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")


@dataclass(slots=True)
class Run:
    """``source[start:end]`` is character data that reads as ``text``.

    ``offsets`` is None when ``text`` is the source slice itself; otherwise
    ``offsets[i]`` is the source offset where ``text[i]`` begins (an entity's decoded
    characters all begin at its ``&``), with one extra entry equal to ``end``.
    """

    start: int
    end: int
    text: str
    offsets: list[int] | None = None
    raw: bool = False  # content of script/style and other raw-text elements
    tag: str = ""  # for raw runs: the element whose content this is

    def source_span(self, i: int, j: int) -> tuple[int, int]:
        """Source span of ``text[i:j]`` (whole entities included)."""
        if self.offsets is None:
            return self.start + i, self.start + j
        end = self.offsets[j]
        if j > i and j < len(self.text) and self.offsets[j] == self.offsets[j - 1]:
            end = self._entity_end(j - 1)
        return self.offsets[i], end

    def _entity_end(self, k: int) -> int:
        """End of the entity that produced ``text[k]``, when it produced several."""
        n = len(self.text)
        while k + 1 < n and self.offsets[k + 1] == self.offsets[k]:  # type: ignore[index]
            k += 1
        return self.offsets[k + 1]  # type: ignore[index]


def _decode(source: str, start: int, end: int) -> Run:
    chunk = source[start:end]
    if "&" not in chunk:
        return Run(start, end, chunk)
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(chunk):
        decoded = html.unescape(m.group())
        if decoded == m.group():
            continue
        parts.append(chunk[pos : m.start()])
        offsets.extend(range(start + pos, start + m.start()))
        # html.unescape decodes the longest legacy name and leaves the rest ("&notit;"
        # -> "¬it;"): find how much of the match the entity took
        token = m.group()
        consumed, head = len(token), decoded
        for k in range(len(token), 1, -1):
            piece = html.unescape(token[:k])
            if piece != token[:k] and piece + token[k:] == decoded:
                consumed, head = k, piece
                break
        parts.append(head)
        offsets.extend([start + m.start()] * len(head))
        parts.append(token[consumed:])
        offsets.extend(range(start + m.start() + consumed, start + m.end()))
        pos = m.end()
    if not parts:
        return Run(start, end, chunk)
    parts.append(chunk[pos:])
    offsets.extend(range(start + pos, end))
    offsets.append(end)
    return Run(start, end, "".join(parts), offsets)


# the '</name' that closes a raw-text element: the name in any ASCII case, then
# whitespace, '/', '>' or the input's end. (A search, not a find in a lowered copy of
# the page: lowering it cost a sixth of this scan, and 'İ' lowers to two characters,
# which moved every offset after it.)
_END_TAG = {name: re.compile(rf"</{name}(?=[ \t\n\r\f/>]|\Z)", re.I | re.A) for name in RAW_TEXT | RCDATA}


def _find_end_tag(source: str, name: str, pos: int) -> int:
    """Offset of the ``</name`` that closes a raw-text element (or the input's end)."""
    m = _END_TAG[name].search(source, pos)
    return len(source) if m is None else m.start()


_RAW_NAMES = "|".join(sorted(RAW_TEXT | RCDATA | {"plaintext"}))
# Every piece of markup a '<' can open, as the tokenizer reads it, tried in this order;
# a '<' that opens none of them is text. One search finds the next piece, so the text
# between two pieces is a run, and only the pieces cost a step in Python.
# - the start tag of an element whose content is text (its whole name one of those,
#   in any ASCII case: not 'ſ', which Python's case folding takes for 's');
# - any other start or end tag (_TAG);
# - a comment: '<!-->' and '<!--->' are whole comments, else up to '-->' or the end;
# - '<!…>' and '<?…>' declarations, and a '</' with no name ('</>' is dropped, '</ 3…>'
#   is a bogus comment), each up to the next '>' or the end.
_MARKUP = re.compile(
    rf"<(?:(?P<raw>(?ai:{_RAW_NAMES}))(?=[\s/>]|\Z){_TAG_REST.pattern}>?"
    rf"|{_TAG_BODY}"
    r"|!--(?:>|->|(?s:.*?)-->|(?s:.*))"
    r"|[!?/][^>]*>?)"
)
_RAW_GROUP = _MARKUP.groupindex["raw"]
_SLASH_GROUP = _MARKUP.groupindex["slash"]


# A start or end tag as the scanner reads it: the slash of an end tag or "", the name as
# written, and its span in the source.
Tag = tuple[str, str, int, int]


def text_runs(
    source: str, tags: list[Tag] | None = None, blanks: list[tuple[int, int]] | None = None
) -> list[Run]:
    """Every run of character data in ``source``, in order (whitespace-only ones too).

    With ``tags``, every start and end tag the scan reads is appended to it, in order,
    except the start tags of raw-text elements (whose content is no markup): the tags
    the parser's tokenizer reads, which the guard against deep nesting counts
    (:mod:`cleanpage.html.dom`). None are read inside comments, declarations, quoted
    attribute values or raw text.

    With ``blanks``, a run of ASCII whitespace alone (:data:`BLANK`: the layout between
    two tags, two thirds of a page's runs) is appended to it as its span instead of
    being returned as a run: no text node is matched to it, and the extraction reads
    the few it keeps (spaces between two kept runs of a line) from their spans."""
    runs: list[Run] = []
    n = len(source)
    text_start = 0
    pos = 0
    while pos < n:
        for m in _MARKUP.finditer(source, pos):
            lt, end = m.span()
            if lt > text_start:
                # (_decode's test for entities first, inline: a call per run was a
                # tenth of this scan)
                chunk = source[text_start:lt]
                if "&" in chunk:
                    runs.append(_decode(source, text_start, lt))
                elif blanks is not None and not chunk.strip(BLANK):
                    blanks.append((text_start, lt))
                else:
                    runs.append(Run(text_start, lt, chunk))
            text_start = end
            group = m.lastindex  # (None for a comment or declaration)
            if group is None:
                continue
            if group != _RAW_GROUP:  # any other tag: its last group is its name
                if tags is not None:
                    tags.append((m.group(_SLASH_GROUP), m.group(group), lt, end))
                continue
            name = m.group(group).lower()
            if name == "plaintext":
                runs.append(Run(end, n, source[end:n], None, True, name))
                return runs
            close = _find_end_tag(source, name, end)
            if close > end:
                if name in RCDATA:
                    runs.append(_decode(source, end, close))
                else:
                    runs.append(Run(end, close, source[end:close], None, True, name))
            text_start = pos = close
            break  # the search goes on from the end tag
        else:
            break
    if text_start < n:
        runs.append(_decode(source, text_start, n))
    return runs
