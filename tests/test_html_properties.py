"""Property-based tests of cleanpage's HTML support: generated articles rendered as the
pages of a site with no rule, generated junk spliced into them, exact outputs.

The articles come from ``strategies.py`` (titles and paragraphs of news Chinese in one
script, Simplified or Traditional). :func:`html_pages` renders one as a portal page
(``<title>`` with the site name, a nav bar, the ``<h1>``, the article's ``<p>``s, a
footer) with harmless variations: wrappers, classes, whitespace between tags, inline
``<b>``/``<span>``, omitted ``</p>``, comments, source lines wrapped between two hanzi.
Such a page must clean to exactly the title and the body paragraphs, whatever else is
spliced in at its block boundaries: never-rendered elements, hidden elements, visible
spam link blocks.

Profiles live in conftest.py (``HYPOTHESIS_PROFILE=ci``, or the ``CI`` variable, for the
long, derandomized run).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import NamedTuple

import pytest
from fuzz_strategies import html_documents
from helpers import assert_result_accounts, assert_text_format
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import (
    EVALUATIONS,
    QUOTE_MARKS,
    acceptable_article,
    prose_paragraphs,
    quoted_paragraphs,
    scripts,
    short_quotes,
    spam_lines,
    spam_segments,
    titles,
    to_traditional,
)

import cleanpage
from cleanpage import Result

# one Cleaner for the tests that pass it options
CLEANER = cleanpage.Cleaner()

# --- shared checks --------------------------------------------------------------------


def assert_edits_account(result: Result) -> None:
    """The shared account, plus what HTML pages add: a layout or markup edit exists to
    change the text (findings such as codec.lost-data may flag text and keep it); see
    test_no_edit_is_a_no_op."""
    assert_result_accounts(result)
    for e in result.edits:
        if e.kind in ("layout", "html-markup") and (e.start < e.end or e.replacement):
            assert e.original != e.replacement, e


def assert_well_formed(result: Result) -> None:
    assert_text_format(result.text)
    assert_edits_account(result)


# --- articles ---------------------------------------------------------------------------


@st.composite
def chinese_quotes(draw: st.DrawFn, script: int) -> str:
    """A one-line quotation in Chinese: ``“效果十分明显！”``."""
    opening, closing = draw(st.sampled_from(QUOTE_MARKS))
    return f"{opening}{draw(st.sampled_from(EVALUATIONS))[script]}{draw(st.sampled_from('。！'))}{closing}"


@st.composite
def article_parts(draw: st.DrawFn, script: int | None = None) -> tuple[str, list[str]]:
    """(title, body): 3-8 paragraphs of prose, some quoted, some a one-line quote
    (Chinese, or an English sentence in quotation marks)."""
    if script is None:
        script = draw(scripts)
    title = draw(titles(script))
    kinds = st.sampled_from(("prose", "prose", "prose", "quoted", "short"))
    body = []
    for kind in draw(st.lists(kinds, min_size=3, max_size=8)):
        if kind == "prose":
            body.append(draw(prose_paragraphs(script)))
        elif kind == "quoted":
            body.append(draw(quoted_paragraphs(script)))
        else:
            body.append(draw(st.one_of(short_quotes(script), chinese_quotes(script))))
    assume(acceptable_article([title, *body]))
    return title, body


# --- rendering an article as HTML --------------------------------------------------------

SITE_NAMES = ("某某网", "示例新闻网", "城市生活网", "晨光日报", "江南在线")
TITLE_SEPARATORS = ("_", " - ", " | ", "——", "_新闻_")
NAV_ITEMS = (
    "首页",
    "新闻",
    "国内",
    "国际",
    "财经",
    "体育",
    "娱乐",
    "科技",
    "汽车",
    "房产",
    "教育",
    "旅游",
    "图片",
    "视频",
)
FOOTER_LINES = (
    "关于我们 | 联系我们 | 网站地图 | 广告服务",
    "Copyright © 2026 {site} 版权所有",
    "京ICP备12345678号",
    "违法和不良信息举报电话：010-12345678",
)
SPACES = ("", "", "\n", "\n", "\n    ", "\r\n", "\t", " ", "\n\n")
# wrappers around the article container: none of these names furniture or a portal rule
WRAPPERS = (
    '<div class="main">',
    '<div id="container">',
    '<div class="wrap clearfix">',
    '<div class="left">',
    "<main>",
    "<section>",
    '<div class="col-8">',
)
CONTAINERS = (
    '<div class="article">',
    '<div class="content">',
    '<div id="content">',
    '<div class="main-text">',
    '<div class="article-body">',
    '<div class="detail">',
    "<article>",
    '<div class="text" id="zoom">',
)
P_OPEN = (
    "<p>",
    "<p>",
    "<p>",
    '<p class="text">',
    '<p style="text-indent:2em;">',
    '<p align="justify">',
    "<P>",
)
INLINE = (("<b>", "</b>"), ("<strong>", "</strong>"), ('<span class="hl">', "</span>"), ("<em>", "</em>"),
          ('<font color="#333">', "</font>"), ("<span>", "</span>"))  # fmt: skip

# entities for body text: (source, what it reads as)
ENTITIES = (
    ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#x4e2d;", "中"), ("&#20013;", "中"),
    ("&nbsp;", " "), ("&mdash;", "—"), ("&ldquo;", "“"), ("&rdquo;", "”"), ("&#39;", "'"),
)  # fmt: skip


def _wide(ch: str) -> bool:
    cp = ord(ch)
    return 0x2E80 <= cp <= 0x9FFF or 0xFF00 <= cp <= 0xFF60 or 0x3000 <= cp <= 0x303F


@st.composite
def paragraph_html(
    draw: st.DrawFn, text: str, entities: bool = False, inline_junk: st.SearchStrategy[str] | None = None
) -> tuple[str, str]:
    """(html, expected text) of one paragraph's content: escaped, with inline tags around
    parts of it, maybe a source line break between two hanzi, (with ``entities``)
    characters written as entities or extra entities spliced between characters, and
    (with ``inline_junk``) 1-3 pieces of it between characters, which must not show."""
    units = [[html.escape(ch, quote=False), ch] for ch in text]
    if entities:
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(1, len(units) - 1))  # never at the edge: edges are trimmed
            source, decoded = draw(st.sampled_from(ENTITIES))
            if decoded == " " and (not units[i - 1][1].strip() or not units[i][1].strip()):
                continue  # a space next to a space collapses into one
            units.insert(i, [source, decoded])
        for u in units:  # some characters written as numeric references
            if u[0] == u[1] and u[1].strip() and draw(st.integers(0, 9)) == 0:
                u[0] = draw(st.sampled_from((f"&#{ord(u[1])};", f"&#x{ord(u[1]):x};")))
    n = len(units)
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    taken: set[int] = set()
    for _ in range(draw(st.integers(0, 2))):
        i = draw(st.integers(0, n - 1))
        j = draw(st.integers(i + 1, n))
        if taken & set(range(i, j + 1)):
            continue
        taken |= set(range(i, j + 1))
        a, b = draw(st.sampled_from(INLINE))
        opens.setdefault(i, []).append(a)
        closes.setdefault(j, []).append(b)
    wrap_at = -1
    if draw(st.integers(0, 3)) == 0:  # a hand-wrapped source line: nothing between two hanzi
        cuts = [k for k in range(1, n) if _wide(units[k - 1][1][-1]) and _wide(units[k][1][0])]
        cuts = [k for k in cuts if units[k - 1][1] != " " and units[k][1] != " "]
        if cuts:
            wrap_at = draw(st.sampled_from(cuts))
    junk: dict[int, list[str]] = {}
    if inline_junk is not None:
        for _ in range(draw(st.integers(1, 3))):
            junk.setdefault(draw(st.integers(0, n)), []).append(draw(inline_junk))
    out = []
    for k in range(n + 1):
        out.extend(closes.get(k, []))
        if k == wrap_at:
            out.append(draw(st.sampled_from(("\n", "\r\n", "\n      "))))
        out.extend(junk.get(k, []))
        out.extend(opens.get(k, []))
        if k < n:
            out.append(units[k][0])
    expected = "".join(u[1] for u in units)
    return "".join(out), expected


@dataclass
class HtmlPage:
    """A rendered page as pieces with labelled boundaries between them."""

    title: str
    body: list[str]  # the expected output lines of the body
    link_chars: int = 0  # characters of link text (the nav bar's)
    pieces: list[str] = field(default_factory=list)
    slots: list[tuple[int, str]] = field(default_factory=list)  # (piece index, label)

    def add(self, *pieces: str) -> None:
        self.pieces.extend(pieces)

    def slot(self, label: str) -> None:
        self.slots.append((len(self.pieces), label))

    def render(self, inserts: dict[int, list[str]] | None = None) -> str:
        inserts = inserts or {}
        out = []
        for k in range(len(self.pieces) + 1):
            out.extend(inserts.get(k, []))
            if k < len(self.pieces):
                out.append(self.pieces[k])
        return "".join(out)

    @property
    def source(self) -> str:
        return self.render()

    @property
    def expected(self) -> str:
        return "\n".join([self.title, *self.body])

    def positions(self, *labels: str) -> list[int]:
        return [k for k, label in self.slots if label in labels]

    @property
    def article_chars(self) -> int:
        return sum(len("".join(x.split())) for x in (self.title, *self.body))


@st.composite
def html_pages(
    draw: st.DrawFn,
    entities: bool = False,
    parts: tuple[str, list[str]] | None = None,
    inline_junk: st.SearchStrategy[str] | None = None,
) -> HtmlPage:
    """An article as the page of a site with no rule (see the module docstring); with
    ``inline_junk``, pieces of it inside some body paragraphs."""
    title, body = parts if parts is not None else draw(article_parts())
    site = draw(st.sampled_from(SITE_NAMES))
    ws = lambda: draw(st.sampled_from(SPACES))  # noqa: E731
    page = HtmlPage(title, [])
    # head
    page.add(draw(st.sampled_from(("", "", "\ufeff", "\n"))))
    page.add(draw(st.sampled_from(("<!DOCTYPE html>", "<!doctype html>", "<!DOCTYPE html>", ""))), ws())
    page.add(draw(st.sampled_from(("<html>", '<html lang="zh-CN">', "<HTML>"))), ws(), "<head>", ws())
    page.slot("head")
    if draw(st.booleans()):
        page.add(
            draw(
                st.sampled_from(
                    (
                        '<meta charset="utf-8">',
                        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
                    )
                )
            ),
            ws(),
        )
        page.slot("head")
    sep = draw(st.sampled_from(TITLE_SEPARATORS))
    page.add("<title>", html.escape(f"{title}{sep}{site}", quote=False), "</title>", ws())
    page.slot("head")
    if draw(st.booleans()):
        page.add(
            '<meta name="keywords" content="新闻,资讯">',
            ws(),
            '<link rel="stylesheet" href="/css/main.css">',
            ws(),
        )
        page.slot("head")
    page.add("</head>", ws(), draw(st.sampled_from(("<body>", '<body class="page-article">'))))
    page.slot("body-top")
    page.add(ws())
    # nav
    items = draw(st.lists(st.sampled_from(NAV_ITEMS), min_size=3, max_size=10, unique=True))
    link_sep = draw(st.sampled_from(("", " ", " | ", "\n")))
    style = draw(st.integers(0, 3))
    links = [f'<a href="/{i}/">{item}</a>' for i, item in enumerate(items)]
    page.link_chars = sum(len(x) for x in items) + (len(site) if style == 3 else 0)
    if style == 0:
        page.add('<div class="nav">', link_sep.join(links), "</div>")
    elif style == 1:
        page.add("<nav>", link_sep.join(links), "</nav>")
    elif style == 2:
        page.add('<ul class="menu">', "".join(f"<li>{a}</li>{ws()}" for a in links), "</ul>")
    else:
        page.add('<div id="header">', ws(), f'<div class="logo"><a href="/">{site}</a></div>', ws())
        page.add('<div class="topnav">', link_sep.join(links), "</div>", ws(), "</div>")
    page.slot("section")
    page.add(ws())
    # wrappers, headline and container
    wrappers = draw(st.lists(st.sampled_from(WRAPPERS), max_size=2))
    for w in wrappers:
        page.add(w, ws())
    h1_inside = draw(st.integers(0, 3)) == 0  # the headline inside the container
    container = draw(st.sampled_from(CONTAINERS))
    title_html, _ = draw(paragraph_html(title))
    # with inline tags or a wrapped line the title still reads as the title
    headline = draw(
        st.sampled_from(
            ("<h1>{}</h1>", '<h1 class="title">{}</h1>', '<div class="title-box"><h1>{}</h1></div>')
        )
    )
    if not h1_inside:
        page.add(headline.format(title_html))
        page.slot("section")
        page.add(ws())
    page.add(container, ws())
    if h1_inside:
        page.add(headline.format(title_html), ws())
    page.slot("paragraph")
    sections = draw(st.integers(0, 3)) == 0 and len(body) >= 4
    split = draw(st.integers(1, len(body) - 1)) if sections else -1
    omit_end = draw(st.integers(0, 4)) == 0
    for k, text in enumerate(body):
        if k == 0 and sections:
            page.add('<div class="section">', ws())
        if k == split:
            page.add("</div>", ws(), '<div class="section">', ws())
        p_html, expected = draw(
            paragraph_html(
                text,
                entities=entities and draw(st.booleans()),
                inline_junk=inline_junk if inline_junk is not None and draw(st.booleans()) else None,
            )
        )
        page.body.append(expected)
        inner_ws = draw(st.sampled_from(("", "", "\n", "\n  ", " ")))
        page.add(draw(st.sampled_from(P_OPEN)), inner_ws, p_html, inner_ws if not omit_end else "")
        if not omit_end:
            page.add("</p>")
        if draw(st.integers(0, 5)) == 0:
            page.add(draw(st.sampled_from(("<!-- 正文 -->", "<!--分页-->", "<!-- <p>旧版</p> -->"))))
        page.add(ws())
        page.slot("paragraph")
    if sections:
        page.add("</div>", ws())
    page.add("</div>" if container != "<article>" else "</article>", ws())
    page.slot("section")
    for w in reversed(wrappers):
        page.add({"<main>": "</main>", "<section>": "</section>"}.get(w, "</div>"), ws())
    page.slot("section")
    # footer
    lines = draw(st.lists(st.sampled_from(FOOTER_LINES), min_size=1, max_size=4, unique=True))
    lines = [html.escape(x.format(site=site), quote=False) for x in lines]
    style = draw(st.integers(0, 2))
    if style == 0:
        page.add('<div class="footer">', "".join(f"<p>{x}</p>" for x in lines), "</div>")
    elif style == 1:
        page.add("<footer>", "<br>".join(lines), "</footer>")
    else:
        page.add('<div id="foot" class="copyright">', ws(), "<br/>\n".join(lines), ws(), "</div>")
    page.slot("body-end")
    page.add(ws(), "</body>", ws(), "</html>", draw(st.sampled_from(("", "\n"))))
    return page


# --- junk to splice in -------------------------------------------------------------------

JS_STRINGS = (
    '"中文<b>测试</b>"',
    "'<div class=\"ad\">广告位招租</div>'",
    '"a<b"',
    '"<p>点击这里领取红包</p>"',
    "'\\u4e2d\\u6587<'",
    '"</div></p>"',
)
JS_STATEMENTS = (
    "var s = {s};",
    "if (a < b && c <d) {{ x = {s}; }}",
    "document.write({s});",
    "for (var i = 0; i<10; i++) {{ list.push({s}); }}",
    "// 注释 <p>不是正文</p>",
    "/* <script> 文本 </div> */",
    'el.innerHTML = "<p>" + {s} + "</p>";',
    'x = "</scr" + "ipt>";',
    "var t = 1 <2 ? {s} : '>';",
    "window.title = '今年春天，城南老街完成了改造。';",
)


@st.composite
def javascript(draw: st.DrawFn) -> str:
    parts = []
    for template in draw(st.lists(st.sampled_from(JS_STATEMENTS), min_size=1, max_size=5)):
        s = draw(st.sampled_from(JS_STRINGS)) if draw(st.integers(0, 2)) else f'"{draw(spam_lines())}"'
        parts.append(template.format(s=s))
    joiner = draw(st.sampled_from(("\n", " ", "\r\n  ")))
    code = joiner.join(parts)
    if draw(st.integers(0, 4)) == 0:  # old pages hide scripts from old browsers
        code = f"<!--\n{code}\n//-->"
    return code


class Junk(NamedTuple):
    """A block to splice into a page."""

    html: str
    link_chars: int = 0  # characters of spam link text in it
    prose: bool = False  # holds a paragraph of article prose
    outside_dom: str = ""  # text that is in no DOM text node (a template's content)


@st.composite
def any_text(draw: st.DrawFn) -> str:
    """Text for never-rendered elements: anything, article prose included."""
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return html.escape(draw(spam_lines()), quote=False)
    if choice == 1:
        return html.escape(draw(prose_paragraphs(draw(scripts))), quote=False)
    if choice == 2:
        return html.escape(
            draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)), quote=False
        )
    return "广告：点击领取红包，立即下载客户端"


@st.composite
def hidden_text(draw: st.DrawFn, prose: bool = False) -> Junk:
    """Text for hidden elements: spam, spam links, short text; with ``prose`` also a
    paragraph of article prose (hidden prose inside the article's container is an
    expand-to-read section that cleanpage keeps by design, so callers put that only
    where the container cannot be)."""
    choice = draw(st.integers(0, 4 if prose else 3))
    if choice == 0:
        return Junk(html.escape(draw(spam_lines()), quote=False))
    if choice == 1:
        phrases = draw(spam_phrase_lists(3, 12))
        links = "".join(
            f'<a href="http://x{i}.example/">{html.escape(s, quote=False)}</a> '
            for i, s in enumerate(phrases)
        )
        return Junk(links, link_chars=sum(len(p) for p in phrases))
    if choice == 2:
        return Junk(
            html.escape(
                draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)),
                quote=False,
            )
        )
    if choice == 3:
        return Junk(
            draw(
                st.sampled_from(
                    ("广告", "点击查看更多", "今年春天，城南老街", "成人电影在线观看", "百家乐 六合彩 时时彩")
                )
            )
        )
    return Junk(html.escape(draw(prose_paragraphs(draw(scripts))), quote=False), prose=True)


HIDING = (
    ('style="display:none"', "html.hidden.display-none"),
    ('style="display: none;"', "html.hidden.display-none"),
    ('style="visibility:hidden"', "html.hidden.visibility"),
    ('style="font-size:0"', "html.hidden.font-size-0"),
    ('style="font-size:0px;color:#fff"', "html.hidden.font-size-0"),
    ('style="position:absolute;left:-9999px"', "html.hidden.off-screen"),
    ('style="position: absolute; top: -3000px;"', "html.hidden.off-screen"),
    ("hidden", "html.hidden.attribute"),
    ('style="width:0;height:0;overflow:hidden"', "html.hidden.zero-size"),
    ('style="WIDTH:0PX;HEIGHT:0PX;OVERFLOW:HIDDEN"', "html.hidden.zero-size"),
)


@st.composite
def never_rendered(draw: st.DrawFn) -> Junk:
    """<script> (with Chinese strings and '<' in the code), <style>, <noscript>, <template>."""
    kind = draw(st.sampled_from(("script", "script", "style", "noscript", "template", "json")))
    if kind == "script":
        attrs = draw(st.sampled_from(("", ' type="text/javascript"', ' language="javascript"')))
        return Junk(f"<script{attrs}>{draw(javascript())}</script>")
    if kind == "json":
        return Junk(
            f'<script type="application/ld+json">{{"headline": "{draw(any_text())}", "x": "<p>"}}</script>'
        )
    if kind == "style":
        css = draw(
            st.sampled_from(
                ("p > a {{ color: red }}", '.ad:before {{ content: "{t}<>" }}', "/* {t} </div> */ body{{}}")
            )
        )
        text = draw(st.sampled_from(("广告", "成人电影", "今年春天，城南老街完成了改造。")))
        return Junk(f"<style>{css.format(t=text)}</style>")
    if kind == "noscript":
        inner = draw(
            st.sampled_from(
                (
                    "{t}",
                    '<img src="/px.gif">{t}',
                    '<a href="/">{t}</a>',
                    "<span>{t}</span>",
                    "<p>{t}</p>",
                    "<div>{t}</div>",
                )
            )
        )
        return Junk(f"<noscript>{inner.format(t=draw(any_text()))}</noscript>")
    inner = draw(st.sampled_from(("<p>{t}</p>", "<div><span>{t}</span></div>", "{t}")))
    text = draw(any_text())
    return Junk(f"<template>{inner.format(t=text)}</template>", outside_dom=html.unescape(text))


@st.composite
def hidden_elements(draw: st.DrawFn, prose: bool = False) -> Junk:
    """An element hidden by an inline style or the hidden attribute."""
    attr, _ = draw(st.sampled_from(HIDING))
    tag = draw(st.sampled_from(("div", "div", "span", "p", "section", "ul")))
    junk = draw(hidden_text(prose))
    text = junk.html
    if tag == "ul":
        text = f"<li>{text}</li>"
    if draw(st.integers(0, 3)) == 0:  # the hidden block nests ordinary markup
        text = f"<div><p>{text}</p></div>" if tag in ("div", "section") else f"<b>{text}</b>"
    return junk._replace(html=f"<{tag} {attr}>{text}</{tag}>")


@st.composite
def spam_phrase_lists(draw: st.DrawFn, min_size: int = 5, max_size: int = 20) -> list[str]:
    phrases = draw(st.lists(spam_segments(), min_size=min_size, max_size=max_size))
    return [to_traditional(p) if draw(st.integers(0, 3)) == 0 else p for p in phrases]


@st.composite
def spam_link_blocks(draw: st.DrawFn) -> tuple[Junk, list[str]]:
    """A visible block of 5-20 links whose texts are spam phrases: (junk, phrases)."""
    phrases = draw(spam_phrase_lists())
    sep = draw(st.sampled_from((" | ", " ", "  ", "\n", "|", " ｜ ")))
    host = draw(st.sampled_from(("http://spam.example/", "https://www.xx-yy.example/?id=", "/tag/")))
    links = [
        f'<a href="{host}{i}" target="_blank">{html.escape(p, quote=False)}</a>'
        for i, p in enumerate(phrases)
    ]
    shape = draw(st.integers(0, 3))
    if shape == 0:
        block = f"<div>{sep.join(links)}</div>"
    elif shape == 1:
        block = f'<div class="links">{sep.join(links)}</div>'
    elif shape == 2:
        block = f'<p style="text-align:center">{sep.join(links)}</p>'
    else:
        block = "<ul>" + "".join(f"<li>{a}</li>" for a in links) + "</ul>"
    return Junk(block, link_chars=sum(len(p) for p in phrases)), phrases


# --- 1. a page of a site with no rule cleans to the title and the body ----------------------


@given(html_pages())
def test_page_of_unknown_site_cleans_to_title_and_body(page: HtmlPage) -> None:
    result = cleanpage.clean(page.source)
    assert result.markup == "html"
    assert result.site is None
    assert result.text == page.expected
    assert result.title == page.title
    assert result.warnings == []
    assert_well_formed(result)


@given(html_pages())
def test_page_as_utf8_bytes_cleans_like_the_string(page: HtmlPage) -> None:
    assert cleanpage.clean(page.source.encode("utf-8")).text == page.expected


@st.composite
def corpus_records(draw: st.DrawFn) -> tuple[str, str]:
    """(record, expected): a page as a crawl corpus stores it, inside a wrapper element
    of its own (``<text id=… url=… encoding=…>``, ``<doc …>``), a script or blank lines
    maybe before its doctype, the wrapper maybe closed after ``</html>``."""
    page = draw(html_pages())
    name = draw(st.sampled_from(("text", "doc", "page", "record")))
    attributes = draw(
        st.sampled_from(
            (
                ' id="http://news.example.cn/2005/n1.shtml"',
                f' id="1" url="http://news.example.cn/a.html" title="{page.title}" encoding="gb2312"',
                "",
            )
        )
    )
    before = draw(st.sampled_from(("\n", "\n" * 16, "\n<script>\n" + draw(javascript()) + "\n</script>\n")))
    after = draw(st.sampled_from(("", f"\n</{name}>\n")))
    return f"<{name}{attributes}>{before}{page.source}{after}", page.expected


@given(corpus_records())
def test_page_inside_a_corpus_record_is_read_as_html(case: tuple[str, str]) -> None:
    record, expected = case
    result = cleanpage.clean(record)
    assert result.markup == "html"
    assert result.text == expected
    assert_well_formed(result)


# --- 2. never-rendered and hidden elements never change the text ----------------------------

ANYWHERE = ("head", "body-top", "section", "paragraph", "body-end")


@st.composite
def pages_with_invisible_junk(draw: st.DrawFn, junk: st.SearchStrategy[Junk]) -> tuple[HtmlPage, str]:
    """1-4 junk blocks at random block boundaries: in <head>, at the top of <body>,
    between sections, between paragraphs, at the end of <body>."""
    page = draw(html_pages())
    inserts: dict[int, list[str]] = {}
    for _ in range(draw(st.integers(1, 4))):
        block = draw(junk)
        # prose goes outside the article's container
        slots = ("head", "body-top", "body-end") if block.prose else ANYWHERE
        inserts.setdefault(draw(st.sampled_from(page.positions(*slots))), []).append(block.html)
    return page, page.render(inserts)


@given(pages_with_invisible_junk(never_rendered()))
def test_script_style_noscript_template_never_change_the_text(case: tuple[HtmlPage, str]) -> None:
    page, source = case
    result = cleanpage.clean(source)
    assert result.text == page.expected
    assert_well_formed(result)


@given(pages_with_invisible_junk(hidden_elements(prose=True)))
def test_hidden_elements_never_change_the_text(case: tuple[HtmlPage, str]) -> None:
    page, source = case
    result = cleanpage.clean(source)
    assert result.text == page.expected
    assert_well_formed(result)


@st.composite
def inline_invisible(draw: st.DrawFn) -> str:
    """What spam injectors put inside a sentence: a hidden <span>/<font>, a <script>.

    No hidden <a>: hidden link text counts as the paragraph's link text
    (test_hidden_link_inside_a_short_paragraph_does_not_remove_it)."""
    attr, _ = draw(st.sampled_from(HIDING))
    tag = draw(st.sampled_from(("span", "font", "em", "b")))
    text = html.escape(draw(st.one_of(spam_segments(), spam_lines(1, 3))), quote=False)
    if draw(st.integers(0, 3)) == 0:
        return f"<script>document.write('<a href=\"/x\">{text}</a>');</script>"
    return f"<{tag} {attr}>{text}</{tag}>"


@given(html_pages(inline_junk=inline_invisible()))
def test_hidden_pieces_inside_a_sentence_never_change_the_text(page: HtmlPage) -> None:
    result = cleanpage.clean(page.source)
    assert result.text == page.expected
    assert_well_formed(result)


@pytest.mark.parametrize(
    "attr,rule", HIDING, ids=[h[1].rsplit(".", 1)[-1] + str(i) for i, h in enumerate(HIDING)]
)
@given(data=st.data())
def test_each_way_of_hiding_removes_the_block_with_its_rule(
    attr: str, rule: str, data: st.DataObject
) -> None:
    page = data.draw(html_pages())
    marker = "百家乐六合彩时时彩在线投注"
    where = data.draw(st.sampled_from(page.positions(*ANYWHERE)))
    source = page.render({where: [f"<div {attr}>{marker}</div>"]})
    result = cleanpage.clean(source)
    assert result.text == page.expected
    start = source.index(marker)
    covering = [e for e in result.edits if e.start <= start and start + len(marker) <= e.end]
    assert len(covering) == 1 and covering[0].replacement == "", covering
    assert covering[0].kind in ("hidden", "seo-spam"), covering
    assert covering[0].rule == rule, covering


def test_a_long_hidden_block_is_judged_on_its_head() -> None:
    """A hidden keyword block is spam or not by its first 20,000 characters (the
    removal happens either way; only its kind depends on this)."""
    spam = " ".join(["百家乐开户", "六合彩开奖", "时时彩平台", "城市新闻"] * 2000)  # 44,000 characters
    plain = " ".join(["城市新闻", "天气预报", "交通出行"] * 2500)  # 37,000 characters
    body = "<p>市区新增三条夜间公交线路，覆盖火车站、大学城和工业园区，方便夜班职工出行。</p>"
    for hidden, kind in ((spam, "seo-spam"), (plain + " " + spam, "hidden")):
        hide = f"<div style='display:none'>{hidden}</div>"
        source = f"<html><body><h1>夜间公交线路调整</h1>{body}{hide}</body></html>"
        result = cleanpage.clean(source)
        assert (
            result.text
            == "夜间公交线路调整\n市区新增三条夜间公交线路，覆盖火车站、大学城和工业园区，方便夜班职工出行。"
        )
        start = source.index(hidden)
        covering = [e for e in result.edits if e.start <= start and start + len(hidden) <= e.end]
        assert [e.kind for e in covering] == [kind]


# --- 3. visible spam link blocks -------------------------------------------------------------


@st.composite
def pages_with_spam_links(draw: st.DrawFn) -> tuple[HtmlPage, str, list[str]]:
    """A spam link block at the top of <body> or between sections, however much link
    text it has against the article's text."""
    page = draw(html_pages())
    block, phrases = draw(spam_link_blocks())
    where = draw(st.sampled_from(page.positions("body-top", "section")))
    return page, page.render({where: [block.html]}), phrases


