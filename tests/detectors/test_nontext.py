"""NonTextDetector: NUL and the other control characters that are not whitespace, DEL,
and lone surrogates."""

from __future__ import annotations

import pytest
from helpers import (
    ANNOTATED_BODY,
    SCRIPTS,
    article_with,
    assert_result_accounts,
    clean,
    detect,
    kinds,
    out_lines,
    rules,
    title_and_body,
)

import cleanpage
from cleanpage.detectors import NonTextDetector


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("junk", ["\x00", "\x00\x00", "\x1b", "\x7f", "\x08", "\ud800", "\udfff\udc80"])
def test_inside_a_line_the_characters_go_and_the_text_stays(script: str, junk: str) -> None:
    title, body = title_and_body(script)
    dirty = body[0][:5] + junk + body[0][5:]
    result = clean(article_with([], script).replace(body[0], dirty))
    assert out_lines(result) == [title, *body]
    assert kinds(result) == {"mojibake-unrecoverable"}
    assert [e.original for e in result.findings] == [junk]
    assert all(e.replacement == "" and not e.is_flag for e in result.findings)
    assert_result_accounts(result)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_line_of_nothing_else_goes_whole(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(article_with(["\x00\x00\x00", " \x00 \ud800 "], script))
    assert out_lines(result) == [title, *body]
    # one edit per line, named by the largest mark on it
    assert kinds(result) == {"mojibake-unrecoverable"}
    assert rules(result) <= {"non-text.control", "non-text.surrogate"}
    assert len(result.findings) == 2


def test_rules_name_what_was_removed() -> None:
    edits = detect(NonTextDetector(), "标题\x00\x01\ud800正文\x7f")
    assert [(e.rule, e.original) for e in edits] == [
        ("non-text.control", "\x00\x01"),
        ("non-text.surrogate", "\ud800"),
        ("non-text.control", "\x7f"),
    ]
    assert {e.kind for e in edits} == {"mojibake-unrecoverable"}


@pytest.mark.parametrize("char", ["\t", "\x0b", "\x0c", "\x1c", "\x1f", "\x80", "\x85", "\x9f"])
def test_whitespace_controls_and_c1_controls_are_not_removed(char: str) -> None:
    assert detect(NonTextDetector(), f"今年春天{char}城南老街") == []


def test_a_repair_across_a_nul_takes_it() -> None:
    # GBK read as Latin-1 with a NUL between two of its characters: one run to the codec
    # repair (which reads the page without the NUL), not two halves that fail alone
    mojibake = "中文网站".encode("gbk").decode("latin-1")
    result = clean(f"标题\n{mojibake[:3]}\x00{mojibake[3:]}")
    assert result.text == "标题\n中文网站"
    assert rules(result) == {"codec.gbk-as-latin1"}
    assert cleanpage.clean(result.text).text == result.text


def test_a_nul_inside_an_annotation_changes_no_pinyin_decision() -> None:
    # a NUL inside one reading of an annotated page: that group is still read, and
    # stripped with the others
    page = "\n".join(ANNOTATED_BODY)
    dirty = page.replace("(bào)", "(bà\x00o)", 1)
    assert dirty != page
    result = clean(dirty)
    assert result.text == clean(page).text
    assert "(" not in result.text and "\x00" not in result.text


def test_disabled_the_characters_stay() -> None:
    result = cleanpage.Cleaner(disable={"non-text"}).clean("标题\n今年\x00春天")
    assert result.text == "标题\n今年\x00春天"
