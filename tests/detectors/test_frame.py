"""PageFrameDetector: a whole page's furniture before its headline and after its text.

The fixtures are written for these tests: a portal's menu, a ``<title>`` line, share
labels and comment bylines around an article, in both scripts.
"""

from __future__ import annotations

import pytest
from helpers import SCRIPTS, assert_traditional, clean, detect, out_lines, page, title_and_body
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import TRAD, acceptable_article, blocks, prose_paragraphs, scripts, titles, to_traditional

import cleanpage
from cleanpage.detectors import PageFrameDetector
from cleanpage.document import Document
from cleanpage.script import han_count

# a portal's service menu: no channel names, which the navigation detector knows
_MENU_S = [
    "城南网首页",
    "应用",
    "城南严选",
    "邮箱大师",
    "云课堂",
    "快速导航",
    "音乐",
    "稿事编辑部",
    "IT",
]
_MENU_T = [
    "城南網首頁",
    "應用",
    "城南嚴選",
    "郵箱大師",
    "雲課堂",
    "快速導航",
    "音樂",
    "稿事編輯部",
    "IT",
]
MENU = {"simplified": _MENU_S, "traditional": _MENU_T}
SITE = {"simplified": "城南新闻网", "traditional": "城南新聞網"}
DATELINE = {
    "simplified": "2024-03-05 10:21:33 来源：城南日报",
    "traditional": "2024-03-05 10:21:33 來源：城南日報",
}
TAIL = {
    "simplified": ["分享到朋友圈", "收藏", "热门跟帖", "网友小林", "回复", "查看全部评论", "Qzone"],
    "traditional": ["分享到朋友圈", "收藏", "熱門跟帖", "網友小林", "回覆", "查看全部評論", "Qzone"],
}


def scraped(script: str, *, title_line: bool = True) -> tuple[str, str, tuple[str, ...]]:
    """A page as a scraper that keeps all visible text saves it: the <title> line, the
    menu, the headline and its dateline, the article, then share labels and comments."""
    title, body = title_and_body(script)
    head = [f"{title}_{SITE[script]}"] if title_line else []
    return page(*head, *MENU[script], title, DATELINE[script], *body, *TAIL[script]), title, body


