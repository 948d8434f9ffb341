"""HTML pages: from the decoded source to the article's lines, as edits of the source.

The flow (docs/html.md tells it with examples):

1. :mod:`.source` lists the source's text runs with offsets; :mod:`.dom` parses the page
   with selectolax and flattens it; :mod:`.align` matches DOM text nodes to runs.
2. Each text node gets a status: never rendered (``script`` …), hidden by an inline style
   or attribute, part of an injected spam link block, excluded by the site rule, the
   title, body, or outside the article. Hidden text that reads as article prose inside
   the body container is content (an expand-to-read section), not junk.
3. The body comes from the site rule's containers, else from :mod:`.content`.
4. :func:`project` writes the kept text as lines (title first, one paragraph per line)
   and records every other source character as an :class:`~cleanpage.Edit`: markup,
   entities, collapsed whitespace and each removed block with its kind and rule. So
   ``apply_edits(source, edits)`` is the extracted text, which the text detectors then
   clean like any text page.
"""

from __future__ import annotations

import itertools
import json
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

import regex

from ..lexicons import count_segments, has_spam_term, spam_segments, spam_texts
from ..meta import Metadata, clean_author, clean_source, find_author, find_source, is_chinese, parse_time
from ..result import Edit
from ..script import fold
from ..sites import RuleSet, SiteRule
from . import content
from .align import align
from .dom import Page, parse, possible_depth, reads_tags_first
from .source import RAW_TEXT, Run, Tag, text_runs

__all__ = ["Extraction", "extract", "looks_like_html"]

_HTML_ROOT = regex.compile(r"<(?:!doctype\s+html|html|head|body|\?xml)\b", regex.I)
_LEADING_SPACE = regex.compile(r"[\s\ufeff]*")
# one start tag, such as a corpus's <text …> or <doc …> (its name is checked apart)
_WRAPPER = regex.compile(r"<([a-z][\w-]{0,30})\b[^<>]{0,1000}>", regex.I)
# element names a page's own text may start with, so no wrapper
_PAGE_ELEMENTS = frozenset(
    ("a", "abbr", "b", "big", "blockquote", "br", "center", "code", "div", "em", "font", "h1", "h2",
     "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "link", "meta", "ol", "p", "pre", "q", "s",
     "script", "small", "span", "strong", "style", "sub", "sup", "table", "td", "th", "title", "tr",
     "u", "ul")
)  # fmt: skip
_LINE_ROOT = regex.compile(r"^[ \t\ufeff]*<(?:!doctype\s+html|html)\b", regex.I | regex.M)
_ANY_TAG = regex.compile(r"<[^<>]{0,200}>|&#?[0-9a-zA-Z]{1,10};")  # tags and entities
_WORDS = regex.compile(r"[\p{L}\p{N}]{2}")
_HTML_TAGS = regex.compile(
    r"<(?:p|div|br|span|a|table|td|li|h[1-6]|meta|title|script|style)\b[^<>]{0,200}>", regex.I
)

# script and style elements and comments, to their end or the end of the text
_CODE = regex.compile(r"<(script|style)\b[^<>]{0,200}>.*?(?:</\1\s*>|$)|<!--.*?(?:-->|$)", regex.I | regex.S)


def _after_leading_comments(head: str) -> int:
    """Where ``head`` starts once leading whitespace and comments are skipped. A loop,
    not a repeated group in a pattern: that backtracked exponentially on '<!---->' runs."""
    pos = _LEADING_SPACE.match(head).end()  # type: ignore[union-attr]
    while head.startswith("<!--", pos):
        end = head.find("-->", pos + 4)
        if end < 0:
            return pos
        pos = _LEADING_SPACE.match(head, end + 3).end()  # type: ignore[union-attr]
    return pos


