"""The parsed page as flat arrays: elements in document order, text nodes, paragraphs.

One pre-order walk over selectolax's DOM records, per element, its parent, tag, whether
a reader can see it and what its class and id hint at; per text node, its element. Every
later question ("is this text inside the body container?", "how much of this block is
link text?") is answered by passes over these arrays, never by walking parent chains,
so a page nested 100,000 levels deep costs the same per node as a flat one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .source import RAW_TEXT, RCDATA, Tag, text_runs

# elements that start a new line in a browser (a paragraph boundary in the output)
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
        "caption",
        "legend",
        "option",
    ]
)
BREAK_TAGS = frozenset({"br", "hr", "img"})
# never rendered as text: code, metadata and embedded documents
INVISIBLE_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "meta",
        "link",
        "base",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "canvas",
        "iframe",
        "frame",
        "frameset",
        "audio",
        "video",
        "map",
        "area",
        "select",
        "datalist",
        "input",
        "button",
        "textarea",
        "marquee",
    ]
)
# tags whose content the reader does see although it sits in <head>
_HEAD_VISIBLE = frozenset({"title"})

_ZERO = regex.compile(r"-?0*\.?0+(?:px|pt|em|rem|%|vw|vh)?")
_OFFSCREEN = regex.compile(r"-\s*(\d+(?:\.\d+)?)(px|pt|em|rem|%)")


@dataclass(slots=True)
class Element:
    index: int
    tag: str
    parent: int
    node: LexborNode
    # why a reader cannot see it: ("hidden", "html.hidden.display-none") …; None if visible
    own_hidden: tuple[str, str] | None = None
    hidden_root: int = -1  # outermost self-or-ancestor with own_hidden, -1 if none
    hidden_near: int = -1  # nearest self-or-ancestor with own_hidden
    invisible: str | None = None  # rule name when self or an ancestor is never rendered
    block: int = -1  # nearest self-or-ancestor block element
    link: int = -1  # nearest self-or-ancestor <a href>
    # words of id and class, in their order (a class naming two kinds of furniture is
    # judged by its first word, the same way on every run)
    tokens: tuple[str, ...] = ()
    # Elements and text nodes are numbered in document order, so a subtree is a run of
    # each: elements index..end-1, text nodes text_start..text_end-1 (set by parse)
    end: int = 0
    text_start: int = 0
    text_end: int = 0


@dataclass(slots=True)
class TextNode:
    index: int
    element: int  # parent element
    text: str
    break_before: bool  # a block boundary or <br> lies between this and the previous text
    # characters that are not whitespace (what every measure of text counts); 0 in an
    # element a reader never sees (script, style …), whose text no measure reads
    size: int


@dataclass
class Page:
    tree: LexborHTMLParser
    elements: list[Element] = field(default_factory=list)
    texts: list[TextNode] = field(default_factory=list)
    by_id: dict[int, int] = field(default_factory=dict)  # node.mem_id -> element index
    # the words of every id and class on the page (see could_match)
    words: set[str] = field(default_factory=set)
    # could_match's answers for the last words of attribute prefixes (see _Needs)
    _prefixes: dict[str, bool] = field(default_factory=dict)

    def indices(self, nodes: Iterable[LexborNode]) -> set[int]:
        return {self.by_id[n.mem_id] for n in nodes if n.mem_id in self.by_id}

    def could_match(self, selector: str) -> bool:
        """False when ``selector`` surely matches no element: each of its alternatives
        names a class or id none of whose words is on the page. A site rule's selectors
        are asked of every page, and most name classes of other portals: each such
        question was a walk of the page by lexbor's selector engine."""
        required = _selector_words(selector)
        return required is None or any(
            words <= self.words and all(self._has_prefix(p) for p in prefixes) for words, prefixes in required
        )

    def _has_prefix(self, start: str) -> bool:
        """Does a word of an id or class on the page start with ``start``?"""
        found = self._prefixes.get(start)
        if found is None:
            found = self._prefixes[start] = any(w.startswith(start) for w in self.words)
        return found

    def select(self, selector: str) -> set[int]:
        """Element indices matching a CSS selector (an invalid selector matches none)."""
        if not self.could_match(selector):
            return set()
        try:
            return self.indices(self.tree.css(selector))
        except Exception:  # selectolax raises on selectors lexbor cannot parse
            return set()

    def matching(self, selectors: Sequence[str]) -> list[str]:
        """Those of ``selectors`` that match an element, in order. They are first asked
        together, as one selector list (one walk of the page instead of one each): when
        none matches, or when lexbor cannot read the list, each is asked alone."""
        selectors = [sel for sel in selectors if self.could_match(sel)]
        if not selectors:
            return []
        try:
            if self.tree.css_first(", ".join(selectors)) is None:
                return []
        except Exception:  # an invalid selector spoils the list: ask each alone
            pass
        return [sel for sel in selectors if self.select(sel)]

    def inside(self, roots: set[int]) -> list[int]:
        """For each element, the nearest self-or-ancestor in ``roots`` (-1 if none)."""
        out = [-1] * len(self.elements)
        if len(roots) <= _FEW_ROOTS:
            # each root's subtree is a run of indices; a root inside another comes later
            # and overwrites its own run with the nearer root
            for root in sorted(roots):
                end = self.elements[root].end
                out[root:end] = [root] * (end - root)
            return out
        for el in self.elements:
            if el.index in roots:
                out[el.index] = el.index
            elif el.parent >= 0:
                out[el.index] = out[el.parent]
        return out


