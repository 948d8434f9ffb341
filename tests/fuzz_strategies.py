"""Hypothesis strategies for the fuzz targets in ``test_fuzz.py``.

Four families of input, from least to most structured:

* bytes: anything at all, byte soups of encoded Chinese in every common codec, and
  encoded pages with damage (truncated multi-byte sequences, spliced bytes, NULs, BOMs
  and charset declarations that lie);
* str: any code point, lone surrogates included, and soups of the characters that
  matter to cleanpage (line and paragraph separators, zero-width marks, control
  characters, full-width forms, pinyin letters, brackets);
* HTML from a grammar: nested elements from a realistic tag set, attributes including
  hiding styles, entities (whole, half and out of range), comments, CDATA and
  processing-instruction junk, unclosed and stray tags, Chinese and English text and
  runs of spam links;
* portal-like text: a title, paragraphs, recommendation lists, spam keyword lines,
  pinyin annotations (``字(zì)``), mojibake runs and portal furniture, in any order.

All text comes from ``strategies.py`` and ``corruption.py`` (written for the tests) or
is generated here; nothing is copied from real pages.
"""

from __future__ import annotations

import codecs

from corruption import big5_read_as_gbk, double_utf8, gbk_read_as, kunkao, tangtang, utf8_read_as_lossy
from hypothesis import strategies as st
from strategies import (
    ENGLISH_SENTENCES,
    FOOTER_JUNK,
    HEADER_JUNK,
    META_JUNK,
    SEPARATOR_LINES,
    SPAM_SEPARATORS,
    annotatable,
    annotate,
    english_paragraphs,
    layout_noise,
    prose_paragraphs,
    related_footers,
    scripts,
    spam_lines,
    spam_segments,
    titles,
    toned_readings,
)

# --- characters and short pieces ------------------------------------------------------

# Characters that change how cleanpage splits, folds or reads a line.
TRICKY_CHARS = (
    "\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
    "\x00", "\x01", "\x1b", "\x1f", "\x7f", "\ud800", "\udc80", "\t", " ", "\u3000", "\xa0", "\u200b",
    "\u200c", "\u200d",
    "\u2060", "\ufeff", "\u202e", "\u0301", "\ufffd", "\ue000", "\U0001f600", "\U00020000",
    "(", ")", "（", "）", "?", "？", "|", "｜", "_", "-", "—", "<", ">", "&", "&#", ";",
    "ā", "á", "ǎ", "à", "ü", "ǘ", "ń", "ḿ", "Ａ", "ａ", "１", "：", "，", "。", "、", "“", "”",
    "锟斤拷", "烫烫", "屯屯", "ÖÐÎÄ", "ä¸\xad", "網", "网", "易", "中", "文", "一",
)  # fmt: skip

PINYIN_SYLLABLES = ("zì", "wǎng", "yì", "shǒu", "yè", "zhōng", "wén", "(ā)", "ǎ", "lǜ", "nǚ", "ér")

# Every code point, lone surrogates included (str input may hold them; the non-text
# detector removes them, see test_lone_surrogate_in_str_input_is_not_passed_to_the_output).
any_character = st.characters(exclude_categories=())

char_soups = st.lists(
    st.one_of(
        st.sampled_from(TRICKY_CHARS),
        st.text(any_character, max_size=8),
        st.sampled_from(PINYIN_SYLLABLES),
        scripts.flatmap(titles),
    ),
    max_size=40,
).map("".join)

# --- bytes ------------------------------------------------------------------------------

CODECS = (
    "utf-8", "utf-8", "gb18030", "gbk", "big5", "big5hkscs", "utf-16-le", "utf-16-be", "utf-16",
    "utf-32-le", "latin-1", "cp1252", "shift_jis", "euc-kr", "hz",
)  # fmt: skip
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b"")
DECLARATIONS = (
    b'<meta charset="utf-8">',
    b'<meta charset="gbk">',
    b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    b'<meta charset="big5">',
    b"<meta charset=utf-16>",
    b'<?xml version="1.0" encoding="GB18030"?>',
    b'<meta charset="no-such-codec">',
    b"<meta charset=",
)


def encode_lossy(text: str, codec: str) -> bytes:
    """``text`` in ``codec``, with characters the codec lacks written as ``?``."""
    return text.encode(codec, errors="replace")