def looks_like_html(text: str) -> bool:
    """A page that a browser would render as HTML: a doctype or root tag at the top, or
    markup throughout the first 4,000 characters: five tags or more, with text between
    them in two places at least (a fragment such as ``<p>…</p><p>…</p>``), on most of
    its lines; not the tag residue of a text page, in one cluster or on a few lines."""
    head = text[:4000]
    start = _after_leading_comments(head)
    if _HTML_ROOT.match(head, start):
        return True
    # a crawl corpus may wrap each page in an element of its own (<text id=… url=…>,
    # <doc …>), with the page's root at the start of a line after it
    wrapper = _WRAPPER.match(head, start)
    if (
        wrapper is not None
        and wrapper[1].lower() not in _PAGE_ELEMENTS
        and _LINE_ROOT.search(head, wrapper.end())
    ):
        return True
    if "</" not in head:
        return False
    tags = [m.span() for m in _HTML_TAGS.finditer(head)]
    if len(tags) < 5:
        return False
    pieces = [head[a:b] for (_, a), (b, _) in itertools.pairwise(tags)] + [head[tags[-1][1] :]]
    if sum(1 for piece in pieces if _WORDS.search(_ANY_TAG.sub("", piece))) < 2:
        return False
    # and on most lines: a text page with tag residue has it on a few lines only.
    # Scripts, style sheets and comments are code, not lines of the page's text.
    lines = [ln for ln in _CODE.sub("", head).split("\n") if ln.strip()]
    return sum(1 for ln in lines if _HTML_TAGS.search(ln)) * 2 >= len(lines)


# kinds of removed text by why it was removed
KIND_BY_TAG = {
    "object": "embed", "embed": "embed", "applet": "embed", "svg": "embed", "math": "embed",
    "canvas": "embed", "iframe": "embed", "frame": "embed", "frameset": "embed", "audio": "embed",
    "video": "embed", "map": "embed", "area": "embed", "select": "form", "datalist": "form",
    "input": "form", "button": "form", "textarea": "form", "marquee": "hidden",
}  # fmt: skip
MARKUP = "html-markup"
# an attachment line is body although its text is a link ("附件：招生日程表")
_ATTACHMENT = regex.compile(r"\s*(?:附件|附表|附錄|附录)\s*\d*\s*[:：]")


@dataclass
class Extraction:
    """The page read as text: ``text == apply_edits(source, edits)``; one line per
    block, the title first. ``blocks`` names each line's structure for Markdown."""

    text: str
    edits: list[Edit]
    blocks: list[str]
    rule: SiteRule | None
    metadata: Metadata
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Status:
    kind: str  # "keep" or the kind of removal
    rule: str
    confidence: float = 1.0
    line: int = -1  # output line of kept text


def extract(source: str, rules: RuleSet, *, url: str | None = None, site: str | None = None) -> Extraction:
    # the tags, for the guard against deep nesting, are read by the same scan as the
    # text on a page that must be flattened before it is parsed (parse would otherwise
    # scan it again); on another page none are read (see parse)
    possible = possible_depth(source)
    tags: list[Tag] = []
    blanks: list[tuple[int, int]] = []  # runs of whitespace between tags, set aside
    runs = text_runs(source, tags if reads_tags_first(possible) else None, blanks)
    page = parse(source, tags, possible=possible)
    owner, missed = align(runs, [t for t in page.texts if page.elements[t.element].tag not in RAW_TEXT])
    warnings = (
        [f"html: {missed} text node(s) not found in the source; their text was left out"] if missed else []
    )
    urls = _page_urls(page)
    rule = _choose_rule(page, rules, url, urls, site)
    # (only the text nodes that own a run get a status: the rest, whitespace between
    # tags, two thirds of a page's nodes, write nothing)
    statuses, title_para, paras = _decide(page, rule, sorted({node for node in owner if node >= 0}))
    text, edits, blocks = project(
        source, runs, owner, statuses, lambda line: _line_block(page, paras, title_para, line), blanks
    )
    info = content.info_texts(page, paras, title_para)
    metadata = _metadata(page, rule, text, url, urls, info)
    return Extraction(text, edits, blocks, rule, metadata, warnings)


# --- rule choice ---------------------------------------------------------------------


def _page_urls(page: Page) -> list[str]:
    out = []
    for selector, attr in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = page.tree.css_first(selector)
        value = node.attributes.get(attr) if node is not None else None
        if value and value.strip().lower().startswith(("http://", "https://", "//")):
            out.append(value.strip())
    return out


