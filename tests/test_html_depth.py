"""Nesting beyond MAX_DEPTH is flattened before parsing (the parser's work per start
tag grows with the depth); pages of ordinary depth are parsed as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpage
from cleanpage.html.dom import (
    _RAW,
    _SCOPE,
    _SHALLOW,
    MAX_DEPTH,
    PARSE_FIRST_LIMIT,
    Page,
    _deep_tags,
    _may_open,
    _without_deep_tags,
    may_be_deep,
    parse,
)
from cleanpage.html.source import Tag, text_runs

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "html").glob("*.html"))
PARAGRAPH = "今年春天，城南老街完成了为期两年的改造，青石板路和木结构门面得到了保留。"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_real_depth_pages_are_untouched(path: Path) -> None:
    source = path.read_text(encoding="utf-8", errors="replace")
    assert _without_deep_tags(source) == source


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 20 * MAX_DEPTH])
def test_deep_nesting_keeps_its_text_and_its_length(depth: int) -> None:
    page = "<!DOCTYPE html><html><body>" + "<div>" * depth + f"<p>{PARAGRAPH}</p>" + "</div>" * depth
    flat = _without_deep_tags(page)
    assert len(flat) == len(page)
    assert flat.count("<div>") == MAX_DEPTH
    result = cleanpage.clean(page)
    assert result.text == PARAGRAPH
    assert cleanpage.apply_edits(result.source, result.edits) == result.text


def test_script_content_does_not_count_as_depth() -> None:
    script = "<script>" + "document.write('<div>');" * (2 * MAX_DEPTH) + "</script>"
    page = f"<!DOCTYPE html><html><head>{script}</head><body><p>{PARAGRAPH}</p></body></html>"
    assert _without_deep_tags(page) == page


@pytest.mark.parametrize("name", ["script", "SCRIPT", "Style", "textarea", "TITLE"])
def test_raw_text_ends_are_found_in_any_ascii_case(name: str) -> None:
    """A raw-text element's content runs to its end tag in any ASCII case; the tags
    after it count again, and a dotted capital I before it moves nothing."""
    inside = "<div>" * (2 * MAX_DEPTH)
    after = "<div>" * (MAX_DEPTH + 1)
    page = f"İ<{name}>{inside}</{name.swapcase()}>{after}"
    flat = _without_deep_tags(page)
    assert len(flat) == len(page)
    assert flat[: page.index(after)] == page[: page.index(after)]
    assert flat.count("<div>") == 2 * MAX_DEPTH + MAX_DEPTH


def _flattened_depth(page: str) -> int:
    """The depth of the tree the parser builds from the flattened page."""
    return _tree_depth(parse(page))


def _tree_depth(page: Page) -> int:
    depth = [0] * len(page.elements)
    for el in page.elements:
        depth[el.index] = depth[el.parent] + 1 if el.parent >= 0 else 1
    return max(depth)


@pytest.mark.parametrize("unit", ["<div>", "<ul><li>", "<div></b>", "<span><div>"])
@pytest.mark.parametrize("repeat", [MAX_DEPTH + 1, 2 * MAX_DEPTH, PARSE_FIRST_LIMIT + 1])
def test_parse_builds_the_flattened_tree_of_a_deep_page(unit: str, repeat: int) -> None:
    """A page with no more possible openings than PARSE_FIRST_LIMIT is parsed as it is,
    and parsed again flattened when its tree is too deep; one with more is flattened
    first. Either way the tree is the flattened page's, and the text after the
    nesting is in it."""
    page = "<html><body>" + unit * repeat + f"<p>{PARAGRAPH}</p></body></html>"
    assert _without_deep_tags(page) != page
    tree = parse(page)
    flat = parse(_without_deep_tags(page))
    assert [el.tag for el in tree.elements] == [el.tag for el in flat.elements]
    assert any(PARAGRAPH in text.text for text in tree.texts)


@pytest.mark.parametrize(("unit", "name"), [("<a href='/x'>链接", "a"), ("<div><table></div>", "table")])
def test_a_page_the_parser_keeps_shallow_is_parsed_as_it_is(unit: str, name: str) -> None:
    """Nesting that looks 600 deep to the guard's stack, which closes an element only
    at its end tag, but not to the parser: it closes each unclosed link at the next
    one, and puts a div met inside a table before the table. The tree is shallow and
    needs no flattening, so every element stays. (Flattened before parsing, as every
    page that might be deep was until 2026-12-07, those beyond the depth lost their
    tags.)"""
    page = "<html><body>" + unit * 600 + f"<p>{PARAGRAPH}</p></body></html>"
    assert _without_deep_tags(page) != page
    tree = parse(page)
    assert sum(el.tag == name for el in tree.elements) == 600
    assert _tree_depth(tree) < MAX_DEPTH


def _naive_deep_tags(tags: list[tuple[str, str]]) -> list[int]:
    """The stack model of _deep_tags, written plainly: a search down the stack per end
    tag (quadratic on deep pages; the oracle for the bookkeeping)."""
    stack: list[str] = []
    deep: list[int] = []
    for i, (slash, name) in enumerate(tags):
        name = name.lower()
        if name in _SHALLOW or name in _RAW:
            continue
        if slash:
            for at in range(len(stack) - 1, -1, -1):
                if stack[at] == name:
                    del stack[at:]
                    break
                if stack[at] in _SCOPE:
                    break
        elif len(stack) >= MAX_DEPTH:
            deep.append(i)
        else:
            stack.append(name)
    return deep


_NAMES = ["div", "DIV", "span", "table", "object", "p", "li", "b", "section", "script"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["", "/"]), st.sampled_from(_NAMES)), max_size=3000),
)
def test_the_depth_bookkeeping_is_the_plain_stack(tags: list[tuple[str, str]]) -> None:
    assert _deep_tags([(slash, name, 0, 0) for slash, name in tags]) == _naive_deep_tags(tags)


def _tags(page: str) -> list[Tag]:
    tags: list[Tag] = []
    text_runs(page, tags)
    return tags


# markup where a search for tags finds some that the tokenizer does not read: tags in
# comments, in quoted attribute values, in raw text up to an end tag that is not its
# end ('</scripts>'), after <plaintext>; and names that run on past [a-z0-9-]
@pytest.mark.parametrize(
    ("before", "expected_blanked"),
    [
        ("<!-- old layout: " + "<div class=x>" * 600 + " -->", 0),
        ("<a title='" + "<div>" * 600 + "'>link</a>", 0),
        ("<script>" + "<div>" * 300 + "</scripts>" + "<div>" * 300 + "</script>", 0),
        ("<textarea>" + "<div>" * 600 + "</textarea>", 0),
        # those beyond the depth, then the article's div, a, div and h1 (p is shallow)
        ("<div_x>" * 600, 600 - MAX_DEPTH + 4),
    ],
)
def test_the_guard_counts_the_tags_the_tokenizer_reads(before: str, expected_blanked: int) -> None:
    """The guard reads the source scanner's tags. Its own search, before 2026-12-06,
    counted the first four as 600 open divs and blanked the page's real tags after
    them (the article's container among them); it read '<div_x>' as a div too."""
    nav = "<div class='nav'><a href='/'>首页</a></div>"
    article = f"{nav}<div class='article'><h1>老街</h1><p>{PARAGRAPH}</p></div>"
    page = f"<!DOCTYPE html><html><body>{before}{article}</body></html>"
    flat = _without_deep_tags(page)
    assert len(flat) == len(page)
    blanked = sum(1 for tag in _tags(page) if flat[tag[2] : tag[3]].isspace())
    assert blanked == expected_blanked
    if expected_blanked == 0:
        assert flat == page
    else:  # 600 nested <div_x> are that deep: the article's divs are blanked too
        assert flat.count("<div_x>") == MAX_DEPTH
    assert PARAGRAPH in cleanpage.clean(page).text


_PIECES = [
    "<div>",
    "<DIV class=x>",
    "<P>",
    "<Li>",
    "<br/>",
    "</div>",
    "<script>",
    "</script>",
    "<ul>",
    "<lİ>",
    "<p-x>",
    "<p_x>",
    "<trx>",
    "<a<div>",
    "<b title='<div>'>",
    "<!--",
    "-->",
    "x",
]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.integers(1, 80)), max_size=30))
def test_the_count_of_names_bounds_the_depth(runs: list[tuple[str, int]]) -> None:
    """_may_open counts, in C, the names that could open an element; when it is within
    the depth, reading every tag finds nothing to blank (so it is skipped)."""
    page = "".join(piece * n for piece, n in runs)
    tags = _tags(page)
    pushes = sum(1 for slash, name, _, _ in tags if not slash and name.lower() not in _SHALLOW | _RAW)
    assert _may_open(page) >= pushes
    if not may_be_deep(page):
        assert _deep_tags(tags) == []
        assert _without_deep_tags(page) == page
