"""CommentThreadDetector: readers' comments saved with a page, found by their bylines.

Every comment here is written for the tests, in the shapes portals print them: a name,
the comment, an action bar with a time; a name with a relative time; a masked address.
"""

from __future__ import annotations

import pytest
from helpers import SCRIPTS, assert_traditional, clean, detect, out_lines, page, title_and_body
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import TRAD, articles, scripts, to_traditional

from cleanpage.detectors import CommentThreadDetector
from cleanpage.detectors.patterns import is_paragraph
from cleanpage.document import Document

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


@pytest.mark.parametrize(
    "bylines",
    [
        ("lr9111[219.130.79.*] 认为：", "dawnrain[221.217.28.*] 认为："),
        ("網易浙江省杭州市網友 ip:115.236.*.*", "网易广东省深圳市手机网友 ip:113.116.*.*"),
    ],
    ids=["bracketed", "ip-label"],
)
def test_two_masked_addresses_are_a_thread(bylines: tuple[str, str]) -> None:
    """No article prints a reader's masked address: two of them make a thread, the
    lines between them too."""
    title, body = title_and_body("simplified")
    thread = [bylines[0], "修旧如旧这个原则好。", bylines[1], "排水改好了，今年夏天应该不会再积水。"]
    result = clean(page(title, *body, *thread))
    assert out_lines(result) == [title, *body, thread[-1]]
    assert {e.rule for e in result.findings} == {"comments.thread"}


def test_one_masked_address_is_no_thread() -> None:
    title, body = title_and_body("simplified")
    assert detect(CommentThreadDetector(), page(title, *body, ADDRESS_THREAD[0], ADDRESS_THREAD[1])) == []


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


# a comment section as old portal templates saved it: a header, comments too short to
# be paragraphs, the comment box, then links (none of them marked by anything else)
SECTION = {
    "simplified": [
        "热门评论",
        "修旧如旧这个原则好",
        "排水改好了应该不会再积水",
        "更多评论 共 2 条",
        "通行证： 密码：",
        "·点击注册商业部落",
        "---老街夜市本周开张",
        "---城南新开三条公交线",
        "请注意语言文明，理性发言",
    ],
    "traditional": [
        "熱門評論",
        "修舊如舊這個原則好",
        "排水改好了應該不會再積水",
        "更多評論 共 2 條",
        "通行證： 密碼：",
        "·點擊註冊商業部落",
        "---老街夜市本週開張",
        "---城南新開三條公交線",
        "請注意語言文明，理性發言",
    ],
}


def test_section_fixtures_are_really_in_both_scripts() -> None:
    assert_traditional("".join(SECTION["simplified"]), "".join(SECTION["traditional"]))


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_comment_section_header_after_the_article_opens_the_foot(script: str) -> None:
    """The header is a footer anchor: what follows it goes, as far as the article does
    not resume; the article before it stays whole."""
    title, body = title_and_body(script)
    result = clean(page(title, *body, *SECTION[script]))
    assert out_lines(result) == [title, *body]
    rule_of = {e.original.strip(): e.rule for e in result.findings}
    assert rule_of[SECTION[script][0]] == "comments.header"
    assert rule_of[SECTION[script][3]] == "comments.header"  # "更多评论" with its count
    assert rule_of[SECTION[script][4]] == "comments.form"  # labels, nothing filled in
    assert {e.kind for e in result.findings} == {"comments"}


@pytest.mark.parametrize(
    "header",
    [
        "网友评论",
        "最新评论 (12)",
        "热门跟贴>>",
        "精选留言：",
        "全部評論",
        "評論區",
        "■ 我来说两句",  # a section bullet before it
        "我來說兩句(0)",
        "更多评论 共 4 条评论",  # a count after it
        "更多評論 共12條",
    ],
)
def test_comment_section_headers_in_their_shapes(header: str) -> None:
    title, body = title_and_body("simplified")
    found = detect(CommentThreadDetector(), page(title, *body, header))
    assert [(e.rule, e.original.strip()) for e in found] == [("comments.header", header)]


@pytest.mark.parametrize("button", ["发表评论", "我要评论", "查看評論", "写留言"])
def test_a_comment_button_under_the_headline_goes_and_opens_nothing(button: str) -> None:
    """Buttons of the comment box also stand under a headline, before the article: they
    are dropped, but are no footer anchor. (A sentence under the headline counts as
    the article's start for the footer zone: were the button an anchor, the
    subheading after it would go.)"""
    title, body = title_and_body("simplified")
    result = clean(page(title, "城南老街改造完工！", button, "老街的新面貌", *body))
    assert out_lines(result) == [title, "城南老街改造完工！", "老街的新面貌", *body]
    assert "comments.button" in {e.rule for e in result.findings}


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("用户： 密码：", "comments.form"),  # a form's labels with nothing filled in
        ("用 户：匿名发出：", "comments.form"),
        ("網易通行證： 密碼：", "comments.form"),
        ("请各位遵纪守法并注意语言文明。", "comments.notice"),
        ("您發表的評論將在5分鐘內被審核，請耐心等待", "comments.notice"),
        ("文明上网，理性发言", "comments.notice"),
    ],
)
def test_the_comment_boxs_form_and_notices_go(line: str, rule: str) -> None:
    title, body = title_and_body("simplified")
    found = detect(CommentThreadDetector(), page(title, *body, line))
    assert [(e.rule, e.original.strip()) for e in found] == [(rule, line)]


@pytest.mark.parametrize(
    "line",
    [
        "时间：5月1日 地点：城南老街",  # a form filled in is the article's
        "市民代表在座谈会上呼吁，网络空间应当倡导文明发言、理性讨论，共同维护良好的舆论环境。",
    ],
)
def test_filled_forms_and_long_sentences_about_civility_stay(line: str) -> None:
    title, body = title_and_body("simplified")
    assert detect(CommentThreadDetector(), page(title, *body, line)) == []


@pytest.mark.parametrize(
    "line",
    [
        "评论",  # a share bar's counter label: too common to mean a section
        "19跟贴",
        "网友评论称，老街改造保留了城市记忆。",  # a sentence about comments
        "热门评论文章精选",
        "读者评论与编辑回复的规则",
    ],
)
def test_lines_that_only_mention_comments_stay(line: str) -> None:
    title, body = title_and_body("simplified")
    assert detect(CommentThreadDetector(), page(title, *body, line)) == []


@settings(max_examples=100, deadline=None)
@given(
    articles(min_blocks=2),
    scripts,
    st.sampled_from(["熱門評論", "网友评论", "最新跟贴", "精选留言", "■ 我来说两句", "更多评论 共 4 条评论"]),
)
def test_a_comment_section_after_any_article_goes_and_the_article_stays(
    article: str, script: int, header: str
) -> None:
    # (the header opens the foot after the article's first paragraph, as every footer
    # anchor does: an article of English quotes alone has none)
    assume(any(is_paragraph(line) for line in Document(article).nonblank()))
    section = [header, *SECTION["simplified"][1:]]
    if script == TRAD:
        article = to_traditional(article)
        section = [to_traditional(line) for line in section]
    lines = article.split("\n")
    assert out_lines(clean("\n".join([*lines, *section]))) == lines