# Words of ids and classes, as could_match compares them: ASCII letters and digits of
# the lowered value, not split at a change of case (in quirks mode lexbor matches
# class and id selectors ignoring ASCII case, so '.postBody' matches 'postbody'). An
# element that a class or id selector matches has, in its class or id, a value equal
# to the name but for ASCII case; lowered, the two have the same words.
_NAME_WORD = re.compile(r"[a-z]+|\d+")
# selectors made only of tag names, classes, ids, combinators and the attribute tests
# below: anything else (another attribute test, a pseudo-class such as :not(), an escape)
# is not read, and never skipped
_PLAIN_SELECTOR = re.compile(r"[A-Za-z0-9_\-#. >+~*\t\n]+")
_SELECTOR_NAME = re.compile(r"[.#]([A-Za-z0-9_-]+)")
# a class or id whose value is (=), holds as one of its words (~=) or starts with (^=)
# a name: site rules match families of generated classes by their start
_NAME_TEST = re.compile(
    r"""\[(?:class|id)(=|~=|\^=)(?:'([A-Za-z0-9_-]+)'|"([A-Za-z0-9_-]+)"|([A-Za-z0-9_-]+))\]"""
)

# Per alternative of a selector list: the words an element's class or id must have
# (lowered, as _NAME_WORD reads them), and the starts of words it must have.
_Needs = tuple[tuple[frozenset[str], tuple[str, ...]], ...]


@lru_cache(maxsize=4096)
def _selector_words(selector: str) -> _Needs | None:
    """Per alternative of a selector list, the words its classes and ids need on the
    page; None when the selector is not plain enough to read so.

    A value that starts with a name (``[class^='main_content']``) holds every word of
    the name but the last, and a word that starts with the last: the value goes on
    after the name, and may lengthen its last word (``main_contentBox``). Lowering is
    done one character at a time, so a lowered value starts with the lowered name.
    The tests are read with no spaces inside the brackets and no flag: others are not
    read (the selector is never skipped)."""
    out = []
    for alternative in selector.split(","):
        words: set[str] = set()
        prefixes: list[str] = []
        for test in _NAME_TEST.finditer(alternative):
            name = test.group(2) or test.group(3) or test.group(4)
            name_words = _NAME_WORD.findall(name.lower())
            if test.group(1) == "^=" and name_words:
                prefixes.append(name_words.pop())
            words.update(name_words)
        rest = _NAME_TEST.sub(" ", alternative)
        if not _PLAIN_SELECTOR.fullmatch(rest):
            return None
        words.update(w for name in _SELECTOR_NAME.findall(rest) for w in _NAME_WORD.findall(name.lower()))
        out.append((frozenset(words), tuple(prefixes)))
    return tuple(out)


def _page_words(names: Iterable[tuple[str | None, str | None]]) -> set[str]:
    """The words (:data:`_NAME_WORD`) of these (id, class) values."""
    return {
        w
        for node_id, classes in names
        for w in _NAME_WORD.findall(f"{node_id or ''} {classes or ''}".lower())
    }