@given(pages_with_spam_links())
def test_visible_spam_link_block_is_removed_as_seo_spam(case: tuple[HtmlPage, str, list[str]]) -> None:
    page, source, phrases = case
    result = cleanpage.clean(source)
    assert result.text == page.expected
    assert_well_formed(result)
    # every link text lies inside one removal of kind seo-spam
    pos = 0
    for phrase in phrases:
        written = html.escape(phrase, quote=False)
        start = source.index(f">{written}</a>", pos) + 1
        end = start + len(written)
        pos = end
        covering = [e for e in result.edits if e.start < end and start < e.end]
        assert covering and all(e.start <= start and end <= e.end for e in covering), (phrase, covering)
        assert [e.kind for e in covering] == ["seo-spam"], (phrase, covering)
        assert covering[0].replacement in ("", "\n"), covering


@pytest.mark.parametrize("own_label", ["", "<b>热门：</b>"])
def test_a_short_article_beside_a_spam_list_in_one_container_stays(own_label: str) -> None:
    """A short article and a long spam link list side by side in one container: the
    container has little text besides its links (the article is 33 characters), but
    that text ends sentences, so the block is the list, not the container. Found by
    test_visible_spam_link_block_is_removed_as_seo_spam: the whole article went as
    seo-spam. A label beside the list (no sentence) still goes with it."""
    spam = ["11选5下注下注"] * 9 + ["下注11选5开奖下注"] * 9  # (long enough to outweigh the article)
    links = "".join(f'<li><a href="http://spam.example/{i}">{t}</a></li>' for i, t in enumerate(spam))
    source = (
        "<!DOCTYPE html><html><head><title>北京推动产业升级_某某网</title></head><body>"
        '<div class="main"><div class="article"><h1>北京推动产业升级</h1><p>效果十分明显。</p>'
        "<p>“效果十分明显。”</p><p>“效果十分明显！”</p></div>"
        f"<div>{own_label}<ul>{links}</ul></div></div></body></html>"
    )
    result = cleanpage.clean(source)
    assert result.text == "北京推动产业升级\n效果十分明显。\n“效果十分明显。”\n“效果十分明显！”"
    assert {e.kind for e in result.edits if "11选5" in e.original} == {"seo-spam"}
    if own_label:
        (label,) = [e for e in result.edits if "热门" in e.original]
        assert label.kind == "seo-spam"


