"""Nesting beyond MAX_DEPTH is flattened before parsing (the parser's work per start
tag grows with the depth); pages of ordinary depth are parsed as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

import cleanpage
from cleanpage.html.dom import MAX_DEPTH, _without_deep_tags

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
