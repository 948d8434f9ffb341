"""SpamDetector: injected keyword lines, keyword prefixes/suffixes on titles, spliced ads."""

from __future__ import annotations

import pytest
from helpers import (
    BODY_S,
    SCRIPTS,
    TITLE_S,
    TITLE_T,
    article_with,
    assert_edits_consistent,
    assert_traditional,
    clean,
    detect,
    kinds,
    out_lines,
    page,
    rules,
    title_and_body,
)

from cleanpage.detectors import SpamDetector
from cleanpage.document import Document

GAMBLING = {
    "simplified": "新葡京娱乐城|百家乐开户送彩金|北京赛车pk10|时时彩平台",
    "traditional": "新葡京娛樂城|百家樂開戶送彩金|北京賽車pk10|時時彩平臺",
}
ADULT = {
    "simplified": "午夜福利视频合集|自拍偷拍专区|一级毛片免费看|成人影院入口",
    "traditional": "午夜福利視頻合集|自拍偷拍專區|一級毛片免費看|成人影院入口",
}
PREFIX = {
    "simplified": "午夜福利视频|自拍偷拍专区|一级毛片|",
    "traditional": "午夜福利視頻|自拍偷拍專區|一級毛片|",
}
CRACKDOWN = {
    "simplified": (
        "本市昨日发布通告称，警方已关闭一批网上赌场和赌博网站，并提醒市民远离网络赌博，谨防上当受骗。"
    ),
    "traditional": (
        "本市昨日發布通告稱，警方已關閉一批網上賭場和賭博網站，並提醒市民遠離網絡賭博，謹防上當受騙。"
    ),
}
BRACKET = {
    "simplified": (
        "该公司去年营收增长明显",
        "（澳门新葡京娱乐场官网）",
        "，管理层表示将继续扩大海外业务布局。",
    ),
    "traditional": (
        "該公司去年營收增長明顯",
        "（澳門新葡京娛樂場官網）",
        "，管理層表示將繼續擴大海外業務佈局。",
    ),
}
RUN = {
    "simplified": ("该公司去年营收增长明显 ", "百家乐 时时彩 ", "管理层表示将继续扩大海外业务布局。"),
    "traditional": ("該公司去年營收增長明顯 ", "百家樂 時時彩 ", "管理層表示將繼續擴大海外業務佈局。"),
}


def test_fixtures_are_really_in_both_scripts() -> None:
    for table in (GAMBLING, ADULT, PREFIX, CRACKDOWN):
        assert_traditional(table["simplified"], table["traditional"])
    assert_traditional("".join(BRACKET["simplified"]), "".join(BRACKET["traditional"]))


