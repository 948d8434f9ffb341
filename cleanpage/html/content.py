"""The generic extractor: which part of a page is the article, measured for Chinese.

Paragraphs are runs of text between block boundaries. Each is scored by what article
prose looks like in any script: characters that are not link text, weighted by sentence
punctuation (。！？；， as well as .!?;,). Link-heavy paragraphs (menus, related lists)
and short unpunctuated ones (labels, buttons, dates) score negative. An element's score
is the sum over the paragraphs inside it, so the best container is the one that holds
the most prose and the least furniture: the article body, not the whole page. No length
threshold throws away a short paragraph: a one-line quote or a caption inside the body
container is kept because of where it is, not how long it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

import regex

from ..lexicons import WHITE_SPACE, count_segments, has_spam_term, spam_segments
from ..script import fold, han_count_upto
from .dom import Page

# A mark, where an English full stop counts only before a space, the end, or a closing
# quote: one character class, then the full stop's condition. (This spelling on `re`,
# with the regex module's \s spelled out, scans three times as fast as an alternation
# on the regex module: a hidden keyword block is one paragraph of up to hundreds of
# thousands of characters. A test holds the two spellings equal.)
_STOP_OK = rf"(?:(?<![.])|(?<=[.])(?=[”’\"')）\]」』]*(?:[{WHITE_SPACE}]|$)))"
_SENTENCE = re.compile(r"[。！？；!?;.]" + _STOP_OK)
_PUNCT = re.compile(r"[，。！？；：、,!?;:.]" + _STOP_OK)


# The counts of a paragraph's hanzi, marks and sentences are read only up to these
# (is_prose, _score), so they are counted only that far: a hidden keyword block is one
# paragraph of up to hundreds of thousands of characters.
HAN_ENOUGH = 15
PUNCT_ENOUGH = 10
SENTENCES_ENOUGH = 1


@dataclass
class Paragraph:
    index: int
    texts: list[int] = field(default_factory=list)
    element: int = -1  # element of the first non-blank text
    chars: int = 0
    link_chars: int = 0
    han: int = 0  # hanzi, counted up to HAN_ENOUGH
    punct: int = 0  # punctuation marks, up to PUNCT_ENOUGH
    sentences: int = 0  # sentence ends, up to SENTENCES_ENOUGH
    text: str = ""

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


@dataclass
class _Measure:
    element: int = -1
    chars: int = 0
    link_chars: int = 0
    parts: list[str] = field(default_factory=list)


def paragraphs(page: Page) -> list[Paragraph]:
    """Visible (or hidden, but rendered-capable) text grouped into paragraphs.

    A paragraph's measures (size, links, text, element) come from its visible text; a
    hidden piece inside it (an injected keyword, a hidden link) does not make it
    link-dense or hidden. Only a paragraph that is hidden as a whole is measured on its
    hidden text, so that an expand-to-read section can be judged."""
    out: list[Paragraph] = []
    current: Paragraph | None = None
    shown = hidden = _Measure()

    def close() -> None:
        if current is not None:
            m = shown if shown.chars else hidden
            current.element, current.chars, current.link_chars = m.element, m.chars, m.link_chars
            current.text = " ".join("".join(m.parts).split())

    els = page.elements
    for t in page.texts:
        el = els[t.element]
        if el.invisible:
            continue
        blank = not t.size
        if current is None or (t.break_before and not blank and (shown.chars or hidden.chars)):
            close()
            current = Paragraph(len(out))
            out.append(current)
            shown, hidden = _Measure(), _Measure()
        current.texts.append(t.index)
        if blank:
            continue
        m = hidden if el.hidden_root >= 0 else shown
        if m.element < 0:
            m.element = t.element
        size = t.size
        m.chars += size
        if el.link >= 0:
            m.link_chars += size
        m.parts.append(t.text)
    close()
    for p in out:
        p.han = han_count_upto(p.text, HAN_ENOUGH)
        p.punct = _count_upto(_PUNCT, p.text, PUNCT_ENOUGH)
        p.sentences = _count_upto(_SENTENCE, p.text, SENTENCES_ENOUGH)
    return [p for p in out if p.chars > 0 or p.texts]


def has_sentence_end(text: str) -> bool:
    """Does ``text`` end a sentence somewhere (。！？； or a full stop before a space)?"""
    return _SENTENCE.search(text) is not None


def _count_upto(pattern: re.Pattern[str], text: str, cap: int) -> int:
    """``min(len(pattern.findall(text)), cap)``: all at once on an ordinary paragraph,
    match by match up to ``cap`` on a long one."""
    if len(text) < _LONG_TEXT:
        return min(len(pattern.findall(text)), cap)
    return sum(1 for _ in islice(pattern.finditer(text), cap))


_LONG_TEXT = 2_000


def is_prose(p: Paragraph) -> bool:
    return p.sentences >= 1 and (p.han >= HAN_ENOUGH or p.chars >= 40) and p.link_density < 0.5


# hanzi an expand-to-read section needs (or 80 characters)
_ARTICLE_HAN = 30


def _article_like(chars: int, han: int, sentences: int, link_chars: int, text: str) -> bool:
    if sentences < 1 or (han < _ARTICLE_HAN and chars < 80) or link_chars * 10 > chars * 3:
        return False
    folded = fold(text)
    if not has_spam_term(folded):
        return True
    separators = r"\s|｜_,，、/。！？"
    # fewer than a tenth of its segments spam: counting stops at a tenth
    need = -(-max(count_segments(folded, separators), 1) // 10)
    return spam_segments(folded, separators, enough=need) < need


def revealable(page: Page, paras: Sequence[Paragraph]) -> set[int]:
    """Hidden elements whose own text reads as article prose: candidates for an
    expand-to-read section, revealed when they sit inside the article's container."""
    els = page.elements
    stats: dict[int, list[int]] = {}
    texts: dict[int, list[str]] = {}
    for t in page.texts:
        el = els[t.element]
        if el.invisible or el.hidden_near < 0:
            continue
        s = stats.setdefault(el.hidden_near, [0, 0])
        size = t.size
        s[0] += size
        if el.link >= 0:
            s[1] += size
        texts.setdefault(el.hidden_near, []).append(t.text)
    out = set()
    for root, (chars, link_chars) in stats.items():
        text = " ".join("".join(texts[root]).split())
        if _article_like(
            chars, han_count_upto(text, _ARTICLE_HAN), _count_upto(_SENTENCE, text, 1), link_chars, text
        ):
            out.add(root)
    return out