# --- 4. text and HTML renderings agree ---------------------------------------------------------


@given(article_parts().flatmap(lambda parts: st.tuples(st.just(parts), html_pages(parts=parts))))
def test_text_and_html_renderings_clean_to_the_same_text(
    case: tuple[tuple[str, list[str]], HtmlPage],
) -> None:
    (title, body), page = case
    as_text = cleanpage.clean("\n\n".join([title, *body]) + "\n")
    as_html = cleanpage.clean(page.source)
    assert as_text.markup == "text" and as_html.markup == "html"
    assert as_html.text == as_text.text == "\n".join([title, *body])


# --- 5. edits of HTML pages ---------------------------------------------------------------------


@st.composite
def junk_pages(draw: st.DrawFn) -> str:
    """Generated pages with any mixture of the junk above spliced in."""
    page = draw(html_pages(entities=draw(st.booleans()), inline_junk=inline_invisible()))
    inserts: dict[int, list[str]] = {}
    for _ in range(draw(st.integers(0, 5))):
        junk = draw(
            st.one_of(never_rendered(), hidden_elements(prose=True), spam_link_blocks().map(lambda b: b[0]))
        )
        inserts.setdefault(draw(st.sampled_from([k for k, _ in page.slots])), []).append(junk.html)
    return page.render(inserts)


