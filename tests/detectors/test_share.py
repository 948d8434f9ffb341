"""ShareWidgetDetector: share/like toolbars and the bare counts beside them."""

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
    page,
    rules,
    title_and_body,
)

from cleanpage.detectors import ShareWidgetDetector

TOOLBAR = {
    "simplified": "分享到 微信 微博 QQ空间 复制链接",
    "traditional": "分享到 微信 微博 QQ空間 複製鏈接",
}
SHARE_TO = {"simplified": "分享至", "traditional": "分享至"}
COUNT = {"simplified": "3.2万", "traditional": "3.2萬"}


def test_fixtures_are_really_in_both_scripts() -> None:
    assert_traditional(TOOLBAR["simplified"], TOOLBAR["traditional"])
    assert_traditional(COUNT["simplified"], COUNT["traditional"])


@pytest.mark.parametrize("script", SCRIPTS)
def test_toolbar_line_is_removed(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(article_with([TOOLBAR[script]], script))
    assert out_lines(result) == [title, *body]
    assert kinds(result) == {"share-widget"}
    assert rules(result) == {"share.tokens"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_count_beside_share_line_is_removed(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(page(title, COUNT[script], SHARE_TO[script], *body))
    assert out_lines(result) == [title, *body]
    assert rules(result) == {"share.tokens", "share.count"}


@pytest.mark.parametrize(
    "line",
    [
        "分享给朋友 新浪微博 朋友圈",
        "分享給朋友 新浪微博 朋友圈",
        "收藏 举报 128 条评论",
        "收藏 舉報 128 條評論",
        "打印 | 纠错 | 字号: 大 中 小",
        "打印 | 糾錯 | 字號： 大 中 小",
        "点赞 1.5w 转发 在看",
        "點讚 1.5w 轉發 在看",
        # tokens and counts glued together, as a page's text often runs its buttons
        "37评论收藏",
        "1032人參與308評論",
        "缩小字体放大字体收藏微博微信分享106",
        "【收藏本文】【字體：大中小】【打印】【關閉】",
    ],
)
def test_toolbar_variants(line: str) -> None:
    edits = detect(ShareWidgetDetector(), line)
    assert [e.rule for e in edits] == ["share.tokens"]


@pytest.mark.parametrize(
    "line",
    [
        "他在微信上说，明天一起去看展览。",
        "本期节目的观众评论非常热烈",
        "大 中 小",  # size buttons alone are too weak a sign
        "大中小",
        "收藏家",  # a word that starts with a token is no toolbar
        "分享经济",
        "手机",
        "Share your thoughts with friends",
    ],
)
def test_look_alikes_are_kept(line: str) -> None:
    assert detect(ShareWidgetDetector(), line) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_number_in_body_not_near_a_toolbar_is_kept(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(page(title, body[0], "2024", body[1], body[2]))
    assert "2024" in out_lines(result)
    assert result.findings == []


def test_long_line_with_tokens_is_kept() -> None:
    line = " ".join(["分享 收藏"] * 13)  # tokens only, but longer than a toolbar
    assert len(line) > 60
    assert detect(ShareWidgetDetector(), line) == []


@pytest.mark.parametrize("line", ["打印 | 纠错 | 字号：大 中 小", "打印 | 糾錯 | 字號：大 中 小"])
def test_font_size_label_glued_to_buttons(line: str) -> None:
    assert [e.rule for e in detect(ShareWidgetDetector(), line)] == ["share.tokens"]


def test_detector_identity() -> None:
    assert ShareWidgetDetector.name == "share-widget"
    assert ShareWidgetDetector.stage == "line"