def _score(p: Paragraph) -> float:
    if p.chars == 0:
        return 0.0
    if p.link_density >= 0.5:
        return -float(p.chars)
    nonlink = p.chars - p.link_chars
    if p.sentences >= 1 or (p.punct >= 2 and p.chars >= 20):
        return nonlink * (1.0 + min(p.punct, 10) / 10)
    # A label, a button or a date costs its container a little. Capped: one long run
    # without punctuation (a keyword cloud, bait) must not outweigh the prose around it.
    return -0.3 * min(p.chars, _UNPUNCTUATED_CAP)


# characters of an unpunctuated paragraph that count against its container
_UNPUNCTUATED_CAP = 40


def best_container(
    page: Page,
    paras: Sequence[Paragraph],
    revealable: set[int],
    spam: Sequence[int],
    hints: Sequence[str | None],
) -> tuple[int, int]:
    """The element whose paragraphs add up to the most article prose (-1 if none), and
    the part of it where hidden prose is the article's (see :func:`_reveal_scope`).
    ``hints``: :func:`negative_hints` of the page.

    Visible prose decides; hidden prose inside its container is revealed later (Sohu
    folds the rest of the article behind 展开全文 next to the part it shows). Only a
    page that shows no article at all (WeChat hides the whole body until its script
    runs) is judged on its hidden prose: hidden prose elsewhere on a page with an
    article must not pull the container out to <body>."""
    if not page.elements:
        return -1, -1
    # <head> and <title> are no part of any container: counted, they would lift <html>
    # (or <body>, where markup before the <title> makes the parser put it) over the
    # article's container
    in_head = page.inside({el.index for el in page.elements if el.tag in ("head", "title")})
    visible, visible_score, scores, own = _best_container(page, paras, set(), spam, hints, in_head)
    if not revealable or visible_score >= _SHOWN_ARTICLE:
        return visible, _reveal_scope(page, visible, scores, own)
    best, _, scores, own = _best_container(page, paras, revealable, spam, hints, in_head)
    return best, _reveal_scope(page, best, scores, own)