@given(junk_pages())
def test_edits_of_html_pages_are_ordered_truthful_and_invertible(source: str) -> None:
    result = cleanpage.clean(source)
    assert result.markup == "html"
    assert result.source == source
    assert_well_formed(result)


# --- 6. the output is clean text -----------------------------------------------------------------


@given(st.one_of(junk_pages(), html_pages().map(lambda p: p.source)))
def test_output_of_an_html_page_is_a_fixed_point_of_text_cleaning(source: str) -> None:
    text = cleanpage.clean(source).text
    again = CLEANER.clean(text, html=False)
    assert again.text == text
    assert [e for e in again.edits if e.original != e.replacement] == []


# --- 7. entities ----------------------------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z]+);")


@given(html_pages(entities=True))
def test_entities_in_body_paragraphs_are_decoded_and_accounted_for(page: HtmlPage) -> None:
    source = page.source
    result = cleanpage.clean(source)
    assert result.text == page.expected
    assert_well_formed(result)
    body_start = source.index("</h1>")
    for m in _ENTITY.finditer(source, body_start):
        decoded = html.unescape(m.group()).replace("\xa0", " ")
        covering = [e for e in result.edits if e.start < m.end() and m.start() < e.end]
        assert len(covering) == 1, (m.group(), covering)
        e = covering[0]
        assert e.start <= m.start() and m.end() <= e.end, (m.group(), e)
        assert decoded in e.replacement, (m.group(), e)
        assert e.kind == ("layout" if decoded == " " else "html-markup"), e


