"""PromoDetector: short calls to action and the bare link they introduce."""

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

from cleanpage.detectors import PromoDetector

CALL = {
    "simplified": "长按识别二维码，关注更多城市资讯",
    "traditional": "長按識別二維碼，關注更多城市資訊",
}
INTRO = {"simplified": "试用请访问：", "traditional": "試用請訪問："}
ORIGINAL = {"simplified": "点击阅读原文", "traditional": "點擊閱讀原文"}
LINK = "https://www.example.com/trial"


def test_fixtures_are_really_in_both_scripts() -> None:
    for table in (CALL, INTRO, ORIGINAL):
        assert_traditional(table["simplified"], table["traditional"])


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("table", [CALL, ORIGINAL], ids=["qr-code", "read-original"])
def test_call_to_action_is_removed(script: str, table: dict[str, str]) -> None:
    title, body = title_and_body(script)
    result = clean(article_with([table[script]], script, where="after"))
    assert out_lines(result) == [title, *body]
    assert kinds(result) == {"promo"}
    assert rules(result) == {"promo.call-to-action"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_call_to_action_and_its_link_are_removed(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(article_with([INTRO[script], LINK], script, where="after"))
    assert out_lines(result) == [title, *body]
    assert rules(result) == {"promo.call-to-action", "promo.link"}


def test_colon_line_introducing_a_link_without_a_phrase() -> None:
    # works even when the phrase itself is unreadable (mojibake ate it)
    text = page("??更多:", "www.example.org/more")
    edits = detect(PromoDetector(), text)
    assert [e.rule for e in edits] == ["promo.call-to-action", "promo.link"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_short_intro_line_before_body_is_kept(script: str) -> None:
    intro = {"simplified": "以下为专访正文：", "traditional": "以下為專訪正文："}[script]
    title, body = title_and_body(script)
    result = clean(page(title, intro, *body))
    assert out_lines(result) == [title, intro, *body]
    assert result.findings == []


@pytest.mark.parametrize(
    "line",
    [
        "项目主页为 https://www.example.com/trial，代码已全部开源。",
        "他多次提到阅读原文献的重要性。他还列举了自己求学时的经历。",
        "He urged readers to follow the official account for updates; the event starts at noon.",
    ],
)
def test_prose_is_kept(line: str) -> None:
    assert detect(PromoDetector(), line) == []


def test_bare_link_without_call_to_action_is_kept() -> None:
    title, body = title_and_body("simplified")
    result = clean(page(title, body[0], LINK, body[1]))
    assert LINK in out_lines(result)


@pytest.mark.parametrize(
    "line",
    [
        "记者点击链接后发现，该网站要求用户输入银行卡密码。",
        "記者點擊鏈接後發現，該網站要求用戶輸入銀行卡密碼。",
    ],
)
def test_news_sentence_with_action_phrase_is_kept(line: str) -> None:
    assert detect(PromoDetector(), line) == []


@pytest.mark.parametrize(
    "line",
    [
        "发送GP到6666 随时随地查行情",
        "财富小窍门，订阅家庭理财！发送GP到6666",
        "編輯短信TQ發送至10668888，天氣預報天天看",
    ],
)
def test_text_message_subscriptions_go(line: str) -> None:
    assert [e.rule for e in detect(PromoDetector(), line)] == ["promo.call-to-action"]


def test_a_sentence_telling_how_to_subscribe_is_kept() -> None:
    assert detect(PromoDetector(), "用户发送TD到10086即可退订该业务。") == []


def test_detector_identity() -> None:
    assert PromoDetector.name == "promo"
    assert PromoDetector.stage == "line"


def test_max_length_threshold() -> None:
    line = CALL["simplified"]
    assert detect(PromoDetector(), line)
    assert detect(PromoDetector(max_length=len(line) - 1), line) == []