# container score (about one sentence of prose) above which a page shows its article
_SHOWN_ARTICLE = 30.0


def _reveal_scope(page: Page, best: int, scores: Sequence[float], own: Sequence[float]) -> int:
    """The innermost wrapper of ``best`` that holds all of its score: go down while one
    child that holds no paragraph of its own carries the whole score. On a tie the
    container is the outermost element (so that short paragraphs around the prose, a
    caption, a one-line quote, stay with it), which can be <body> when the rest of the
    page scores nothing; hidden prose is the article's only inside this scope, not
    anywhere in <body>."""
    if best < 0:
        return best
    els = page.elements
    node = best
    while True:
        nxt = next(
            (
                i
                for i in range(node + 1, els[node].end)  # the node's subtree
                if els[i].parent == node and own[i] == 0 and scores[i] >= scores[node] - 1e-9
            ),
            -1,
        )
        if nxt < 0:
            return node
        node = nxt


def _best_container(
    page: Page,
    paras: Sequence[Paragraph],
    revealable: set[int],
    spam: Sequence[int],
    hints: Sequence[str | None],
    in_head: Sequence[int],
) -> tuple[int, float, list[float], list[float]]:
    els = page.elements
    n = len(els)
    score = [0.0] * n
    for p in paras:
        if p.element < 0 or in_head[p.element] >= 0:
            continue
        el = els[p.element]
        if el.hidden_root >= 0 and el.hidden_root not in revealable:
            continue
        if spam[p.element] >= 0:
            s = -float(p.chars)
        else:
            s = _score(p)
            if hints[p.element] and s > 0:
                s = -s * 0.5
        anchor = el.block if el.block >= 0 else p.element
        score[anchor] += s
    own = list(score)
    for i in range(n - 1, 0, -1):
        parent = els[i].parent
        if parent >= 0:
            score[parent] += score[i]
    best, best_score = -1, 0.0
    for i in range(n):
        if els[i].invisible:
            continue
        if score[i] > best_score:
            best, best_score = i, score[i]
    return best, best_score, score, own


# class and id words that name page furniture, and the kind of junk each names
_HINT_KINDS = {
    "site-nav": "nav navbar navigation menu menubar topbar topnav subnav mainnav globalnav channelnav",
    "breadcrumb": "breadcrumb breadcrumbs crumb crumbs path position",
    "share-widget": "share sharing social sns bdshare jiathis qrcode qr",
    "comments": "comment comments reply replies tie discuss cmt pinglun",
    "related-list": "related relate relative relevant recommend recommendation recom groom hot hots rank "
    "ranking feed tuijian xgxw tjyd",
    "footer": "footer foot copyright",
    "sidebar": "sidebar aside",
    "ad": "ad ads advert advertisement sponsor gg banner",
    "disclaimer": "statement disclaimer declare shengming",
    "tags": "tag tags keyword keywords",
}
_TITLE_WORDS = frozenset({"title", "headline", "topic", "tit"})
_HINT = {word: kind for kind, words in _HINT_KINDS.items() for word in words.split()}


_TAG_HINT = {"nav": "site-nav", "footer": "footer", "aside": "sidebar"}


def negative_hints(page: Page) -> list[str | None]:
    """Per element, the furniture kind its own or an ancestor's class/id names."""
    out: list[str | None] = [None] * len(page.elements)
    # the kind of each distinct id-and-class (a page repeats them on element after
    # element; "" until worked out, as no kind is empty)
    named: dict[tuple[str, ...], str | None] = {(): None}
    for el in page.elements:
        kind = _TAG_HINT.get(el.tag)
        if kind is None:
            kind = named.get(el.tokens, "")
            if kind == "":
                kind = named[el.tokens] = next((_HINT[w] for w in el.tokens if w in _HINT), None)
        if kind is None and el.parent >= 0:
            kind = out[el.parent]
        out[el.index] = kind
    return out