# up to this many roots, Page.inside writes their subtrees' runs (cost: their sizes);
# beyond it, one pass over every element (a chain of nested roots would cost n * depth)
_FEW_ROOTS = 8
# (`re`, not `regex`: half the time for these ASCII classes; a test holds them equal)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[a-z]+|\d+")


def _tokens(node_id: str | None, classes: str | None) -> tuple[str, ...]:
    raw = f"{node_id or ''} {classes or ''}"
    if not raw.strip():
        return ()
    return tuple(dict.fromkeys(_WORD.findall(_CAMEL.sub(" ", raw).lower())))


def hidden_by_style(style: str) -> str | None:
    """The rule that hides an element with this inline style, or None."""
    decls: dict[str, str] = {}
    for part in style.lower().split(";"):
        name, sep, value = part.partition(":")
        if sep:
            decls[name.strip()] = value.replace("!important", "").strip()
    if decls.get("display") == "none":
        return "html.hidden.display-none"
    if decls.get("visibility") in ("hidden", "collapse"):
        return "html.hidden.visibility"
    if _ZERO.fullmatch(decls.get("font-size", "x")):
        return "html.hidden.font-size-0"
    if _ZERO.fullmatch(decls.get("opacity", "x")):
        return "html.hidden.opacity-0"
    if decls.get("position") in ("absolute", "fixed") or "text-indent" in decls:
        for key in ("left", "top", "text-indent", "margin-left", "margin-top"):
            m = _OFFSCREEN.fullmatch(decls.get(key, ""))
            if m and float(m.group(1)) >= (500 if m.group(2) in ("px", "pt") else 50):
                return "html.hidden.off-screen"
    width, height = decls.get("width", ""), decls.get("height", "")
    zero_w, zero_h = bool(_ZERO.fullmatch(width)), bool(_ZERO.fullmatch(height))
    if (zero_w and zero_h) or ((zero_w or zero_h) and decls.get("overflow") == "hidden"):
        return "html.hidden.zero-size"
    return None


# Start tags nested deeper than this are left out of the tree (as Chromium's tree
# builder does at 512): each start tag makes the parser search its stack of open
# elements, so 100,000 unclosed <div> would cost 10^10 steps.
MAX_DEPTH = 512
# A page with more names that could open an element (possible_depth) than this has its
# tags read and is flattened before it is parsed. Below it, the page is parsed as it is
# and the tree measured; only a tree deeper than MAX_DEPTH is parsed again, flattened.
# The parser's slowest nesting this deep (<ul><li> repeated) takes it 40 ms, and most
# big pages have more than MAX_DEPTH such names (10 of the 28 corpus pages), on which
# reading every tag for the guard took 0.6-2.7 ms.
PARSE_FIRST_LIMIT = 4096
# elements the parser closes by itself, or that hold nothing: they never deepen a page
_SHALLOW = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "rb",
        "rt",
        "rp",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "html",
        "head",
        "body",
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_RAW = RAW_TEXT | RCDATA  # elements whose content is text, not tags
# An end tag is ignored by the parser when one of these stands open between it and the
# element it names (they bound the tree builder's "scope"); the others of that list
# (td, th, caption, html, template) are shallow or raw here and never on the stack.
_SCOPE = frozenset({"applet", "marquee", "object", "table"})


# a name after a '<', as the source scanner reads a tag's name
_START_NAME = re.compile(r"<([A-Za-z][^\s/>]*)")


def _may_open(source: str) -> int:
    """At least the number of elements the stack of :func:`_deep_tags` could ever hold:
    the names after a '<' anywhere (in comments, attribute values and raw text too)
    that are not shallow, counted by name. Every start tag the scanner reads is one of
    them, with the same name. On most pages it is under the depth, which spares them
    the reading of every tag (0.2 against 0.9 ms on the corpus pages)."""
    counts = Counter(_START_NAME.findall(source))
    return sum(n for name, n in counts.items() if name.lower() not in _SHALLOW)


def possible_depth(source: str) -> int:
    """At least the depth of any element of ``source`` (:func:`_may_open`, or 0 on a page
    with no more '<' than :data:`MAX_DEPTH`): whether the guard must read the page's
    tags, before parsing (:func:`reads_tags_first`) or after (see :func:`parse`)."""
    return _may_open(source) if source.count("<") > MAX_DEPTH else 0


def may_be_deep(source: str) -> bool:
    """Could an element of ``source`` be nested deeper than :data:`MAX_DEPTH`? (When
    not, the page's tags need not be read for the guard: see :func:`parse`.)"""
    return possible_depth(source) > MAX_DEPTH


