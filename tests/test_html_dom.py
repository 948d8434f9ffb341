"""cleanpage.html.dom: the parsed page's bookkeeping, checked against plain definitions.

``Page.inside`` and ``content.visible_text`` read a subtree as a run of element and
text-node numbers (document order) instead of walking the whole page; these properties
compare them with the walk on generated markup, broken and unclosed tags included.
"""

from __future__ import annotations

import regex
from fuzz_strategies import html_documents
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanpage.html.content import _PUNCT, _SENTENCE, _count_upto, visible_text
from cleanpage.html.dom import BLOCK_TAGS, Page, _tokens, hidden_by_style, parse
from cleanpage.script import han_count, han_count_upto


def walk_inside(page: Page, roots: set[int]) -> list[int]:
    """The definition: each element's nearest self-or-ancestor in ``roots``."""
    out = [-1] * len(page.elements)
    for el in page.elements:
        if el.index in roots:
            out[el.index] = el.index
        elif el.parent >= 0:
            out[el.index] = out[el.parent]
    return out


def walk_visible_text(page: Page, i: int, hidden_too: bool) -> str:
    """The definition: every text node under ``i`` that is rendered and not hidden by an
    element under ``i`` other than ``i`` itself (unless ``hidden_too``)."""
    under = walk_inside(page, {i})
    parts = []
    for t in page.texts:
        el = page.elements[t.element]
        if under[t.element] < 0 or el.invisible:
            continue
        if el.hidden_root >= 0 and not hidden_too and el.hidden_root != i and under[el.hidden_root] >= 0:
            continue
        parts.append(t.text)
    return " ".join("".join(parts).split())


@given(html_documents(), st.data())
def test_inside_is_the_nearest_root_above(html: str, data: st.DataObject) -> None:
    page = parse(html)
    n = len(page.elements)
    if n == 0:
        return
    roots = data.draw(st.sets(st.integers(0, n - 1), max_size=20))
    assert page.inside(roots) == walk_inside(page, roots)


@given(html_documents(), st.data())
def test_subtrees_are_runs_of_elements_and_text_nodes(html: str, data: st.DataObject) -> None:
    page = parse(html)
    if not page.elements:
        return
    i = data.draw(st.integers(0, len(page.elements) - 1))
    under = walk_inside(page, {i})
    el = page.elements[i]
    assert [k for k, r in enumerate(under) if r >= 0] == list(range(i, el.end))
    assert [t.index for t in page.texts if under[t.element] >= 0] == list(range(el.text_start, el.text_end))
    for hidden_too in (False, True):
        assert visible_text(page, i, hidden_too) == walk_visible_text(page, i, hidden_too)


# selectors of the shapes site rules use, a few that match nothing, and invalid ones
_SELECTORS = st.lists(
    st.sampled_from(
        [
            "div",
            "p",
            "a",
            "span#x",
            ".c",
            "div.c",
            "#main",
            "[class^='n']",
            "div p",
            "h1",
            "zzz",
            "#",
            "div[",
            "",
        ]
    ),
    max_size=6,
)


@given(html_documents(), _SELECTORS)
def test_matching_is_each_selector_asked_alone(html: str, selectors: list[str]) -> None:
    """Page.matching asks the selectors as one list first; the answer is the selectors
    that match when each is asked alone, whether or not the list is valid."""
    page = parse(html)
    assert page.matching(selectors) == [sel for sel in selectors if page.select(sel)]


@given(html_documents())
def test_a_text_node_size_counts_its_visible_non_space_characters(html: str) -> None:
    """TextNode.size is the measure of text every extractor step reads: the characters
    that are not whitespace, and 0 inside an element a reader never sees."""
    page = parse(html)
    for t in page.texts:
        invisible = page.elements[t.element].invisible
        assert t.size == (0 if invisible else len("".join(t.text.split())))


def chain(page: Page, i: int) -> list[int]:
    """Element ``i`` and its ancestors, nearest first."""
    out = []
    while i >= 0:
        out.append(i)
        i = page.elements[i].parent
    return out


@given(html_documents())
def test_each_element_field_is_its_definition_up_the_parent_chain(html: str) -> None:
    """The walk works every field out from the parent's; each is also the plain
    definition over the element's ancestors (the lexbor tree's parents)."""
    page = parse(html)
    for el in page.elements:
        up = chain(page, el.index)
        node_parent = el.node.parent
        assert el.parent == (page.by_id.get(node_parent.mem_id, -1) if node_parent is not None else -1)
        hidden = [k for k in up if page.elements[k].own_hidden]
        assert el.hidden_near == (hidden[0] if hidden else -1)
        assert el.hidden_root == (hidden[-1] if hidden else -1)
        assert el.block == next((k for k in up if page.elements[k].tag in BLOCK_TAGS), -1)
        link = next(
            (k for k in up if page.elements[k].tag == "a" and "href" in page.elements[k].node.attributes), -1
        )
        assert el.link == link
        attrs = el.node.attributes
        own = "hidden" in attrs and el.tag != "input"
        assert (el.own_hidden is not None) == (own or hidden_by_style(attrs.get("style") or "") is not None)
        assert el.tokens == _tokens(attrs.get("id"), attrs.get("class"))


