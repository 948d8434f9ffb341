"""CommentThreadDetector: readers' comments saved with a page, found by their bylines.

Every comment here is written for the tests, in the shapes portals print them: a name,
the comment, an action bar with a time; a name with a relative time; a masked address.
"""

from __future__ import annotations

import pytest
from helpers import SCRIPTS, assert_traditional, clean, detect, out_lines, page, title_and_body
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import TRAD, articles, scripts, to_traditional

from cleanpage.detectors import CommentThreadDetector

# name / comment / action bar (time, 举报, 赞, 回复)
BAR_THREAD = {
    "simplified": [
        "河畔读者",
        "老街改造得真好，周末带孩子去逛了一圈。",
        "今天08:23举报赞18回复",
        "小林同学",
        "希望停车位也能多一些。",
        "今天09:10举报赞6回复",
        "阿强",
        "青石板路下雨天有点滑，注意安全。",
        "今天10:02举报查看对话赞3回复",
    ],
    "traditional": [
        "河畔讀者",
        "老街改造得真好，週末帶孩子去逛了一圈。",
        "今天08:23檢舉讚18回覆",
        "小林同學",
        "希望停車位也能多一些。",
        "今天09:10檢舉讚6回覆",
        "阿強",
        "青石板路下雨天有點滑，注意安全。",
        "今天10:02檢舉查看對話讚3回覆",
    ],
}
# name with a relative time / comment / replies
AGO_THREAD = [
    "每天都在微笑5小时前",
    "改造以后老街热闹多了，晚上也有人散步。",
    "回复 ⋅ 25条回复421",
    "城南老居民3小时前",
    "我家就在这条街上，施工那两年确实辛苦。",
    "回复 ⋅ 4条回复37",
    "路过的猫12分钟前",
    "什么时候开夜市？",
]
# an old template: a masked address says who wrote
ADDRESS_THREAD = [
    "lr9111[219.130.79.*] 认为：",
    "修旧如旧这个原则好。",
    "dawnrain[221.217.28.*] 认为：",
    "排水改好了，今年夏天应该不会再积水。",
    "-[218.58.51.*] 认为：",
    "支持，希望别的老街也这样改。",
]


def test_fixtures_are_really_in_both_scripts() -> None:
    assert_traditional("".join(BAR_THREAD["simplified"]), "".join(BAR_THREAD["traditional"]))


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_thread_of_action_bars_goes(script: str) -> None:
    title, body = title_and_body(script)
    thread = BAR_THREAD[script]
    result = clean(page(title, *body, *thread))
    # from the first bar to the last; the first comment's name and text come before it
    assert out_lines(result) == [title, *body, *thread[:2]]
    assert {e.rule for e in result.findings} == {"comments.thread"}
    assert {e.kind for e in result.findings} == {"comments"}


@pytest.mark.parametrize("thread", [AGO_THREAD, ADDRESS_THREAD], ids=["relative-time", "masked-address"])
def test_threads_of_other_bylines_go(thread: list[str]) -> None:
    title, body = title_and_body("simplified")
    lines = out_lines(clean(page(title, *body, *thread)))
    assert lines[: 1 + len(body)] == [title, *body]
    assert not {ln for ln in lines[1 + len(body) :] if ln in thread[: len(thread) - 2]}


def test_two_bylines_are_no_thread() -> None:
    title, body = title_and_body("simplified")
    assert detect(CommentThreadDetector(), page(title, *body, *BAR_THREAD["simplified"][:6])) == []


def test_relative_times_alone_are_no_thread() -> None:
    """Short lines of an article that end in a relative time are no thread without an
    action bar or a masked address among them."""
    title, body = title_and_body("simplified")
    text = page(
        title, "事故发生于3天前", body[0], "搜救持续到2小时前", body[1], "最新消息在10分钟前", body[2]
    )
    assert detect(CommentThreadDetector(), text) == []


def test_sentences_that_name_the_actions_stay() -> None:
    title, body = title_and_body("simplified")
    lines = [
        "网友可以在页面下方回复、点赞或举报不当评论。",
        "平台表示，举报和回复功能今天起全面开放。",
        "有读者点赞，也有读者回复提出不同意见。",
    ]
    assert detect(CommentThreadDetector(), page(title, *body, *lines)) == []


def test_detector_identity() -> None:
    assert (CommentThreadDetector.name, CommentThreadDetector.stage) == ("comments", "line")


@settings(max_examples=100, deadline=None)
@given(articles(min_blocks=2), scripts, st.integers(3, 6))
def test_a_thread_after_any_article_goes_and_the_article_stays(article: str, script: int, n: int) -> None:
    if script == TRAD:
        article = to_traditional(article)
    thread: list[str] = []
    for k in range(n):
        thread += [
            f"读者{k + 1}号",
            f"说得好，支持老街改造，这是第{k + 1}条评论。",
            f"今天{8 + k}:0{k}举报赞{k}回复",
        ]
    if script == TRAD:
        thread = [to_traditional(t) for t in thread]
    lines = article.split("\n")
    out = out_lines(clean("\n".join([*lines, *thread])))
    assert out[: len(lines)] == lines
    assert not set(out[len(lines) :]) & set(thread[2:])