@st.composite
def chinese_texts(draw: st.DrawFn) -> str:
    """A headline, a paragraph or a spam line: text worth decoding right."""
    script = draw(scripts)
    return draw(st.one_of(titles(script), prose_paragraphs(script), spam_lines()))


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with 1-4 byte-level accidents: a cut, a byte dropped, bytes spliced in."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(out)))
        accident = draw(st.integers(0, 3))
        if accident == 0:
            del out[i:]
        elif accident == 1 and i < len(out):
            del out[i]
        elif accident == 2:
            out[i:i] = draw(st.binary(min_size=1, max_size=4))
        else:
            out[i:i] = draw(st.sampled_from((b"\x00", b"\xff\xfe", b"\r\n", b"\x80", b"\xe4\xb8", b"\x81")))
    return bytes(out)


@st.composite
def encoded_pages(draw: st.DrawFn) -> bytes:
    """A page (portal text, HTML or a soup) encoded whole, or line by line in different
    codecs as content farms paste it, maybe with a BOM or a declaration that may lie,
    maybe damaged."""
    page = draw(st.one_of(portal_texts(), html_documents(), chinese_texts(), char_soups))
    if draw(st.booleans()):
        data = encode_lossy(page, draw(st.sampled_from(CODECS)))
    else:
        data = b"\n".join(encode_lossy(line, draw(st.sampled_from(CODECS))) for line in page.split("\n"))
    if draw(st.integers(0, 3)) == 0:
        data = draw(st.sampled_from(DECLARATIONS)) + b"\n" + data
    if draw(st.integers(0, 4)) == 0:
        data = draw(st.sampled_from(BOMS)) + data
    if draw(st.integers(0, 2)) == 0:
        data = draw(damaged(data))
    return data


byte_soups = st.lists(
    st.one_of(
        st.binary(max_size=16),
        st.tuples(chinese_texts(), st.sampled_from(CODECS)).map(lambda t: encode_lossy(*t)),
        st.sampled_from((*BOMS, *DECLARATIONS, b"\x00", b"\x00\x00", b"\r\n", b"\n", b"<html>", b"</p>")),
    ),
    max_size=24,
).map(b"".join)

# --- HTML from a grammar --------------------------------------------------------------------

BLOCK_TAGS = ("p", "div", "section", "article", "li", "td", "h1", "h2", "blockquote", "pre", "center")
INLINE_TAGS = ("span", "a", "b", "i", "em", "strong", "font", "u", "sub", "small")
CONTAINER_TAGS = ("ul", "ol", "table", "tr", "nav", "footer", "header", "aside", "select", "dl", "form")
RAW_TAGS = ("script", "style", "noscript", "template", "textarea", "title", "iframe", "xmp", "noembed")
VOID_TAGS = ("br", "br", "img", "hr", "meta", "link", "input", "wbr")
ODD_TAGS = ("svg", "math", "html", "head", "body", "frameset", "plaintext", "ruby", "rt", "option", "P")

STYLES = (
    "display:none", "display: none;", "DISPLAY:NONE", "visibility:hidden", "font-size:0",
    "font-size:0px;color:#fff", "position:absolute;left:-9999px", "position: absolute; top: -3000px;",
    "width:0;height:0;overflow:hidden", "text-indent:2em;", "color:red", "display:block", "",
    "display:none!important", "display :\tnone", "font-size:0.0em", "left:-9999px",
)  # fmt: skip
ATTRIBUTE_NAMES = ("class", "id", "href", "title", "align", "src", "alt", "data-x", "onclick", "lang", "name")
HTML_ENTITIES = (
    "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&#20013;", "&#x4e2d;", "&ldquo;", "&rdquo;", "&mdash;",
    "&#12288;", "&#0;", "&#xD800;", "&#x110000;", "&#99999999;", "&#128;", "&amp", "&#", "&#x", "&nbsp",
    "&notit;", "&;", "&lt;p&gt;", "&#60;div&#62;",
)  # fmt: skip
JUNK_MARKUP = (
    "<!-- 正文 -->", "<!--", "-->", "<!---->", "<!-- a -- b -->", "--!>", "<![CDATA[", "]]>",
    "<![CDATA[<p>x</p>]]>", "<?xml version='1.0'?>", "<?php echo 1; ?>", "<!DOCTYPE html>", "<", "< ",
    "<<", "</", "</>", "<3", "<a", '<div class="x', "<a title='", "</p>", "</div>", "</span>", "</td>",
    "</html>", "</body>", "\x00", "\ufeff", "\r\n", "\n",
)  # fmt: skip