_REGEX_CAMEL = regex.compile(r"(?<=[a-z])(?=[A-Z])")
_REGEX_WORD = regex.compile(r"[a-z]+|\d+")


@given(st.one_of(st.none(), st.text()), st.one_of(st.none(), st.text()))
def test_id_and_class_words_are_read_as_the_regex_module_reads_them(
    node_id: str | None, classes: str | None
) -> None:
    """The words of an id and a class, as the first version read them with `regex`."""
    raw = f"{node_id or ''} {classes or ''}"
    expected = (
        tuple(dict.fromkeys(_REGEX_WORD.findall(_REGEX_CAMEL.sub(" ", raw).lower()))) if raw.strip() else ()
    )
    assert _tokens(node_id, classes) == expected


_PROSE_PIECES = st.lists(
    st.sampled_from(["中文", "字", "，", "。", "!", "? ", ". ", "a", " ", "；", ":", "\n"]), max_size=2000
)


@given(_PROSE_PIECES.map("".join), st.integers(0, 40))
@example("中文，。a. " * 1000, 10)  # long: counted match by match
@example("中文，。a. " * 1000, 40)
def test_counts_up_to_a_cap_are_the_capped_counts(text: str, cap: int) -> None:
    """A paragraph's hanzi, marks and sentence ends are counted only as far as the
    extractor reads them; the result is the full count, capped (short and long texts)."""
    assert han_count_upto(text, cap) == min(han_count(text), cap)
    for pattern in (_PUNCT, _SENTENCE):
        assert _count_upto(pattern, text, cap) == min(len(pattern.findall(text)), cap)


_NAMES = ["postBody", "postbody", "POST_body", "post_body", "a-b", "item", "İtem", "x1", "main", "Main"]


@st.composite
def _pages_with_names(draw: st.DrawFn) -> str:
    """Small pages whose ids and classes are drawn from _NAMES, in quirks mode (no
    doctype: lexbor matches classes and ids ignoring ASCII case) or standards mode."""
    doctype = draw(st.sampled_from(["", "<!DOCTYPE html>"]))
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        tag = draw(st.sampled_from(["div", "p", "span", "section"]))
        classes = " ".join(draw(st.lists(st.sampled_from(_NAMES), max_size=3)))
        node_id = draw(st.one_of(st.none(), st.sampled_from(_NAMES)))
        attrs = f' class="{classes}"' + (f' id="{node_id}"' if node_id else "")
        parts.append(f"<{tag}{attrs}>x")
    return doctype + "<html><body>" + "".join(parts) + "</body></html>"


# names, and starts of names (a class or id test by its start: ^=)
_SELECTOR_NAMES = [*_NAMES, "post", "body", "missing", "po", "Po", "post_", "POST_b", "x", "İt", "a-", "ma"]
_SELECTOR = st.builds(
    lambda tag, mark, name, more: f"{tag}{mark.format(name)}{more}",
    st.sampled_from(["", "div", "p", "span "]),
    st.sampled_from([".{}", "#{}", "[class^='{}']", '[id^="{}"]', "[class={}]", "[id='{}']"])
    | st.sampled_from(["[class~='{}']", "[class^='{}' i]"]),
    st.sampled_from(_SELECTOR_NAMES),
    st.sampled_from(["", " p", ", #main", ".item", ":not(.item)", "[id]", " > span", "[class^='ma']", ""]),
)


@settings(max_examples=300)
@given(_pages_with_names(), st.lists(_SELECTOR, min_size=1, max_size=8))
def test_selectors_skipped_by_their_words_match_nothing(html: str, selectors: list[str]) -> None:
    """Page.select and Page.matching skip a selector whose class and id words (or the
    starts of words a ^= test needs) are not on the page; they answer as lexbor asked
    about every selector answers."""
    page = parse(html)

    def plain(selector: str) -> set[int]:
        try:
            return page.indices(page.tree.css(selector))
        except Exception:
            return set()

    for selector in selectors:
        assert page.select(selector) == plain(selector), selector
    assert page.matching(selectors) == [sel for sel in selectors if plain(sel)]


_REGEX_STOP = r"[.](?=[”’\"')）\]」』]*(?:\s|$))"
_MARK_TEXT = st.text(
    st.sampled_from(list("。！？；，、：!?;:,.”’\"')）]」』a中 \n\t\x1c\x1f\x85\xa0\u2028\u3000\u200b")),
    max_size=60,
)


@given(_MARK_TEXT)
@example("a.\x1c")  # U+001C is \s to `re`, not to the regex module
@example("a.”\n")
def test_the_mark_patterns_find_what_the_regex_module_spelling_finds(text: str) -> None:
    """_SENTENCE and _PUNCT run on `re` with the regex module's \\s spelled out: they find
    the marks the first spelling, on the regex module, found."""
    for pattern, first in (
        (_SENTENCE, regex.compile(r"[。！？；!?;]|" + _REGEX_STOP)),
        (_PUNCT, regex.compile(r"[，。！？；：、,!?;:]|" + _REGEX_STOP)),
    ):
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in first.finditer(text)]
