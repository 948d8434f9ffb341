"""ResidueDetector: stray HTML tags, entities and separator-only lines."""

from __future__ import annotations

import pytest
from helpers import (
    BODY_S,
    SCRIPTS,
    article_with,
    assert_edits_consistent,
    clean,
    detect,
    kinds,
    out_lines,
    rules,
    title_and_body,
)

from cleanpage.detectors import ResidueDetector
from cleanpage.document import Document


@pytest.mark.parametrize(
    "line",
    ['<option id="a1"></option>', "<center>", "</div>", "<br/>", '<p class="x"></p> | <span></span>'],
)
def test_tag_only_line_is_removed(line: str) -> None:
    result = clean(article_with([line]))
    assert line not in result.text
    assert rules(result) == {"residue.tag-line"}
    assert kinds(result) == {"markup"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_tags_around_text_are_removed_text_kept(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(article_with(["<center>" + body[0] + "</center>"], script))
    assert out_lines(result) == [title, body[0], body[0], body[1], body[2]]
    assert [e.original for e in result.findings] == ["<center>", "</center>"]
    assert rules(result) == {"residue.tag"}


def test_broken_close_tag_is_removed() -> None:
    result = clean(article_with(["老街的前世今生?/h3>"]))
    assert "老街的前世今生" in out_lines(result)
    assert [(e.rule, e.original) for e in result.findings] == [("residue.broken-tag", "?/h3>")]


def test_entities_are_decoded() -> None:
    line = "居民表示&nbsp;很满意，称其为&ldquo;会呼吸的街道&rdquo;。"
    result = clean(article_with([line]))
    assert "居民表示 很满意，称其为“会呼吸的街道”。" in out_lines(result)
    entity_edits = [e for e in result.findings if e.rule == "residue.entity"]
    assert [(e.original, e.replacement) for e in entity_edits] == [
        ("&nbsp;", " "),
        ("&ldquo;", "“"),
        ("&rdquo;", "”"),
    ]


def test_entities_that_would_make_markup_stay() -> None:
    line = "示例代码 &#60;script&#62; 会被浏览器当作标签解析。"
    assert detect(ResidueDetector(), line) == []


@pytest.mark.parametrize("line", ["-----", "？？？", "* * *", "=====", "|  |  |", "。"])
def test_separator_line_is_removed(line: str) -> None:
    result = clean(article_with([line]))
    assert out_lines(result)[1:] == list(BODY_S)
    assert rules(result) == {"residue.separator-line"}
    assert kinds(result) == {"separator"}


@pytest.mark.parametrize(
    "line",
    [
        "比较大小：若 A > B，则 B < A。",
        "按下 <Ctrl> 键和 <Shift> 键即可切换输入法。",
        "Tom &amp; Jerry 与 AT&T 都是常见的英文名称。",
        "……",
        "1. 第一条",
        "The function returns x < y && y > z for sorted input.",
    ],
)
def test_look_alikes_are_kept(line: str) -> None:
    assert detect(ResidueDetector(), line) == []
    assert line in out_lines(clean(article_with([line])))


def test_inequality_chain_with_tag_name_letter_is_kept() -> None:
    line = "已知 a<b 且 b>c，求证 a<c。"
    assert detect(ResidueDetector(), line) == []


def test_detector_identity_and_edit_spans() -> None:
    assert ResidueDetector.name == "residue"
    assert ResidueDetector.stage == "repair"  # tags go before other detectors read the line
    text = "标题\n<center>正文&nbsp;内容</center>\n-----\n"
    doc = Document(text)
    edits = ResidueDetector().detect(doc, [])
    assert_edits_consistent(doc, edits)
    assert sorted(e.rule for e in edits) == [
        "residue.entity",
        "residue.separator-line",
        "residue.tag",
        "residue.tag",
    ]