def _choose_rule(
    page: Page, rules: RuleSet, url: str | None, urls: list[str], site: str | None
) -> SiteRule | None:
    if site is not None:
        return rules.get(site)
    for candidate in ([url] if url else []) + urls:
        by_host = rules.by_host(candidate)
        if by_host is not None:
            return by_host
    best: tuple[int, SiteRule] | None = None
    for rule in rules.rules:
        if rule.html is None or not rule.html.fingerprints:
            continue
        score = len(page.matching(rule.html.fingerprints))
        if score >= rule.html.min_fingerprints and (best is None or score > best[0]):
            best = (score, rule)
    if best is not None:
        return best[1]
    visible = fold(" ".join(t.text for t in page.texts if not page.elements[t.element].invisible))
    for rule in rules.rules:
        if rule.fingerprints and rule.fingerprint_score(visible) >= rule.min_fingerprints:
            return rule
    return None


# --- decisions -----------------------------------------------------------------------


def _decide(
    page: Page, rule: SiteRule | None, owners: Sequence[int]
) -> tuple[dict[int, _Status], int, list[content.Paragraph]]:
    """A status for each of the text nodes ``owners`` (in document order), by index;
    the paragraph of the title (-1: none) and every paragraph (a kept text's status
    names its paragraph as its line). A status depends on its node alone, never on
    another node's status."""
    els = page.elements
    texts = page.texts
    paragraphs = content.paragraphs(page)
    para_of = [-1] * len(texts)
    for para in paragraphs:
        for ti in para.texts:
            para_of[ti] = para.index

    spam_roots = _spam_link_blocks(page)
    in_spam = page.inside(spam_roots)

    html_rule = rule.html if rule is not None else None
    body_roots: set[int] = set()
    if html_rule is not None:
        for sel in html_rule.body:
            body_roots |= page.select(sel)
        # keep the outermost containers: one inside another adds nothing
        nearest = page.inside(body_roots)
        body_roots = {r for r in body_roots if els[r].parent < 0 or nearest[els[r].parent] < 0}
    excluded: dict[int, tuple[str, str]] = {}
    if html_rule is not None and body_roots:
        for sel, kind in html_rule.exclude:
            for i in page.select(sel):
                excluded.setdefault(i, (kind, f"{rule.rule_id}.exclude" if rule else "html.exclude"))
    in_excluded = page.inside(set(excluded))

    revealable = content.revealable(page, paragraphs)
    hint = content.negative_hints(page)
    if body_roots:
        in_body = page.inside(body_roots)
        container_rule = f"{rule.rule_id}.body" if rule else "html.body"
        inside_container = [in_body[el.index] >= 0 for el in els]
        inside_scope = inside_container
    else:
        best, scope = content.best_container(page, paragraphs, revealable, in_spam, hint)
        in_best = page.inside({best}) if best >= 0 else [-1] * len(els)
        inside_container = [x >= 0 for x in in_best]
        in_scope = page.inside({scope}) if scope >= 0 else [-1] * len(els)
        inside_scope = [x >= 0 for x in in_scope]
        container_rule = "html.content"
    # hidden text inside the article (the container, or where the generic extractor
    # found its prose) that reads as prose is an expand-to-read section; a body
    # container the rule names is content even if hidden
    revealed = {root for root in revealable if inside_scope[root]} | {
        r for r in body_roots if els[r].own_hidden is not None
    }

    title_el = _title_element(page, rule, paragraphs, inside_container)
    statuses: dict[int, _Status] = {}
    spammy: dict[int, bool] = {}  # per hidden root: is its text keyword spam?
    title_paras: set[int] = set()
    if title_el >= 0:
        in_title = page.inside({title_el})
        # the headline is the element's first paragraph (a rule's title element may hold
        # more, as Sina's 2005 div#article does)
        firsts = [
            para_of[t.index] for t in texts if in_title[t.element] >= 0 and para_of[t.index] >= 0 and t.size
        ]
        title_paras = {firsts[0]} if firsts else set()
    first_title_para = min(title_paras) if title_paras else -1
    outside_rule = container_rule + ".outside"
    for ti in owners:
        t = texts[ti]
        el = els[t.element]
        if el.invisible:
            kind = KIND_BY_TAG.get(el.invisible.rsplit(".", 1)[-1], "invisible")
            statuses[ti] = _Status(kind, el.invisible)
            continue
        near, outer = el.hidden_near, el.hidden_root
        if outer >= 0 and not (outer in revealed and (near == outer or near in revealed)):
            root = near if outer in revealed else outer
            hidden_kind, hidden_rule = els[root].own_hidden or ("hidden", "html.hidden")
            if root not in spammy:
                spammy[root] = _spammy(page, root)
            if in_spam[t.element] >= 0 or spammy[root]:
                hidden_kind = "seo-spam"
            statuses[ti] = _Status(hidden_kind, hidden_rule, 0.9)
            continue
        if in_spam[t.element] >= 0:
            statuses[ti] = _Status("seo-spam", "html.spam-links", 0.9)
            continue
        pi = para_of[ti]
        if pi >= 0 and pi in title_paras:
            statuses[ti] = _Status("keep", "title", line=first_title_para)
            continue
        if in_excluded[t.element] >= 0:
            kind, why = excluded[in_excluded[t.element]]
            statuses[ti] = _Status(kind, why, 0.9)
            continue
        if inside_container[t.element] and pi >= 0:
            para = paragraphs[pi]
            # (paragraphs are numbered in document order: no text before the title's
            # paragraph was kept)
            if 0 <= pi < first_title_para:
                statuses[ti] = _Status(
                    hint[t.element] or "outside-content", container_rule + ".before-title", 0.7
                )
                continue
            furniture = hint[t.element]
            if not body_roots and furniture and not content.is_prose(para):
                statuses[ti] = _Status(furniture, "html.class-hint", 0.7)
                continue
            if para.link_density >= 0.5 and para.chars > 0 and not _ATTACHMENT.match(para.text):
                statuses[ti] = _Status("related-list", "html.link-dense", 0.75)
                continue
            statuses[ti] = _Status("keep", container_rule, line=pi)
            continue
        statuses[ti] = _Status(hint[t.element] or "outside-content", outside_rule, 0.7)

    return statuses, first_title_para, paragraphs