@st.composite
def attribute_values(draw: st.DrawFn) -> str:
    return draw(
        st.one_of(
            st.sampled_from(("x", "content", "article-body", "/a.html", "http://x.example/p?a=1&b=2", "")),
            st.sampled_from(HTML_ENTITIES),
            st.text(any_character, max_size=12),
            scripts.flatmap(titles),
        )
    )


@st.composite
def attributes(draw: st.DrawFn) -> str:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.integers(0, 2)) == 0:
            name, value = "style", draw(st.sampled_from(STYLES))
        elif draw(st.integers(0, 5)) == 0:
            out.append(" hidden")
            continue
        else:
            name, value = draw(st.sampled_from(ATTRIBUTE_NAMES)), draw(attribute_values())
        quote = draw(st.sampled_from(('"', '"', "'", "", 'open"')))
        if quote == "":
            out.append(f" {name}={value.replace(' ', '')}")
        elif quote == 'open"':  # an attribute value that never closes
            out.append(f' {name}="{value}')
        else:
            out.append(f" {name}={quote}{value.replace(quote, '')}{quote}")
    return "".join(out)


@st.composite
def html_texts(draw: st.DrawFn) -> str:
    """Text between tags: prose, a headline, English, spam, entities, anything."""
    script = draw(scripts)
    return draw(
        st.one_of(
            prose_paragraphs(script),
            titles(script),
            st.sampled_from(ENGLISH_SENTENCES),
            spam_lines(),
            st.sampled_from(HTML_ENTITIES),
            st.text(any_character, max_size=10),
            st.sampled_from((" ", "\n", "\n    ", "\u3000", "&nbsp;&nbsp;")),
        )
    )


@st.composite
def spam_link_runs(draw: st.DrawFn) -> str:
    """5-20 links whose texts are spam phrases, as injected into hacked pages."""
    phrases = draw(st.lists(spam_segments(), min_size=5, max_size=20))
    sep = draw(st.sampled_from((" | ", " ", "", "\n", "_", "<br>")))
    return sep.join(f'<a href="http://x{i}.example/">{p}</a>' for i, p in enumerate(phrases))


def _element(tag: str, attrs: str, children: list[str], close: bool) -> str:
    inner = "".join(children)
    return f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if close else "")


