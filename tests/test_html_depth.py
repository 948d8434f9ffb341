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
    _TAG,
    MAX_DEPTH,
    _deep_tags,
    _may_open,
    _tag_segments,
    _without_deep_tags,
    parse,
)

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
    elements = parse(page).elements
    depth = [0] * len(elements)
    for el in elements:
        depth[el.index] = depth[el.parent] + 1 if el.parent >= 0 else 1
    return max(depth)


# pages built to look shallow to a counter of start and end tags: end tags the parser
# ignores (nothing of that name is open, or a table or object stands above it), and
# "<div/>", which opens a div like "<div>"
@pytest.mark.parametrize(
    "unit",
    [
        "<div></b>",
        "<div></span>",
        "<div><table></div>",
        "<div><object></div>",
        "<div/>",
        "<span><div>",
        "<section></p>",
    ],
)
def test_end_tags_the_parser_ignores_do_not_hide_the_depth(unit: str) -> None:
    page = unit * (4 * MAX_DEPTH)
    flat = _without_deep_tags(page)
    assert len(flat) == len(page)
    assert flat != page
    assert _flattened_depth(flat) <= MAX_DEPTH + 8  # html, body and the shallow ones


def test_closed_elements_never_add_up() -> None:
    page = "<div><section><span>x</span></section></div>" * (4 * MAX_DEPTH)
    assert _without_deep_tags(page) == page


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
    assert _deep_tags(tags) == _naive_deep_tags(tags)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["<div>", "</div>", "<table>", "</table>", "<p>", "<b>", "</b>", "x"]), max_size=2000
    )
)
def test_the_pairs_read_are_the_tags_found(pieces: list[str]) -> None:
    """The fast path reads (slash, name) pairs; the places of blanked tags come from a
    second reading of the same stretches: both must see the same tags."""
    page = "<script>'<div>'</script>".join(["".join(pieces)] * 3)
    segments = _tag_segments(page)
    pairs = [tag for a, b in segments for tag in _TAG.findall(page, a, b)]
    found = [m.groups() for a, b in segments for m in _TAG.finditer(page, a, b)]
    assert pairs == found
    # the script's '<div>' is no tag: the pieces' tags three times, and each script's two
    tags = sum(piece.startswith("<") for piece in pieces)
    assert len(pairs) == 3 * tags + 2 * 2


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
    "<trx>",
    "x",
]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.integers(1, 80)), max_size=30))
def test_the_count_of_names_bounds_the_depth(runs: list[tuple[str, int]]) -> None:
    """_may_open counts, in C, the names that could open an element; when it is within
    the depth, reading every tag finds nothing to blank (so it is skipped)."""
    page = "".join(piece * n for piece, n in runs)
    segments = _tag_segments(page)
    tags = [tag for a, b in segments for tag in _TAG.findall(page, a, b)]
    pushes = sum(1 for slash, name in tags if not slash and name.lower() not in _SHALLOW | _RAW)
    assert _may_open(page) >= pushes
    if _may_open(page) <= MAX_DEPTH:
        assert _deep_tags(tags) == []