def reads_tags_first(possible: int) -> bool:
    """Must a page of this :func:`possible_depth` be flattened before it is parsed (its
    tags read by the caller's scan, see :func:`parse`)?"""
    return possible > PARSE_FIRST_LIMIT


def _deep_tags(tags: Sequence[Tag]) -> list[int]:
    """The positions, in ``tags`` (:data:`~cleanpage.html.source.Tag`: the slash of an
    end tag or "", the name, the span), of the start tags that would open an element
    beyond :data:`MAX_DEPTH`.

    The depth is that of a stack of open elements kept as the parser keeps its own: an
    end tag closes the nearest open element of its name and every element above it,
    and is ignored when no element of its name is open or a scope boundary (a table)
    stands above the nearest one. So stray end tags (``<div></b>`` repeated) do not
    hide a page's depth, and each tag costs constant time, however the page is built.
    A tag beyond the depth opens nothing (it will be blanked out); the end tag that
    would have closed it closes what the parser will close."""
    stack: list[str] = []
    where: dict[str, list[int]] = {}  # name -> stack positions of its open elements
    scopes: list[int] = []  # stack positions of the open scope boundaries
    deep: list[int] = []
    for i, (slash, name, _, _) in enumerate(tags):
        name = name.lower()
        if name in _SHALLOW or name in _RAW:
            continue
        if slash:
            open_at = where.get(name)
            if not open_at or (scopes and scopes[-1] > open_at[-1]):
                continue
            at = open_at[-1]
            for closed in stack[at:]:
                where[closed].pop()
            del stack[at:]
            while scopes and scopes[-1] >= len(stack):
                scopes.pop()
        # (no exception for "<div/>": the slash closes only void and foreign elements,
        # and the parser opens a div there)
        elif len(stack) >= MAX_DEPTH:
            deep.append(i)
        else:
            if name in _SCOPE:
                scopes.append(len(stack))
            where.setdefault(name, []).append(len(stack))
            stack.append(name)
    return deep


def _without_deep_tags(source: str, tags: Sequence[Tag] | None = None) -> str:
    """``source`` with every start tag that would open an element beyond
    :data:`MAX_DEPTH` (see :func:`_deep_tags`) blanked out (same length, so nothing
    else moves); ``source`` itself when none is that deep. ``tags``: the page's tags
    (see :func:`parse`), read here when None and the page may be that deep.

    The tags are the source scanner's (:func:`~cleanpage.html.source.text_runs`): the
    tokenizer's, with none read inside comments, quoted attribute values or raw text.
    (A search of its own, used until 2026-12-06, counted the ``<div>`` of a
    commented-out layout and blanked the page's real tags after it.)"""
    if tags is None:
        if not may_be_deep(source):
            return source  # (no more start tags that could open an element than the depth)
        read: list[Tag] = []
        text_runs(source, read)
        tags = read
    deep = _deep_tags(tags)
    if not deep:
        return source
    parts: list[str] = []
    last = 0
    for i in deep:
        _, _, x, y = tags[i]
        parts.append(source[last:x])
        parts.append(" " * (y - x))
        last = y
    parts.append(source[last:])
    return "".join(parts)


def parse(source: str, tags: Sequence[Tag] | None = None, *, possible: int | None = None) -> Page:
    """The page's DOM (nesting beyond :data:`MAX_DEPTH` flattened), with every element
    and text node recorded in document order.

    ``possible``: :func:`possible_depth` of ``source``, from a caller that has it.
    ``tags``: the page's tags as :func:`~cleanpage.html.source.text_runs` collects them,
    from a caller that has scanned a page whose depth must be read first
    (:func:`reads_tags_first`); read here when needed and not given. Such a page is
    flattened (:func:`_without_deep_tags`) before it is parsed; another that may be
    deep is parsed as it is, and again flattened only if its tree is deeper than
    :data:`MAX_DEPTH` (the parser closes most of what a page leaves open)."""
    if possible is None:
        possible = possible_depth(source)
    if reads_tags_first(possible):
        return _build(_without_deep_tags(source, tags or _read_tags(source)))[0]
    page, depth = _build(source, measure=possible > MAX_DEPTH)
    if depth > MAX_DEPTH:
        flat = _without_deep_tags(source, tags or _read_tags(source))
        if flat is not source:
            page = _build(flat)[0]
    return page