def test_fixtures_are_really_in_both_scripts() -> None:
    for table in (MENU, TAIL):
        assert_traditional("".join(table["simplified"]), "".join(table["traditional"]))
    assert_traditional(SITE["simplified"], SITE["traditional"])


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_scraped_page_cleans_to_its_article(script: str) -> None:
    text, title, body = scraped(script)
    result = clean(text)
    assert out_lines(result) == [title, *body]
    frame = {e.rule for e in result.edits if e.kind == "outside-content"}
    assert frame == {"frame.page-title", "frame.before-title", "frame.after-body"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_without_a_title_line_the_menu_stays_and_the_tail_goes(script: str) -> None:
    """No <title> line: nothing says which line is the headline, so nothing before the
    article is dropped for its shape (the tail still is)."""
    text, title, body = scraped(script, title_line=False)
    lines = out_lines(clean(text))
    assert lines[-len(body) :] == list(body)
    assert title in lines
    assert not set(TAIL[script]) & set(lines)
    assert {"邮箱大师", "郵箱大師"} & set(lines)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_short_tail_is_left(script: str) -> None:
    """Fewer than ``min_run`` furniture lines after the article: maybe its own."""
    title, body = title_and_body(script)
    text = page(title, *body, *TAIL[script][:2])
    assert detect(PageFrameDetector(), text) == []


def test_a_sentence_broken_over_lines_at_the_end_stays() -> None:
    """WeChat articles break a sentence over lines; a part with no mark of its own,
    between parts that have one, is text."""
    title, body = title_and_body("simplified")
    ending = [
        "施工会给出行带来不便，",
        "但短暂的维修换来的是",
        "日后的更安全、更畅通。",
        "请大家互相转告，",
        "愿大家都能",
        "平安出行。",
    ]
    text = page(title, *body, *ending, *TAIL["simplified"])
    assert out_lines(clean(text)) == [title, *body, *ending]


def test_a_notice_keeps_its_closing_lines() -> None:
    """A notice ends with its attachment, its issuer and its date: no sentence marks,
    but the date closes the article."""
    title, body = title_and_body("simplified")
    closing = ["附件：改造工程进度安排表", "城南街道办事处", "2024年3月7日"]
    text = page(title, *body, *closing, *TAIL["simplified"])
    assert out_lines(clean(text)) == [title, *body, *closing]


def test_verse_after_the_text_stays_without_evidence_of_a_page_foot() -> None:
    """Lines of verse have no marks either; a tail goes only when another detector has
    recognised page furniture in it (a share bar, a copyright line, 返回顶部)."""
    title, body = title_and_body("simplified")
    verse = ["老街的青石板", "记得每一场雨", "木门吱呀一声", "推开的是旧时光", "我们在这里长大"]
    assert out_lines(clean(page(title, *body, *verse))) == [title, *body, *verse]


def test_flattened_punctuation_still_ends_a_sentence() -> None:
    """A mirror flattens ！ to ! before a closing quote: the line is still a sentence.
    Found by hypothesis (the punctuation property of test_properties)."""
    title, body = title_and_body("simplified")
    quote = "负责人表示:“老街改造让居民满意!”"
    text = page(title, *body, quote, *TAIL["simplified"])
    assert out_lines(clean(text)) == [title, *body, quote]


def test_list_items_and_lines_without_hanzi_are_not_furniture() -> None:
    title, body = title_and_body("simplified")
    items = ["1. 修缮门面", "2. 补齐排水", "3. 增设消防"]
    code = ["for x in items:", "    print(x)", "}"]
    for tail in (items, code):
        assert detect(PageFrameDetector(), page(title, *body, *tail)) == []


def test_nothing_is_dropped_from_a_page_with_fewer_than_two_paragraphs() -> None:
    title, body = title_and_body("simplified")
    text = page(f"{title}_{SITE['simplified']}", *MENU["simplified"], title, body[0], *TAIL["simplified"])
    assert detect(PageFrameDetector(), text) == []


def test_extracted_html_text_is_left_alone() -> None:
    """An HTML page's extraction already chose the article's blocks."""
    text, _, _ = scraped("simplified")
    assert PageFrameDetector().detect(Document(text, extracted=True), []) == []
    assert PageFrameDetector().detect(Document(text), []) != []


def test_a_headline_repeated_exactly_is_a_title_line_too() -> None:
    title, body = title_and_body("simplified")
    text = page(title, *MENU["simplified"], title, *body)
    result = clean(text)
    assert out_lines(result) == [title, *body]
    assert "frame.page-title" in {e.rule for e in result.edits}


def test_edits_name_the_lines_they_drop() -> None:
    text, _, _ = scraped("simplified")
    doc = Document(text)
    for e in PageFrameDetector().detect(doc, []):
        assert e.original == text[e.start : e.end]
        assert e.kind == "outside-content" and e.replacement == ""
        assert 0 < e.confidence < 1


def test_detector_identity() -> None:
    d = PageFrameDetector()
    assert (d.name, d.stage) == ("page-frame", "zone")
    assert d.name in {x.name for x in cleanpage.Cleaner().detectors}


# --- properties -------------------------------------------------------------------

MENU_WORDS = (
    "首页",
    "新闻",
    "国内",
    "国际",
    "体育",
    "娱乐",
    "财经",
    "股票",
    "科技",
    "手机",
    "汽车",
    "房产",
    "旅游",
    "教育",
    "健康",
    "公开课",
    "邮箱",
    "登录",
    "注册",
    "客户端",
    "网站导航",
    "IT",
    "TED",
)
TAIL_WORDS = (
    "分享到微信",
    "分享到微博",
    "收藏",
    "举报",
    "热门跟帖",
    "最新评论",
    "查看全部评论",
    "回复",
    "网友小林",
    "网友阿强",
    "写评论",
    "打开客户端",
    "Qzone",
    "12",
)
SITES = ("城南新闻网", "河畔资讯", "示例日报网", "East River News")


@st.composite
def long_paragraphs(draw: st.DrawFn, script: int) -> str:
    """Two or three generated sentences as one paragraph, closed by a full stop."""
    text = "".join(draw(st.lists(prose_paragraphs(script), min_size=2, max_size=3)))
    text = text[:-1] + "。"
    assume(han_count(text) >= 15)
    return text


@st.composite
def scraped_pages(draw: st.DrawFn) -> tuple[str, list[str]]:
    """(page, article lines): a generated article with two or more paragraphs, in a
    page scrape: a <title> line, a menu, the headline, the article, a furniture tail."""
    script = draw(scripts)

    def conv(text: str) -> str:
        return to_traditional(text) if script == TRAD else text

    title = draw(titles(script))
    # two paragraphs at least that the detector reads as such (a full stop, 15 hanzi)
    paragraphs = [draw(long_paragraphs(script)), draw(long_paragraphs(script))]
    article = [title, *paragraphs]
    for block in draw(st.lists(blocks(script), max_size=3)):
        article.extend(block)
    article.append(draw(prose_paragraphs(script)))
    assume(acceptable_article(article))
    menu = [
        conv(w) for w in draw(st.lists(st.sampled_from(MENU_WORDS), min_size=3, max_size=12, unique=True))
    ]
    tail = [
        conv(w) for w in draw(st.lists(st.sampled_from(TAIL_WORDS), min_size=5, max_size=10, unique=True))
    ]
    # a page's foot always has a line some detector knows (here 返回顶部, site-nav):
    # the frame drops a tail only with that evidence
    tail.insert(draw(st.integers(0, len(tail))), conv("返回顶部"))
    separator = draw(st.sampled_from(("_", " - ", "|", "——")))
    head = f"{title}{separator}{conv(draw(st.sampled_from(SITES)))}"
    return "\n".join([head, *menu, *article, *tail]), article


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scraped_pages())
def test_a_generated_page_scrape_cleans_to_the_article(case: tuple[str, list[str]]) -> None:
    text, article = case
    result = cleanpage.clean(text)
    assert out_lines(result) == article
    again = cleanpage.clean(result.text)
    assert again.text == result.text


@settings(max_examples=150, deadline=None)
@given(scraped_pages())
def test_the_frame_never_costs_an_article_line(case: tuple[str, list[str]]) -> None:
    """With the <title> line gone, the menu may stay, but the article is whole."""
    text, article = case
    out = out_lines(cleanpage.clean(text.split("\n", 1)[1]))
    start = out.index(article[0])
    assert out[start : start + len(article)] == article