# --- 8. broken markup ------------------------------------------------------------------------------

BROKEN = (
    "<p>", "</p>", "<div>", "</div>", '<div class="x">', "<b>", "</b>", "<i>", "</span>", "<span>",
    '<a href="#">', "</a>", "<table>", "<tr>", "<td>", "</td>", "</table>", "<li>", "</ul>", "<h1>", "</h1>",
    "</body>", "</html>", "<body>", "</head>", "<br>", "<br/>", "</br>", "<hr>", "<img src=x>",
    "<", "< ", "<3", "<<", "<!", "<?", "</", "</ 3", "</>", "<a", '<div class="x', "<a title='",
    '<p style="display:none">', "<!--", "-->", "<!-->", "<![CDATA[", "]]>", "<script>", "</script>",
    "<style>", "</style>", "<title>", "</title>", "<textarea>", "</textarea>", "<noscript>", "<template>",
    "</template>", "<pre>", "\n</pre>", "<xmp>", "<select>", "<option>", "<svg>", "<math>",
    "&", "&amp", "&#", "&#x", "&#99999999;", "&#0;", "&notit;", "&nbsp", "&lt;p&gt;", "&#x110000;",
    "&#128;", "&#xD800;", "&ampx", "&AMP;", "&copy", "&;",
    " ", "  ", "\n", "\r\n", "\r", "\t", "\u3000", "\xa0", "\x00", "\ufeff", "\x0c",
    "<!---->", "<!--->", "--!>", "<!-- a -- b -->", "<?xml version='1.0'?>", "<!DOCTYPE html>",
    '<a href="x>y">', "<a href=x>y>", "<div title='<p>'>", '<p class="a"class="b">', "<p/>",
    "<html lang=zh>", '<body class="x">', "<head>", "<frameset>", "<frame>", "<plaintext>", "<listing>\n",
    "<iframe>", "</iframe>", "<noembed>", "<noframes>", "</noframes>", "<image src=y>", "<isindex>",
    "<ruby>", "<rt>", "<rp>", "<wbr>", "<caption>", "<col>", "<colgroup>", "<tbody>", "<th>", "<form>",
    "</form>",
    "<svg><title>", "</title></svg>", "<math><mi>", "<foreignObject>", "<script><!--<script>", "</script>-->",
    "<option>", "</select>", "<dl><dt>", "<dd>", "<button>", "</button>", "<object>", "</object>",
    "<p hidden>", '<div style="display:none">', '<span style="font-size:0">', "</span></div>",
)  # fmt: skip