def _read_tags(source: str) -> list[Tag]:
    tags: list[Tag] = []
    text_runs(source, tags)
    return tags


def _build(source: str, *, measure: bool = False) -> tuple[Page, int]:
    """The page's DOM and, with ``measure``, the depth of its deepest element (else 0)."""
    tree = LexborHTMLParser(source)
    page = Page(tree)
    root = tree.root
    if root is None:
        return page, 0
    elements = page.elements
    by_id = page.by_id
    texts = page.texts
    pending_break = False
    last_block = -2
    # a page repeats its ids, classes and styles on element after element: each is
    # read once per page (not across pages, which would flatter repeated benchmarks)
    tokens_of: dict[tuple[str | None, str | None], tuple[str, ...]] = {}
    hiding: dict[str, str | None] = {}
    depths: list[int] | None = [] if measure else None  # by element
    deepest = 0
    # (every field of an element is worked out first and given to its constructor at
    # once: the walk visits some 1,700 nodes a page, and it was a quarter of cleaning)
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            holder = node.parent
            at = by_id.get(holder.mem_id) if holder is not None else None
            if at is None:
                continue
            text = node.text_content
            if not text:
                continue
            el = elements[at]
            index = len(texts)
            if el.invisible:
                # (not measured where never rendered: scripts are most of a page's text)
                texts.append(TextNode(index, at, text, pending_break or el.block != last_block, 0))
            else:
                size = len("".join(text.split()))
                texts.append(TextNode(index, at, text, pending_break or el.block != last_block, size))
                if size:
                    pending_break = False
                    last_block = el.block
            el.text_end = index + 1
            continue
        if tag is None or tag.startswith("-"):
            continue  # comments, doctype
        parent_node = node.parent
        parent = by_id.get(parent_node.mem_id, -1) if parent_node is not None else -1
        index = len(elements)
        by_id[node.mem_id] = index
        attrs = node.attributes
        names = (attrs.get("id"), attrs.get("class"))
        tokens = tokens_of.get(names)
        if tokens is None:
            tokens = tokens_of[names] = _tokens(*names)
        invisible = f"html.invisible.{tag}" if tag in INVISIBLE_TAGS else None
        own_hidden: tuple[str, str] | None = None
        if "hidden" in attrs and tag != "input":
            own_hidden = ("hidden", "html.hidden.attribute")
        elif style := attrs.get("style"):
            if style not in hiding:
                hiding[style] = hidden_by_style(style)
            rule = hiding[style]
            if rule is not None:
                own_hidden = ("hidden", rule)
        is_block = tag in BLOCK_TAGS
        is_link = tag == "a" and "href" in attrs
        if parent >= 0:  # what is not the element's own comes from its parent
            up = elements[parent]
            if invisible is None and up.invisible and not (up.tag == "head" and tag in _HEAD_VISIBLE):
                invisible = up.invisible
            hidden_root = up.hidden_root if up.hidden_root >= 0 else (index if own_hidden else -1)
            hidden_near = index if own_hidden else up.hidden_near
            block = index if is_block else up.block
            link = index if is_link else up.link
        else:
            hidden_root = hidden_near = index if own_hidden else -1
            block = index if is_block else -1
            link = index if is_link else -1
        if depths is not None:
            depth = depths[parent] + 1 if parent >= 0 else 1
            depths.append(depth)
            if depth > deepest:
                deepest = depth
        n = len(texts)
        elements.append(
            Element(
                index,
                tag,
                parent,
                node,
                own_hidden,
                hidden_root,
                hidden_near,
                invisible,
                block,
                link,
                tokens,
                index + 1,
                n,
                n,
            )
        )
        if is_block or tag in BREAK_TAGS:
            pending_break = True
    _close_subtrees(page)
    page.words = _page_words(tokens_of)
    return page, deepest


def _close_subtrees(page: Page) -> None:
    """Carry each subtree's ends (``end``, ``text_end``, set by :func:`parse` for the
    element's own children) up to its parent: children come after their parent, so one
    pass from the last element back does it."""
    elements = page.elements
    for el in reversed(elements):
        if el.parent >= 0:
            up = elements[el.parent]
            if el.end > up.end:
                up.end = el.end
            if el.text_end > up.text_end:
                up.text_end = el.text_end