# --- whole keyword lines -----------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("table", [GAMBLING, ADULT], ids=["gambling", "adult"])
def test_keyword_line_is_removed_and_body_kept(script: str, table: dict[str, str]) -> None:
    title, body = title_and_body(script)
    result = clean(article_with([table[script]], script))
    assert out_lines(result) == [title, *body]
    assert kinds(result) == {"seo-spam"}
    assert rules(result) == {"spam.keyword-line"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_keyword_line_at_top_of_page(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(page(GAMBLING[script], title, *body))
    assert result.title == title
    assert GAMBLING[script] not in result.text


def test_full_width_and_upper_case_keywords_are_folded() -> None:
    line = "國產ＡＶ專區|日韓無碼高清|一級毛片免費看|成人影院入口"
    edits = detect(SpamDetector(), line)
    assert [e.rule for e in edits] == ["spam.keyword-line"]
    assert edits[0].original == line


# --- keywords glued to a title -------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_keyword_prefix_is_cut_from_title(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(page(PREFIX[script] + title, *body))
    assert result.title == title
    assert rules(result) == {"spam.title-prefix"}
    assert out_lines(result)[1:] == list(body)


@pytest.mark.parametrize("script", SCRIPTS)
def test_keyword_suffix_is_cut_from_title(script: str) -> None:
    title, body = title_and_body(script)
    suffix = "|" + PREFIX[script].rstrip("|")
    result = clean(page(title + suffix, *body))
    assert result.title == title
    assert rules(result) == {"spam.title-suffix"}


def test_single_keyword_before_title_is_not_enough() -> None:
    # one spam segment before a real title is too weak a signal to cut anything
    line = "午夜福利视频|" + TITLE_S
    assert detect(SpamDetector(), line) == []


# --- spliced into body sentences -------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_bracketed_ad_in_sentence_is_removed_rest_kept(script: str) -> None:
    before, ad, after = BRACKET[script]
    title, body = title_and_body(script)
    result = clean(page(title, before + ad + after, *body))
    assert out_lines(result) == [title, before + after, *body]
    spliced = [e for e in result.findings if e.kind == "seo-spam"]
    assert [(e.rule, e.original) for e in spliced] == [("spam.spliced-bracket", ad)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_run_of_strong_terms_in_sentence_is_removed_rest_kept(script: str) -> None:
    before, run, after = RUN[script]
    title, body = title_and_body(script)
    result = clean(page(title, before + run + after, *body))
    assert out_lines(result)[1] == before + after
    assert [e.rule for e in result.findings] == ["spam.spliced-run"]


def test_bracket_with_ordinary_words_is_kept() -> None:
    line = "该公司去年营收增长明显（据公司年报），管理层表示将继续扩大海外业务布局。"
    assert detect(SpamDetector(), line) == []


# --- script of the line against the page ------------------------------------------------------

# two spam segments out of five: below the share needed on a same-script page, above the
# share needed when the line's script differs from the page's
MIXED = {
    "simplified": "国产av专区|今日新闻速递|日韩无码|最新国际时事|体育赛事集锦",
    "traditional": "國產av專區|今日新聞速遞|日韓無碼|最新國際時事|體育賽事集錦",
}
# pages dense in one script's own characters, so the page script is unambiguous
DENSE = {
    "simplified": (
        "餐饮门店数量创新高",
        "据统计，过去一年当地新增餐饮门店数量创下历史纪录，从业人员总数随之显著增长。",
        "业者应当转变经营观念，借助数据分析优化库存与物流，进一步压缩运营成本。",
        "专家认为，随着消费习惯转变，传统零售业态将会经历一轮深刻调整。",
        "这种转变对于中小商户来说既是挑战也是机会，关键在于能否适应新的环境。",
    ),
    "traditional": (
        "餐飲門店數量創新高",
        "據統計，過去一年當地新增餐飲門店數量創下歷史紀錄，從業人員總數隨之顯著增長。",
        "業者應當轉變經營觀念，藉助數據分析優化庫存與物流，進一步壓縮運營成本。",
        "專家認為，隨著消費習慣轉變，傳統零售業態將會經歷一輪深刻調整。",
        "這種轉變對於中小商戶來說既是挑戰也是機會，關鍵在於能否適應新的環境。",
    ),
}


def dense_page(page_script: str, line: str) -> str:
    title, p1, p2, p3, p4 = DENSE[page_script]
    return page(title, p1, p2, line, p3, p4)


@pytest.mark.parametrize(
    ("page_script", "line_script"), [("traditional", "simplified"), ("simplified", "traditional")]
)
def test_spam_line_in_other_script_needs_fewer_keywords(page_script: str, line_script: str) -> None:
    result = clean(dense_page(page_script, MIXED[line_script]))
    assert MIXED[line_script] not in result.text
    assert rules(result) == {"spam.keyword-line"}
    assert out_lines(result) == list(DENSE[page_script])


@pytest.mark.parametrize("script", SCRIPTS)
def test_same_line_on_same_script_page_is_kept(script: str) -> None:
    result = clean(dense_page(script, MIXED[script]))
    assert MIXED[script] in out_lines(result)
    assert "seo-spam" not in kinds(result)


# --- look-alike content that must stay ----------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_news_about_gambling_crackdown_is_kept(script: str) -> None:
    text = article_with([CRACKDOWN[script]], script)
    result = clean(text)
    assert CRACKDOWN[script] in out_lines(result)
    assert result.findings == []


@pytest.mark.parametrize(
    "line",
    [
        "记者在调查中发现，部分百家乐游戏通过短视频平台引流，监管部门表示将持续打击。",
        "記者在調查中發現，部分百家樂遊戲通過短視頻平臺引流，監管部門表示將持續打擊。",
        "A股三大指数今日集体收涨，C端消费回暖带动零售板块走强，成交额连续第五日突破万亿元。",
        "A股三大指數今日集體收漲，C端消費回暖帶動零售板塊走強，成交額連續第五日突破萬億元。",
        "The Avatar sequel broke box office records, while lawmakers debated new online porn filters.",
        "Regulators said the casino licence would be reviewed, and no xxx-rated content was found.",
    ],
)
def test_prose_with_a_keyword_is_kept(line: str) -> None:
    assert detect(SpamDetector(), line) == []
    assert line in out_lines(clean(article_with([line])))


def test_list_of_weak_words_alone_is_not_spam() -> None:
    # weak words (视频, 免费 …) are everyday vocabulary; one per segment never decides
    assert detect(SpamDetector(), "视频|图片|直播|免费课程") == []


@pytest.mark.parametrize(
    "line",
    [
        "警方查处的违法平台以百家乐为主，另有少量时时彩，涉案金额巨大。",
        "警方查處的違法平台以百家樂為主，另有少量時時彩，涉案金額巨大。",
    ],
)
def test_crackdown_sentence_naming_two_games_is_kept(line: str) -> None:
    result = clean(article_with([line]))
    assert line in out_lines(result)


# --- the detector object ----------------------------------------------------------------------


def test_detector_identity() -> None:
    assert SpamDetector.name == "spam"
    assert SpamDetector.stage == "line"


def test_keyword_line_edit_covers_the_line() -> None:
    text = page(TITLE_S, GAMBLING["simplified"], BODY_S[0])
    doc = Document(text)
    edits = SpamDetector().detect(doc, [])
    assert len(edits) == 1
    (edit,) = edits
    assert edit.original == GAMBLING["simplified"]
    assert edit.kind == "seo-spam" and edit.replacement == ""
    assert 0.6 <= edit.confidence <= 0.99
    assert_edits_consistent(doc, edits)


def test_min_segments_threshold() -> None:
    line = "新葡京娱乐城|百家乐开户送彩金|时时彩平台"  # three segments, all spam
    assert [e.rule for e in detect(SpamDetector(), line)] == ["spam.keyword-line"]
    assert detect(SpamDetector(min_segments=4), line) == []


def test_max_segment_length_threshold() -> None:
    line = GAMBLING["simplified"]
    assert detect(SpamDetector(), line)
    # every segment is longer than 4 characters: none can be a spam segment
    assert detect(SpamDetector(max_segment_length=4), line) == []


def test_min_spam_share_threshold() -> None:
    line = "百家乐游戏|今日天气晴朗|时时彩走势|本地交通资讯"  # 2 of 4 segments
    assert detect(SpamDetector(), line)
    assert detect(SpamDetector(min_spam_share=0.6), line) == []


def test_traditional_title_prefix_direct() -> None:
    line = PREFIX["traditional"] + TITLE_T
    doc = Document(line)
    edits = SpamDetector().detect(doc, [])
    assert [(e.rule, e.original) for e in edits] == [("spam.title-prefix", PREFIX["traditional"])]
    assert_edits_consistent(doc, edits)
