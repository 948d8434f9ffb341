"""AuthorBoxDetector: ``某某的头条号`` account lines and author-box phrases."""

from __future__ import annotations

import pytest
from helpers import (
    SCRIPTS,
    article_with,
    assert_traditional,
    clean,
    detect,
    kinds,
    out_lines,
    rules,
    title_and_body,
)

from cleanpage.detectors import AuthorBoxDetector

ACCOUNT = {"simplified": "林小溪的头条号", "traditional": "林小溪的頭條號"}
COUNTS = {"simplified": "128文章数 3560关注度", "traditional": "128文章數 3560關注度"}
BACK_ISSUES = {"simplified": "往期回顾 全部", "traditional": "往期回顧 全部"}
BIO = {"simplified": "作者简介：林小溪，城市观察者", "traditional": "作者簡介：林小溪，城市觀察者"}


def test_fixtures_are_really_in_both_scripts() -> None:
    for table in (ACCOUNT, COUNTS, BACK_ISSUES, BIO):
        assert_traditional(table["simplified"], table["traditional"])


@pytest.mark.parametrize("script", SCRIPTS)
def test_author_box_after_article_is_removed(script: str) -> None:
    title, body = title_and_body(script)
    junk = [ACCOUNT[script], COUNTS[script], BACK_ISSUES[script]]
    result = clean(article_with(junk, script, where="after"))
    assert out_lines(result) == [title, *body]
    assert kinds(result) == {"author-box"}
    assert rules(result) == {"author.account", "author.phrase"}


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("table", "rule"),
    [
        (ACCOUNT, "author.account"),
        (COUNTS, "author.phrase"),
        (BACK_ISSUES, "author.phrase"),
        (BIO, "author.phrase"),
    ],
    ids=["account", "counts", "back-issues", "bio"],
)
def test_author_lines(script: str, table: dict[str, str], rule: str) -> None:
    edits = detect(AuthorBoxDetector(), table[script])
    assert [(e.kind, e.rule) for e in edits] == [("author-box", rule)]


@pytest.mark.parametrize(
    "line",
    [
        "林小溪的头条号上周发布了一篇长文，引发热议。",
        "林小溪的頭條號上週發佈了一篇長文，引發熱議。",
        "林小溪的号码",
        "The author's profile page lists 128 articles.",
        "在长达数年的采访中，他始终坚持关注作者本人的成长经历，而不是作品的销量，这让他的评论显得格外真诚。",
    ],
)
def test_look_alikes_are_kept(line: str) -> None:
    assert detect(AuthorBoxDetector(), line) == []


@pytest.mark.parametrize(
    "line",
    [
        "我在朋友圈看到了他的文章数量越来越多，粉丝也在增长，真替他高兴。",
        "我在朋友圈看到了他的文章數量越來越多，粉絲也在增長，真替他高興。",
    ],
)
def test_body_sentence_mentioning_his_articles_is_kept(line: str) -> None:
    assert line in out_lines(clean(article_with([line])))


def test_detector_identity() -> None:
    assert AuthorBoxDetector.name == "author-box"
    assert AuthorBoxDetector.stage == "line"


def test_max_length_threshold() -> None:
    line = BIO["simplified"]
    assert detect(AuthorBoxDetector(), line)
    assert detect(AuthorBoxDetector(max_length=len(line) - 1), line) == []