@st.composite
def elements(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    kind = draw(st.integers(0, 9))
    attrs = draw(attributes())
    if kind <= 3:
        tag = draw(st.sampled_from(BLOCK_TAGS))
    elif kind <= 6:
        tag = draw(st.sampled_from(INLINE_TAGS))
    elif kind == 7:
        tag = draw(st.sampled_from(CONTAINER_TAGS))
    elif kind == 8:  # raw text elements hold text, not elements (the parser decides)
        tag = draw(st.sampled_from(RAW_TAGS))
        body = draw(st.one_of(html_texts(), children, st.just("var a = '<p>' + 1 < 2;")))
        return _element(tag, attrs, [body], draw(st.integers(0, 5)) > 0)
    else:
        tag = draw(st.sampled_from(ODD_TAGS))
    kids = draw(st.lists(children, max_size=5))
    return _element(tag, attrs, kids, close=draw(st.integers(0, 4)) > 0)


html_leaves = st.one_of(
    html_texts(),
    st.sampled_from(JUNK_MARKUP),
    st.sampled_from(VOID_TAGS).flatmap(lambda tag: attributes().map(lambda a: f"<{tag}{a}>")),
    spam_link_runs(),
)
html_fragments = st.recursive(html_leaves, lambda children: elements(children), max_leaves=30)
HEAD_EXTRAS = ("", '<meta charset="utf-8">', "<style>p{}</style>", "<script>var a = 1;</script>")


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    """A fragment from the grammar, usually inside a page skeleton (doctype, head with a
    title, body), as portal pages come."""
    body = "".join(draw(st.lists(html_fragments, min_size=1, max_size=6)))
    frame = draw(st.integers(0, 3))
    if frame == 0:
        return body
    title = draw(scripts.flatmap(titles))
    head = draw(st.sampled_from(HEAD_EXTRAS))
    doctype = draw(st.sampled_from(("<!DOCTYPE html>", "<!doctype html>", "")))
    if frame == 1:
        return f"{doctype}<html><head><title>{title}_某某网</title>{head}</head><body>{body}</body></html>"
    if frame == 2:  # unclosed everything
        return f"{doctype}<html><head><title>{title}{head}<body>{body}"
    return f"{doctype}<title>{title}</title><h1>{title}</h1>{body}"


# --- portal-like text ------------------------------------------------------------------------


@st.composite
def mojibake_runs(draw: st.DrawFn) -> str:
    """A Chinese phrase as a misconfigured reader shows it (``ÖÐÎÄ``, ``鏂囦欢``,
    ``ä¸\\xad``, ``锟斤拷``), or a line with a run of it."""
    text = draw(scripts.flatmap(titles))
    how = draw(st.integers(0, 5))
    try:
        if how == 0:
            run = gbk_read_as(text, draw(st.sampled_from(("latin-1", "cp1252"))))
        elif how == 1:
            run = utf8_read_as_lossy(text, draw(st.sampled_from(("gbk", "gb18030", "big5"))))
        elif how == 2:
            run = double_utf8(text)
        elif how == 3:
            run = big5_read_as_gbk(text)
        elif how == 4:
            run = kunkao(draw(st.integers(1, 12)))
        else:
            run = tangtang(draw(st.integers(1, 12)))
    except ValueError:  # a character the codec lacks: show the text as it is
        run = text
    if draw(st.booleans()):
        prose = draw(scripts.flatmap(prose_paragraphs))
        cut = draw(st.integers(0, len(prose)))
        return prose[:cut] + run + prose[cut:]
    return run


@st.composite
def keyword_lines(draw: st.DrawFn) -> str:
    """Spam keywords joined by any separator, sometimes glued to a headline."""
    words = draw(st.lists(spam_segments(), min_size=1, max_size=12))
    line = draw(st.sampled_from((*SPAM_SEPARATORS, "|", "_", "-"))).join(words)
    if draw(st.integers(0, 3)) == 0:
        line = line + draw(st.sampled_from(SPAM_SEPARATORS)) + draw(scripts.flatmap(titles))
    return line


@st.composite
def pinyin_runs(draw: st.DrawFn) -> str:
    """A paragraph with ``字(zì)`` annotations on some of its characters (maybe too few
    for the detector, maybe with the wrong brackets or a missing one)."""
    text = draw(scripts.flatmap(prose_paragraphs))
    chars = sorted(annotatable(text))
    if not chars:
        return text
    chosen = draw(st.lists(st.sampled_from(chars), min_size=1, max_size=min(25, len(chars)), unique=True))
    readings = {c: draw(st.sampled_from(toned_readings(c))) for c in chosen}
    parens = draw(st.sampled_from((("(", ")"), ("（", "）"), ("(", ""), ("", ")"), ("(", "）"))))
    return annotate(text, readings, parens=parens)[0]


@st.composite
def portal_texts(draw: st.DrawFn, spam: bool = True) -> str:
    """A portal page as text: any mixture of article lines and junk lines, in any order,
    with layout noise; without ``spam``, no keyword lines."""
    script = draw(scripts)
    kinds = [
        prose_paragraphs(script),
        titles(script),
        english_paragraphs(),
        pinyin_runs(),
        mojibake_runs(),
        st.sampled_from(HEADER_JUNK + META_JUNK + FOOTER_JUNK + SEPARATOR_LINES),
        char_soups,
    ]
    line = st.one_of(*kinds, keyword_lines()) if spam else st.one_of(*kinds)
    lines = [draw(titles(script)), *draw(st.lists(line, max_size=12))]
    if draw(st.integers(0, 2)) == 0:
        footer = draw(related_footers(script, header=draw(st.booleans()), twin=draw(st.booleans())))
        at = draw(st.integers(1, len(lines)))
        lines[at:at] = footer
    return draw(layout_noise(lines))
