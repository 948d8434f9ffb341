"""DisclaimerDetector: platform statements, by prefix or by a telltale phrase."""

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

from cleanpage.detectors import DisclaimerDetector

STATEMENT = {
    "simplified": "特别声明：本页内容由入驻用户自行发布，本站仅提供信息存储服务。",
    "traditional": "特別聲明：本頁內容由入駐用戶自行發佈，本站僅提供信息存儲服務。",
}
BRACKETED = {
    "simplified": "【免责声明】文中观点仅供参考，不构成任何投资建议。",
    "traditional": "【免責聲明】文中觀點僅供參考，不構成任何投資建議。",
}
PHRASE = {
    "simplified": "本文图片来自网络，版权归原作者所有，如有侵权请联系删除。",
    "traditional": "本文圖片來自網絡，版權歸原作者所有，如有侵權請聯繫刪除。",
}
ENGLISH = (
    "Notice: The content above is uploaded and posted by a user of this platform, "
    "which only provides information storage services."
)


def test_fixtures_are_really_in_both_scripts() -> None:
    for table in (STATEMENT, BRACKETED, PHRASE):
        assert_traditional(table["simplified"], table["traditional"])


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("table", "rule"),
    [(STATEMENT, "disclaimer.prefix"), (BRACKETED, "disclaimer.prefix"), (PHRASE, "disclaimer.phrase")],
    ids=["statement", "bracketed", "phrase"],
)
def test_statement_after_article_is_removed(script: str, table: dict[str, str], rule: str) -> None:
    title, body = title_and_body(script)
    result = clean(article_with([table[script]], script, where="after"))
    assert out_lines(result) == [title, *body]
    assert kinds(result) == {"disclaimer"}
    assert rules(result) == {rule}


def test_english_notice_is_removed() -> None:
    title, body = title_and_body("simplified")
    result = clean(article_with([ENGLISH], where="after"))
    assert out_lines(result) == [title, *body]
    assert rules(result) == {"disclaimer.prefix"}


@pytest.mark.parametrize(
    "line",
    [
        "该公司在声明中表示，将对相关产品进行召回，并向受影响的消费者致歉。",
        "該公司在聲明中表示，將對相關產品進行召回，並向受影響的消費者致歉。",
        "外交部发言人在声明中称，中方希望各方保持克制，通过对话解决分歧。",
        "律师指出，转载他人作品前应取得许可，否则可能要承担侵权责任。",
        "The company said in a statement that it does not comment on rumours.",
    ],
)
def test_prose_about_statements_is_kept(line: str) -> None:
    assert detect(DisclaimerDetector(), line) == []
    assert line in out_lines(clean(article_with([line])))


@pytest.mark.parametrize(
    "line",
    [
        "法院审理认为，被告对此不承担任何法律责任，驳回原告全部诉讼请求。",
        "法院審理認為，被告對此不承擔任何法律責任，駁回原告全部訴訟請求。",
    ],
)
def test_court_report_is_kept(line: str) -> None:
    assert detect(DisclaimerDetector(), line) == []


def test_detector_identity() -> None:
    assert DisclaimerDetector.name == "disclaimer"
    assert DisclaimerDetector.stage == "line"


def test_max_length_threshold() -> None:
    line = STATEMENT["simplified"]
    assert [e.rule for e in detect(DisclaimerDetector(), line)] == ["disclaimer.prefix"]
    assert detect(DisclaimerDetector(max_length=len(line) - 1), line) == []


def test_leading_symbols_before_prefix() -> None:
    line = "※ 免責聲明：本文不構成任何建議。"
    assert [e.rule for e in detect(DisclaimerDetector(), line)] == ["disclaimer.prefix"]


@pytest.mark.parametrize(
    "line",
    [
        "① 凡本网注明“来源：城南网”的所有作品，版权均属于城南网，未经授权不得使用。",
        "②凡本網註明「來源：城南網」的作品，均轉載自其他媒體。",
        "1、本站所有文章均来自网络，仅供参考。",
        "（2）免责声明：本文不构成任何投资建议。",
    ],
)
def test_numbered_statements_are_removed(line: str) -> None:
    """Statements at a page's foot are often numbered: the number is no first word."""
    assert [e.rule for e in detect(DisclaimerDetector(), line)] == ["disclaimer.prefix"]


def test_numbered_paragraphs_of_an_article_are_kept() -> None:
    title, body = title_and_body("simplified")
    numbered = ["① 街道先修缮了沿街门面，再补齐排水设施。", "2、居民代表全程参与了改造方案的讨论。"]
    result = clean("\n".join([title, *body, *numbered]))
    assert out_lines(result) == [title, *body, *numbered]