def _line_block(page: Page, paragraphs: Sequence[content.Paragraph], title_para: int, line: int) -> str:
    """The block kind of an output line (a paragraph's index), asked of the lines kept
    only: most paragraphs of a page are not."""
    if line >= 0 and line == title_para:
        return "title"
    return content.block_kind(page, paragraphs[line]) if 0 <= line < len(paragraphs) else "p"


def _spammy(page: Page, root: int) -> bool:
    """Is a hidden block keyword spam (its kind: ``seo-spam`` or ``hidden``)? Judged on
    its first :data:`_SPAM_SAMPLE` characters: a keyword block shows what it is at
    once, and a mirror's hidden block of 174,000 characters took 25 ms to read whole,
    to choose the kind of a removal that happens either way."""
    raw = page.elements[root].node.text(deep=True, separator=" ") or ""
    if len(raw) > _SPAM_SAMPLE:
        cut = raw.rfind(" ", 0, _SPAM_SAMPLE)  # (at a separator: no keyword cut in two)
        raw = raw[: cut if cut > 0 else _SPAM_SAMPLE]
    text = fold(raw)
    if not has_spam_term(text):
        return False
    words = count_segments(text, _SPAM_SEPARATORS)
    if words < 3:
        return False
    need = max(2, words // 5)
    return spam_segments(text, _SPAM_SEPARATORS, enough=need) >= need


_SPAM_SEPARATORS = r"\s|｜_,，、/"  # between the keywords of a hidden spam block
_SPAM_SAMPLE = 20_000


_SPAM_BLOCK_TEXT = 30  # characters of non-link text a spam link block may hold


def _spam_link_blocks(page: Page) -> set[int]:
    """The outermost elements made of links most of which are spam phrases."""
    els = page.elements
    texts = page.texts
    n = len(els)
    # each link's visible text (hidden links go as hidden, on their own), read from its
    # subtree's text nodes: most pages have no spam link, and are done after this
    link_text: dict[int, str] = {}
    for anchor in els:
        if anchor.link != anchor.index or anchor.invisible or anchor.hidden_root >= 0:
            continue
        parts = []
        for t in texts[anchor.text_start : anchor.text_end]:
            el = els[t.element]
            if el.link == anchor.index and not el.invisible and el.hidden_root < 0:
                parts.append(t.text)
        if parts:
            link_text[anchor.index] = "".join(parts)
    links = [0] * n
    spam = [0] * n
    anchors = list(link_text)
    for a, is_spam in zip(anchors, spam_texts(list(link_text.values())), strict=True):
        links[a] += 1
        spam[a] += is_spam
    if sum(spam) < 2:
        return set()  # a block needs two spam links: most pages have none at all
    chars = [0] * n
    link_chars = [0] * n
    sentences = [0] * n  # text outside links that ends a sentence
    for t in texts:
        el = els[t.element]
        if el.invisible or el.hidden_root >= 0:
            continue
        size = t.size
        chars[t.element] += size
        if el.link >= 0:
            link_chars[t.element] += size
        elif size and content.has_sentence_end(t.text):
            sentences[t.element] += 1
    for i in range(n - 1, 0, -1):
        p = els[i].parent
        if p >= 0:
            chars[p] += chars[i]
            link_chars[p] += link_chars[i]
            links[p] += links[i]
            spam[p] += spam[i]
            sentences[p] += sentences[i]
    roots: set[int] = set()
    flagged = [False] * n
    for el in els:
        if el.parent >= 0 and flagged[el.parent]:
            flagged[el.index] = True
            continue
        i = el.index
        # a block of links, not a page or section that also holds them: little text
        # outside its links (a label, separators), never an article's paragraphs, and
        # no sentence there (a short article beside a long spam list is little text)
        own_text = chars[i] - link_chars[i]
        if (
            links[i] >= 3
            and spam[i] >= 2
            and spam[i] * 2 >= links[i]
            and link_chars[i] * 10 >= chars[i] * 6
            and own_text <= max(_SPAM_BLOCK_TEXT, link_chars[i] // 4)
            and not sentences[i]
        ):
            flagged[i] = True
            roots.add(i)
    return roots


def _title_element(
    page: Page, rule: SiteRule | None, paragraphs: Sequence[content.Paragraph], inside: list[bool]
) -> int:
    """The element holding the headline, or -1."""
    if rule is not None and rule.html is not None:
        for sel in rule.html.title:
            for i in sorted(page.select(sel)):
                if content.visible_text(page, i).strip():
                    return i
    return content.title_element(page, paragraphs, inside)


# --- metadata ------------------------------------------------------------------------


def _meta_content(page: Page, selectors: Sequence[str]) -> str | None:
    for sel in selectors:
        node = page.tree.css_first(sel)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("datetime")
            if value and value.strip():
                return value.strip()
    return None


def _metadata(
    page: Page, rule: SiteRule | None, text: str, url: str | None, urls: list[str], info: list[str]
) -> Metadata:
    html_rule = rule.html if rule is not None else None
    chinese = is_chinese(text)
    lines = text.split("\n")
    meta = Metadata(
        title=lines[0] if text else None, url=(urls[0] if urls else url), site=rule.name if rule else None
    )

    def texts_of(selectors: Sequence[str]) -> list[str]:
        out = []
        for sel in selectors:
            for i in sorted(page.select(sel)):
                value = content.visible_text(page, i, hidden_too=True)
                if value.strip():
                    out.append(value)
        return out

    if html_rule is not None:
        for value in texts_of(html_rule.author):
            meta.author = clean_author(value)
            if meta.author:
                break
        for value in texts_of(html_rule.source):
            meta.source = clean_source(value)
            if meta.source:
                break
        for value in texts_of(html_rule.published):
            meta.published = parse_time(value, chinese)
            if meta.published:
                break
    linked = _json_ld(page)
    if meta.published is None and linked.get("published"):
        meta.published = parse_time(linked["published"], chinese)
    if meta.author is None and linked.get("author"):
        meta.author = linked["author"]
    if meta.published is None:
        stamp = _meta_content(
            page,
            (
                'meta[property="article:published_time"]', 'meta[itemprop="datePublished"]',
                'meta[name="pubdate"]', 'meta[name="publishdate"]', 'meta[name="PubDate"]',
                'meta[name="publish_time"]', "time[datetime]",
            ),
        )  # fmt: skip
        meta.published = parse_time(stamp, chinese) if stamp else None
    if meta.published is None:
        for value in info:
            meta.published = parse_time(value, chinese)
            if meta.published:
                break
    if meta.source is None:
        meta.source = find_source(info)
    if meta.author is None:
        stated = _meta_content(page, ('meta[property="article:author"]', 'meta[name="author"]'))
        site_name = _meta_content(page, ('meta[property="og:site_name"]',))
        if stated and stated != site_name and len(stated) <= 40 and not stated.startswith("http"):
            meta.author = stated
        else:
            meta.author = find_author(info)
    return meta


def _json_ld(page: Page) -> dict[str, str]:
    """author and datePublished from schema.org JSON-LD, when the page has it."""
    out: dict[str, str] = {}
    for node in page.tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text() or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict):
                continue
            author = item.get("author")
            if isinstance(author, list) and author:
                author = author[0]
            if isinstance(author, dict):
                author = author.get("name")
            if isinstance(author, str) and author.strip() and "author" not in out:
                out["author"] = author.strip()[:60]
            published = item.get("datePublished")
            if isinstance(published, str) and "published" not in out:
                out["published"] = published
    return out


# --- projection ----------------------------------------------------------------------

_COLLAPSIBLE = frozenset(" \t\n\r\f\x0b\xa0")
_EDGE = frozenset(" \t\n\r\f\x0b\xa0\u3000\ufeff\u200b\u200c\u200d\u2060\u2002\u2003\u2009")


def _wide(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFF60
        or 0x20000 <= cp <= 0x3FFFF
        or 0x3000 <= cp <= 0x303F
    )


def project(
    source: str,
    runs: Sequence[Run],
    owner: Sequence[int],
    statuses: Mapping[int, _Status],
    block_of: Callable[[int], str],
    blanks: Sequence[tuple[int, int]] = (),
) -> tuple[str, list[Edit], list[str]]:
    """The kept text as lines, and edits that turn ``source`` into exactly that text;
    the block kind (``block_of``) of each line. ``blanks``: the spans of the runs of
    ASCII whitespace that ``runs`` leaves out (see :func:`text_runs`), in order; the
    output is what it would be with them among the runs."""
    # 1. kept characters per output line, with their source spans
    kept_runs: list[tuple[int, int]] = []  # (run index, line)
    for k, run in enumerate(runs):
        node = owner[k]
        if node >= 0 and statuses[node].kind == "keep" and not run.raw:
            kept_runs.append((k, statuses[node].line))
    # lines must come out in source order: a run whose line is before one already
    # written (text the parser moved) is dropped
    ordered: list[tuple[int, int]] = []
    last = -1
    for k, line in kept_runs:
        if line < last:
            continue
        ordered.append((k, line))
        last = line
    keep_run: dict[int, int] = dict(ordered)
    # whitespace-only runs between two kept runs of one line are that line's spaces:
    # among the runs, and among the blanks set aside (read from their spans)
    kept_blanks: list[Run] = []
    blank_line: list[int] = []
    first = itemgetter(0)  # a span's start; a kept item's (below)
    for (k1, l1), (k2, l2) in itertools.pairwise(ordered):
        if l1 == l2:
            for k in range(k1 + 1, k2):
                if not runs[k].text.strip() and not runs[k].raw:
                    keep_run[k] = l1
            if blanks:
                lo, hi = runs[k1].end, runs[k2].start
                for b in range(bisect_left(blanks, lo, key=first), bisect_left(blanks, hi, key=first)):
                    x, y = blanks[b]
                    kept_blanks.append(Run(x, y, source[x:y]))
                    blank_line.append(l1)

    # 2. per line, each kept token's output: itself, decoded, one space, or nothing.
    #    A token is a run of ordinary characters, of collapsible whitespace or of other
    #    edge characters (one character per token where entities were decoded), so the
    #    work is per token, not per character.
    pieces: list[tuple[int, int, str, int]] = []  # (src_start, src_end, out, line)
    by_line: dict[int, list[_Token]] = {}
    kept = [(runs[k].start, runs[k], line) for k, line in keep_run.items()]
    kept += [(run.start, run, line) for run, line in zip(kept_blanks, blank_line, strict=True)]
    kept.sort(key=first)
    for _, run, line in kept:
        _tokens(run, by_line.setdefault(line, []))
    line_order = sorted(by_line)
    blocks = [block_of(ln) for ln in line_order]
    for line in line_order:
        tokens = by_line[line]
        lo, hi = 0, len(tokens)
        while lo < hi and tokens[lo].edge:
            lo += 1
        while hi > lo and tokens[hi - 1].edge:
            hi -= 1
        pieces.extend((t.start, t.end, "", line) for t in tokens[:lo])
        i = lo
        while i < hi:
            t = tokens[i]
            if t.collapsible:
                j = i
                while j < hi and tokens[j].collapsible:
                    j += 1
                newline = any("\n" in c.text or "\r" in c.text for c in tokens[i:j])
                joint = "" if newline and _wide(tokens[i - 1].text[-1]) and _wide(tokens[j].text[0]) else " "
                pieces.append((t.start, t.first_end, joint, line))
                if t.first_end < t.end:
                    pieces.append((t.first_end, t.end, "", line))
                pieces.extend((c.start, c.end, "", line) for c in tokens[i + 1 : j])
                i = j
                continue
            pieces.append((t.start, t.end, t.text, line))
            i += 1
        pieces.extend((t.start, t.end, "", line) for t in tokens[hi:])
    pieces.sort()

    # 3. everything else is removed, with the status of the run it belongs to. Touching
    #    removals of one kind, rule and confidence are one removal (as _merge would
    #    join their edits): a list of markup, a menu's tags and runs.
    removed: list[tuple[int, int, str, str, float]] = []

    def remove(s: int, e: int, kind: str, rule: str, conf: float) -> None:
        if removed:
            ls, le, lkind, lrule, lconf = removed[-1]
            if le == s and lkind == kind and lrule == rule and lconf == conf:
                removed[-1] = (ls, e, kind, rule, conf)
                return
        removed.append((s, e, kind, rule, conf))

    pos = 0
    next_blank = 0  # the kept blanks stand in the gaps between runs
    for k, run in enumerate(runs):
        while next_blank < len(kept_blanks) and kept_blanks[next_blank].start < run.start:
            blank = kept_blanks[next_blank]
            if blank.start > pos:
                remove(pos, blank.start, MARKUP, "html.markup", 1.0)
            pos = blank.end
            next_blank += 1
        if run.start > pos:
            remove(pos, run.start, MARKUP, "html.markup", 1.0)
        if k not in keep_run:
            node = owner[k]
            if node >= 0 and statuses[node].kind != "keep":
                st = statuses[node]
                remove(run.start, run.end, st.kind, st.rule, st.confidence)
            elif node >= 0 or not run.text.strip():
                remove(run.start, run.end, MARKUP, "html.markup", 1.0)
            else:
                if run.raw:  # script, style …: never matched to a node
                    kind, rule = KIND_BY_TAG.get(run.tag, "invisible"), f"html.invisible.{run.tag}"
                else:
                    kind, rule = "invisible", "html.unparsed"
                remove(run.start, run.end, kind, rule, 1.0)
        pos = max(pos, run.end)
    if pos < len(source):
        remove(pos, len(source), MARKUP, "html.markup", 1.0)

    # 4. merge into one ordered edit list; a line break goes on the first removal
    #    after each line. next_lines[i]: the line of the first piece from i on that
    #    writes text (None: no more text)
    next_lines: list[int | None] = [None] * (len(pieces) + 1)
    for i in range(len(pieces) - 1, -1, -1):
        next_lines[i] = pieces[i][3] if pieces[i][2] else next_lines[i + 1]
    edits: list[Edit] = []
    out_parts: list[str] = []
    p_idx = 0
    r_idx = 0
    current_line: int | None = None
    need_break = False
    while p_idx < len(pieces) or r_idx < len(removed):
        take_piece = r_idx >= len(removed) or (p_idx < len(pieces) and pieces[p_idx][0] < removed[r_idx][0])
        if take_piece:
            s, e, out, line = pieces[p_idx]
            p_idx += 1
            if out and current_line is not None and line != current_line:
                need_break = True
            if need_break and out:
                _put(edits, source, s, s, "\n", MARKUP, "html.block", 1.0)
                out_parts.append("\n")
                need_break = False
            if out:
                current_line = line
            kind, rule = (MARKUP, "html.entity") if out.strip() else ("layout", "layout.html-space")
            _put(edits, source, s, e, out, kind, rule, 1.0)
            out_parts.append(out)
        else:
            s, e, kind, rule, conf = removed[r_idx]
            r_idx += 1
            if e <= s:
                continue
            nxt_line = next_lines[p_idx]
            if (
                current_line is not None
                and nxt_line is not None
                and nxt_line != current_line
                and not need_break
            ):
                # the first removal after a line carries the line break
                edits.append(Edit(s, e, "\n", kind, rule, conf, source[s:e]))
                out_parts.append("\n")
                current_line = nxt_line
                continue
            edits.append(Edit(s, e, "", kind, rule, conf, source[s:e]))  # (e > s: never a no-op)
    return "".join(out_parts), _merge(edits), blocks


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    first_end: int  # where the token's first character ends in the source
    collapsible: bool  # HTML whitespace: collapses to one space
    edge: bool  # trimmed at the ends of a line (whitespace, zero-width marks)


_TOKEN = regex.compile(
    "(["
    + "".join(sorted(_COLLAPSIBLE))
    + "]+)|(["
    + "".join(sorted(_EDGE - _COLLAPSIBLE))
    + "]+)|[^"
    + "".join(sorted(_EDGE))
    + "]+"
)


def _tokens(run: Run, out: list[_Token]) -> None:
    """Append ``run``'s tokens to ``out``."""
    text = run.text
    if run.offsets is None:
        base = run.start
        for m in _TOKEN.finditer(text):
            a, b = m.span()
            collapsible = m.group(1) is not None
            edge = collapsible or m.group(2) is not None
            out.append(_Token(base + a, base + b, m.group(), base + a + 1, collapsible, edge))
        return
    # decoded entities: one token per source character or entity, as the text shows it
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and run.offsets[j] == run.offsets[i]:
            j += 1
        s, e = run.source_span(i, j)
        piece = text[i:j]
        out.append(_Token(s, e, piece, e, piece in _COLLAPSIBLE, piece in _EDGE))
        i = j


def _put(edits: list[Edit], source: str, s: int, e: int, out: str, kind: str, rule: str, conf: float) -> None:
    original = source[s:e]
    if out == original:
        return
    edits.append(Edit(s, e, out, kind, rule, conf, original))


def _merge(edits: list[Edit]) -> list[Edit]:
    """Join touching edits of the same kind and rule (a tag, then a newline, then a tag)."""
    out: list[Edit] = []
    for e in edits:
        if out:
            last = out[-1]
            if (
                last.end == e.start
                and last.kind == e.kind
                and last.rule == e.rule
                and last.confidence == e.confidence
                and (not last.replacement or not e.replacement or last.kind == MARKUP)
                # each entity stays its own edit: a text edit may take one and not the next
                and last.rule != "html.entity"
            ):
                out[-1] = Edit(
                    last.start, e.end, last.replacement + e.replacement, last.kind, last.rule,
                    last.confidence, last.original + e.original,
                )  # fmt: skip
                continue
        out.append(e)
    return out