broken_fragments = st.one_of(
    st.sampled_from(BROKEN),
    scripts.flatmap(prose_paragraphs),
    scripts.flatmap(short_quotes),
    st.sampled_from(("今年春天", "城南老街，", "。", "Copyright ©", "百家乐|六合彩|时时彩")),
    st.text(max_size=5),
)


@st.composite
def broken_markup(draw: st.DrawFn) -> str:
    head = draw(
        st.sampled_from(("<!DOCTYPE html>", "<html>", "<!doctype html><html><head><title>标题", "<body>", ""))
    )
    pieces = draw(st.lists(broken_fragments, max_size=40))
    return head + "".join(pieces)


@given(broken_markup())
def test_broken_markup_never_raises_and_keeps_the_invariants(source: str) -> None:
    result = CLEANER.clean(source, html=True)
    assert result.markup == "html"
    assert_well_formed(result)


@st.composite
def damaged_pages(draw: st.DrawFn) -> str:
    """A generated page with broken fragments spliced in anywhere, even inside tags."""
    source = draw(html_pages()).source
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(source)))
        source = source[:i] + draw(st.sampled_from(BROKEN)) + source[i:]
    return source


@given(damaged_pages())
def test_damaged_pages_never_raise_and_keep_the_invariants(source: str) -> None:
    result = cleanpage.clean(source)
    assert_well_formed(result)