def visible_text(page: Page, i: int, hidden_too: bool = False) -> str:
    """The text of element ``i`` as a reader sees it (hidden parts left out)."""
    els = page.elements
    root = els[i]
    parts = []
    for t in page.texts[root.text_start : root.text_end]:  # the text nodes of its subtree
        el = els[t.element]
        if el.invisible or (
            el.hidden_root >= 0 and not hidden_too and el.hidden_root != i and i <= el.hidden_root < root.end
        ):
            continue
        parts.append(t.text)
    return " ".join("".join(parts).split())


def _overlap(a: str, b: str) -> float:
    """Share of ``a`` found in ``b`` as its longest common substring (0..1)."""
    if not a or not b:
        return 0.0
    a, b = a[:200], b[:400]
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best = cur[j]
        prev = cur
    return best / len(a)


def title_element(page: Page, paras: Sequence[Paragraph], inside: Sequence[bool]) -> int:
    """The headline's element: an h1, or an element named as a title, that matches the
    page's <title> or og:title best and comes before the article's first paragraph."""
    els = page.elements
    reference = ""
    og = page.tree.css_first('meta[property="og:title"]')
    if og is not None:
        reference = og.attributes.get("content") or ""
    head_title = page.tree.css_first("title")
    if head_title is not None:
        reference += " " + (head_title.text() or "")
    reference = " ".join(reference.split())
    first_body = next((p.element for p in paras if p.element >= 0 and inside[p.element]), len(els))
    best, best_score = -1, 0.0
    for el in els:
        if el.index > first_body and not inside[el.index]:
            break
        if el.invisible or el.hidden_root >= 0:
            continue
        named = el.tag in ("h1", "h2") or not _TITLE_WORDS.isdisjoint(el.tokens)
        if not named or el.tag in ("title", "html", "body", "head"):
            continue
        text = visible_text(page, el.index)
        if not text or len(text) > 120:
            continue
        score = _overlap(text, reference) if reference else 0.0
        score += {"h1": 0.5, "h2": 0.2}.get(el.tag, 0.1)
        if len(text) < 4:
            score -= 0.5
        if score > best_score:
            best, best_score = el.index, score
    if best < 0 and head_title is not None:
        # no heading element: a block that reads exactly as the <title> without its
        # site name ("标题--某某网") is the headline
        pieces = [x for x in _TITLE_SEPARATORS.split(head_title.text() or "") if len(x.strip()) >= 4]
        wanted = {" ".join(x.split()) for x in pieces}
        for p in paras:
            if p.element >= 0 and p.text in wanted and els[p.element].tag != "title":
                return p.element
        return page.by_id.get(head_title.mem_id, -1)
    return best


_TITLE_SEPARATORS = regex.compile(r"\s*(?:--+|_+|\||｜|\s[-–—]\s|——)\s*")


def block_kind(page: Page, p: Paragraph) -> str:
    """How a paragraph is marked up: h1-h6, li, ol (an item of a numbered list), quote,
    pre, or p."""
    els = page.elements
    i = p.element
    for _ in range(8):
        if i < 0:
            break
        tag = els[i].tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return tag
        if tag == "li":
            parent = els[i].parent
            return "ol" if parent >= 0 and els[parent].tag == "ol" else "li"
        if tag == "blockquote":
            return "quote"
        if tag == "pre":
            return "pre"
        i = els[i].parent
    return "p"


def info_texts(page: Page, paras: Sequence[Paragraph], start: int = 0, limit: int = 25) -> list[str]:
    """Short paragraphs from ``start`` on: where portals print time, source and author."""
    out: list[str] = []
    for p in paras[max(start, 0) :]:
        if len(out) >= limit:
            break
        if 0 < len(p.text) <= 160:
            out.append(p.text)
    return out