# --- bugs the properties found, as minimal reproductions --------------------------------------
#
# Each is a fixed page that once failed; the generators above no longer steer around
# any of them, so these keep the shortest example of each as a regression test.

TITLE = "城南老街改造完成"
P1 = "今年春天，城南老街完成了为期两年的改造，青石板路和木结构门面得到了保留。"
P2 = "街道负责人介绍，改造过程中坚持修旧如旧的原则，尽量不改变街区原有的格局。"
P3 = "不少年轻人也被吸引回来开店，咖啡馆、书店和手工作坊陆续开张。"
ARTICLE = "\n".join([TITLE, P1, P2, P3])
SHORT = ("今年春天，城南老街完成了改造。", "居民们对新环境赞不绝口。", "“效果十分明显！”")


def small_page(
    paragraphs: tuple[str, ...] = (P1, P2, P3), head: str = "", top: str = "", end: str = ""
) -> str:
    """A minimal page of a site with no rule; a paragraph starting with '<' is raw HTML."""
    body = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}_某某网</title>{head}</head><body>{top}"
        f'<h1>{TITLE}</h1><div class="article">{body}</div>{end}</body></html>'
    )


def test_small_page_itself_cleans_to_the_article() -> None:
    """The reproductions below differ from this page only by what they add."""
    result = cleanpage.clean(small_page())
    assert result.text == ARTICLE
    assert result.warnings == []


ENGLISH_QUOTE = "“The project is expected to be completed by the end of next year.”"


def test_english_quote_paragraph_does_not_cut_the_article_short() -> None:
    result = cleanpage.clean(small_page((P1, ENGLISH_QUOTE, SHORT[1])))
    assert result.text == "\n".join([TITLE, P1, ENGLISH_QUOTE, SHORT[1]])


def test_noscript_block_inside_an_open_paragraph_is_not_rendered() -> None:
    result = cleanpage.clean(small_page((f"<p>{P1}<noscript><p>点击领取红包</p></noscript>", P2, P3)))
    assert result.text == ARTICLE


def test_template_text_does_not_capture_visible_text_of_the_body() -> None:
    without = cleanpage.clean(small_page((P1, "<p>开店</p>", P2, P3)))
    assert without.text == "\n".join([TITLE, P1, "开店", P2, P3])
    result = cleanpage.clean(small_page((P1, "<p>开店</p>", P2, P3), head="<template>开店</template>"))
    assert result.text == without.text


def test_spam_links_that_outweigh_a_short_article_do_not_remove_it() -> None:
    links = " | ".join(f'<a href="/{i}">成人电影在线</a>' for i in range(15))
    result = cleanpage.clean(small_page(SHORT, top=f"<div>{links}</div>"))
    assert result.text == "\n".join([TITLE, *SHORT])


def test_hidden_spam_links_do_not_take_a_visible_paragraph_with_them() -> None:
    links = " ".join(f'<a href="/{i}">成人电影在线</a>' for i in range(3))
    wrapper = f'<div><p>“效果十分明显！”</p><div style="display:none">{links}</div></div>'
    result = cleanpage.clean(small_page((P1, wrapper, P2, P3)))
    assert result.text == "\n".join([TITLE, P1, "“效果十分明显！”", P2, P3])


def test_hidden_link_inside_a_short_paragraph_does_not_remove_it() -> None:
    junk = '<span style="display:none"><a href="/x">成人电影在线观看免费</a></span>'
    result = cleanpage.clean(small_page((P1, f"<p>“效果十分明显！”{junk}</p>", P2, P3)))
    assert result.text == "\n".join([TITLE, P1, "“效果十分明显！”", P2, P3])


HIDDEN_PROSE = (
    '<div style="display:none"><p>据英国《金融时报》报道，市政府积极推动产业升级，这家医院在北京延长开放'
    "时间，去年市政府免费开放博物馆，村支书李华表示，效果十分明显。</p></div>"
)


def test_hidden_prose_outside_the_article_is_not_revealed() -> None:
    result = cleanpage.clean(small_page(end=HIDDEN_PROSE))
    assert result.text == ARTICLE


def sectioned_page(top: str = "", bottom: str = "", title: str = f"{TITLE}_某某网", head: str = "") -> str:
    """The article in two sections inside wrappers; ``top`` and ``bottom`` go around
    the wrappers, HIDDEN_PROSE at the end of <body>; ``head`` before the <title>."""
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>{top}"
        f'<div class="main"><div class="article"><h1>{TITLE}</h1>'
        f'<div class="section"><p>{P1}</p><p>{P2}</p></div><div class="section"><p>{P3}</p></div>'
        f"</div></div>{bottom}{HIDDEN_PROSE}</body></html>"
    )


MENU = '<div class="nav"><a href="/a/">首页</a><a href="/b/">新闻</a></div>'
FOOTER = '<div class="footer"><p>关于我们 | 联系我们 | 网站地图</p></div>'
LONG_TITLE = f"{TITLE}？市民怎么看？专家怎么说？_某某网"


@pytest.mark.parametrize(
    "top, bottom, title, head",
    [
        # nothing else on the page scores: <html>, <body> and the wrappers tie, and the
        # container is the outermost; hidden prose counts only inside the innermost
        # wrapper that holds the article
        ("", "", f"{TITLE}_某某网", ""),
        # a menu and a footer score below nothing: a <title> that reads as sentences
        # must not lift <html> above the article's wrapper ...
        (MENU, FOOTER, LONG_TITLE, ""),
        # ... nor <body>, where a <div> before it in <head> makes the parser put it
        (MENU, FOOTER, LONG_TITLE, '<div style="display:none"></div>'),
    ],
    ids=["no-furniture", "menu-footer-and-a-long-title", "title-moved-to-body"],
)
def test_hidden_prose_after_a_sectioned_article_is_not_revealed(
    top: str, bottom: str, title: str, head: str
) -> None:
    assert cleanpage.clean(sectioned_page(top, bottom, title, head)).text == ARTICLE


def test_escaped_tags_are_removed_like_tags_in_a_text_page() -> None:
    as_text = cleanpage.clean("\n\n".join([TITLE, P1 + "<p><p>", P2, P3]))
    assert as_text.text == ARTICLE
    result = cleanpage.clean(small_page((P1 + "&lt;p&gt;&lt;p&gt;", P2, P3)))
    assert result.warnings == []
    assert result.text == ARTICLE


def test_clean_takes_the_html_switch() -> None:
    assert cleanpage.clean(small_page(), html=False).markup == "text"
    assert cleanpage.clean("标题\n\n正文第一段。", html=True).markup == "html"


@pytest.mark.parametrize("page", ["<!DOCTYPE html><html><body></body></html>", "<!DOCTYPE html><p>a</p>", ""])
def test_no_edit_is_a_no_op(page: str) -> None:
    result = cleanpage.clean(page)
    assert result.text == ""
    assert [e for e in result.edits if e.original == e.replacement] == []


GARBAGE_LINE = (
    "标题百家乐|六合彩|时时彩“Officials said the new rules would take effect in the spring.”"
    "Z\x83 \x87百家乐|六合彩|时时彩Z\x83 \x87Z\x83 \x87Copyright ©Copyright ©"
)


@pytest.mark.parametrize("page", [GARBAGE_LINE, "<!doctype html><html><head><title>" + GARBAGE_LINE])
def test_cleaning_a_garbage_line_is_idempotent(page: str) -> None:
    text = cleanpage.clean(page).text
    assert cleanpage.clean(text).text == text


def test_noscript_in_head_does_not_take_a_body_paragraph_with_its_text() -> None:
    # the parser (scripting off) moves head noscript text into <body>, ahead of the
    # article: that node must not be matched to the body paragraph that reads the same
    page = small_page((P1, P2, P3)).replace("<title>", f"<noscript>{P3}</noscript><title>", 1)
    result = cleanpage.clean(page)
    assert result.text == ARTICLE
    assert result.warnings == []


@st.composite
def inline_spacing(draw: st.DrawFn) -> str:
    """Paragraphs of words in inline elements, with layout (spaces, newlines, tabs, an
    entity or a no-break space) between the tags: the runs of whitespace alone that the
    extraction sets aside, and the ones that are not whitespace alone."""
    words = st.sampled_from(["新闻", "the", "报道", "word", "中文。", "A"])
    gaps = st.sampled_from(["", " ", "\n", "\n\t  ", "\r\n", "&nbsp;", "\xa0", " \x0b", "\u3000"])
    tags = st.sampled_from(["b", "i", "span", "a"])
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        pieces = []
        for _ in range(draw(st.integers(1, 5))):
            tag = draw(tags)
            attrs = ' href="/x"' if tag == "a" else ""
            pieces.append(f"{draw(gaps)}<{tag}{attrs}>{draw(words)}</{tag}>{draw(gaps)}{draw(words)}")
        paragraphs.append(f"<p>{''.join(pieces)}</p>{draw(gaps)}")
    return "<html><body><div class='article'>" + "\n".join(paragraphs) + "</div></body></html>"


@given(st.one_of(inline_spacing(), junk_pages(), html_pages().map(lambda p: p.source), html_documents()))
def test_setting_aside_the_runs_of_whitespace_between_tags_changes_nothing(source: str) -> None:
    """extract() sets aside the runs of ASCII whitespace alone (text_runs' ``blanks``);
    it makes the text, edits and blocks that the extraction over every run makes."""
    from cleanpage.html import _choose_rule, _decide, _line_block, _page_urls, extract, project
    from cleanpage.html.align import align
    from cleanpage.html.dom import parse, possible_depth, reads_tags_first
    from cleanpage.html.source import RAW_TEXT, text_runs

    rules = cleanpage.Cleaner().rules
    possible = possible_depth(source)
    tags: list = []
    runs = text_runs(source, tags if reads_tags_first(possible) else None)
    page = parse(source, tags, possible=possible)
    owner, _ = align(runs, [t for t in page.texts if page.elements[t.element].tag not in RAW_TEXT])
    rule = _choose_rule(page, rules, None, _page_urls(page), None)
    statuses, title_para, paras = _decide(page, rule, sorted({node for node in owner if node >= 0}))
    expected = project(source, runs, owner, statuses, lambda line: _line_block(page, paras, title_para, line))
    got = extract(source, rules)
    assert (got.text, got.edits, got.blocks) == expected
