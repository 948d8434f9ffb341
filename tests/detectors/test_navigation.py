"""NavigationDetector: channel menus, section clusters, furniture and copyright lines."""

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
    removed_lines,
    rules,
    title_and_body,
)

from cleanpage.detectors import NavigationDetector
from cleanpage.document import Document

MENU = {"simplified": "首页 新闻 体育 娱乐 财经 科技", "traditional": "首頁 新聞 體育 娛樂 財經 科技"}
TOP = {"simplified": "返回顶部", "traditional": "返回頂部"}
COPYRIGHT = {
    "simplified": "版权所有 © 城南网络科技有限公司",
    "traditional": "版權所有 © 城南網絡科技有限公司",
}
SECTIONS = {
    "simplified": [
        "科技要闻",
        "新款折叠屏手机今日发布",
        "体育要闻",
        "国足客场战平对手",
        "财经要闻",
        "央行宣布下调存款准备金率",
    ],
    "traditional": [
        "科技要聞",
        "新款摺疊屏手機今日發佈",
        "體育要聞",
        "國足客場戰平對手",
        "財經要聞",
        "央行宣佈下調存款準備金率",
    ],
}


def test_fixtures_are_really_in_both_scripts() -> None:
    for table in (MENU, TOP, COPYRIGHT):
        assert_traditional(table["simplified"], table["traditional"])
    assert_traditional("".join(SECTIONS["simplified"]), "".join(SECTIONS["traditional"]))


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("table", "rule"),
    [(MENU, "nav.menu"), (TOP, "nav.furniture"), (COPYRIGHT, "nav.copyright")],
    ids=["menu", "furniture", "copyright"],
)
def test_navigation_line_is_removed(script: str, table: dict[str, str], rule: str) -> None:
    title, body = title_and_body(script)
    result = clean(article_with([table[script]], script, where="after"))
    assert out_lines(result) == [title, *body]
    assert kinds(result) == {"site-nav"}
    assert rules(result) == {rule}


@pytest.mark.parametrize(
    "line",
    [
        "Copyright © 2024 Example Media. All Rights Reserved",
        "京ICP备12345678号-1",
        "京公网安备 11010502000001号",
        "*经营许可证编号：京ICP00000008号",  # the old form, without 证 or 备
        "網絡文化經營許可證 粵網文[2019]0001-001號",
        # the regulations a comment box links to
        "*《互联网电子公告服务管理规定》",
        "《全國人大常委會關於維護互聯網安全的規定》",
    ],
)
def test_licence_lines(line: str) -> None:
    assert [e.rule for e in detect(NavigationDetector(), line)] == ["nav.copyright"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_section_cluster_with_headlines_is_removed(script: str) -> None:
    title, body = title_and_body(script)
    text = page(title, *body, *SECTIONS[script])
    doc = Document(text)
    edits = NavigationDetector().detect(doc, [])
    assert removed_lines(doc, edits) == SECTIONS[script]
    assert {e.rule for e in edits} == {"nav.sections"}
    assert out_lines(clean(text)) == [title, *body]


# an old portal's list of its channels' headlines, each channel's first one labelled
CHANNEL_HEADLINES = {
    "simplified": [
        "理财：年轻人如何开始第一笔定投",
        "公积金贷款利率怎样计算",
        "股票：三大指数集体高开",
        "券商板块午后走强",
        "评论：老街改造不能只看门面",
    ],
    "traditional": [
        "理財：年輕人如何開始第一筆定投",
        "公積金貸款利率怎樣計算",
        "股票：三大指數集體高開",
        "券商板塊午後走強",
        "評論：老街改造不能只看門面",
    ],
}


def test_channel_headline_fixtures_are_really_in_both_scripts() -> None:
    assert_traditional("".join(CHANNEL_HEADLINES["simplified"]), "".join(CHANNEL_HEADLINES["traditional"]))


@pytest.mark.parametrize("script", SCRIPTS)
def test_channel_labelled_headlines_before_the_article_go(script: str) -> None:
    """``理财：…`` labels a channel's headline; three within a few lines of each other
    are a list of the site's channels, with the headlines between them."""
    title, body = title_and_body(script)
    result = clean(page(title, *CHANNEL_HEADLINES[script], *body))
    assert out_lines(result) == [title, *body]
    assert rules(result) == {"nav.sections"}


def test_one_channel_labelled_line_is_kept() -> None:
    title, body = title_and_body("simplified")
    line = "评论：老街改造不能只看门面"
    assert out_lines(clean(page(title, line, *body))) == [title, line, *body]


def test_labelled_sentences_are_no_channel_list() -> None:
    """An interview's or a roundup's labelled lines that end in a full stop are its own."""
    title, body = title_and_body("simplified")
    lines = ["评论：改造保留了老街的风貌。", "财经：沿街商铺的租金上涨了一成。", "旅游：游客比去年多了一倍。"]
    assert detect(NavigationDetector(), page(title, *lines, *body)) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_single_channel_word_in_body_is_kept(script: str) -> None:
    word = {"simplified": "手机", "traditional": "手機"}[script]
    title, body = title_and_body(script)
    result = clean(page(title, body[0], word, body[1], body[2]))
    assert out_lines(result) == [title, body[0], word, body[1], body[2]]
    assert result.findings == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_cluster_is_found_across_lines_already_dropped(script: str) -> None:
    """Labels that only timestamps keep apart form a cluster: once the timestamps are
    gone (publish-meta drops them), a second cleaning would see one. Found by
    hypothesis as a cleaning that was not a fixed point."""
    label = {"simplified": "央视新闻", "traditional": "央視新聞"}[script]
    stamp = "2015-01-01 00:00:00"
    text = "\n".join([label, stamp, stamp, stamp, label, label])
    once = clean(text)
    assert once.text == clean(once.text).text == ""
    assert {e.rule for e in once.edits} == {"publish-meta.line", "nav.sections"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_bare_menu_takes_no_headline_after_it(script: str) -> None:
    """Section labels take the headlines under them; a menu of labels alone has none,
    and the line after it, often the page's own headline, stays. Found by hypothesis
    on a page scrape whose channel menu stood right above the title."""
    title, body = title_and_body(script)
    menu = MENU[script].split()
    result = clean(page(*menu, title, *body))
    assert out_lines(result) == [title, *body]
    assert {e.rule for e in result.findings} == {"nav.sections"}


def test_two_labels_are_not_a_cluster() -> None:
    title, body = title_and_body("simplified")
    text = page(title, body[0], "手机", body[1], "汽车", body[2])
    assert detect(NavigationDetector(), text) == []


@pytest.mark.parametrize(
    "line",
    [
        "科技改变生活，体育强健体魄，娱乐丰富人生。",
        "首页设计得很简洁",
        "本站所有图片均由摄影师授权使用，转载前请与编辑部联系。",
        (
            "该公司表示，由于版权所有权归属存在争议，双方已同意暂停合作，等待法院作出最终判决，此前已发行的产品"
            "不受影响，消费者可以继续正常使用，相关售后服务也将照常提供，公司将在后续公告中披露进展，敬请广大用户留意。"
        ),
    ],
)
def test_look_alikes_are_kept(line: str) -> None:
    assert detect(NavigationDetector(), line) == []


def test_a_sentence_about_the_regulations_is_kept() -> None:
    line = "《互联网电子公告服务管理规定》第九条规定，任何人不得在电子公告服务系统中发布违法信息。"
    assert detect(NavigationDetector(), line) == []


@pytest.mark.parametrize(
    "line", ["-- 给编辑写信", "· 关闭窗口", "■ 打印本頁", "» 我要糾錯", "返回首页", "忘記密碼？"]
)
def test_furniture_after_list_markers(line: str) -> None:
    """A furniture link is read without the bullets and dashes portals put before it."""
    assert [e.rule for e in detect(NavigationDetector(), line)] == ["nav.furniture"]


PAGERS = ["[1][2][3][4][5][6]", "【1】【2】【3】【4】", "上一页 1 2 3 下一页"]
PAGERS += ["首頁 上一頁 [1] [2] 下一頁 尾頁"]


@pytest.mark.parametrize("line", PAGERS)
def test_pagers(line: str) -> None:
    assert [e.rule for e in detect(NavigationDetector(), line)] == ["nav.pager"]


@pytest.mark.parametrize("line", ["1 2 3", "[1]", "2019 2020 2021", "下一页将介绍具体做法。"])
def test_pager_look_alikes_are_kept(line: str) -> None:
    assert detect(NavigationDetector(), line) == []


def test_sentence_about_copyright_holder_is_kept() -> None:
    line = "该作品版权所有人于2020年将其捐赠给国家博物馆，此举引发了收藏界的广泛关注和热烈讨论。"
    assert detect(NavigationDetector(), line) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_channel_words_as_subheadings_keep_paragraphs(script: str) -> None:
    lines = {
        "simplified": [
            "政府工作报告要点",
            "报告回顾了过去一年的工作，并对今年的重点任务作出部署，以下按领域摘要。",
            "教育",
            "今年将继续推进义务教育优质均衡发展，扩大普惠性学前教育资源，提高农村学校办学条件。",
            "健康",
            "深化医药卫生体制改革，推动优质医疗资源扩容下沉，提高基本公共卫生服务经费补助标准。",
            "文化",
            "繁荣发展文化事业和文化产业，加强文物保护利用，推进全民阅读和公共文化服务体系建设。",
        ],
        "traditional": [
            "政府工作報告要點",
            "報告回顧了過去一年的工作，並對今年的重點任務作出部署，以下按領域摘要。",
            "教育",
            "今年將繼續推進義務教育優質均衡發展，擴大普惠性學前教育資源，提高農村學校辦學條件。",
            "健康",
            "深化醫藥衛生體制改革，推動優質醫療資源擴容下沉，提高基本公共衛生服務經費補助標準。",
            "文化",
            "繁榮發展文化事業和文化產業，加強文物保護利用，推進全民閱讀和公共文化服務體系建設。",
        ],
    }[script]
    result = clean(page(*lines))
    assert out_lines(result) == lines


def test_detector_identity() -> None:
    assert NavigationDetector.name == "site-nav"
    assert NavigationDetector.stage == "line"


def test_min_labels_threshold() -> None:
    text = page(*SECTIONS["simplified"])  # three labels
    assert detect(NavigationDetector(), text)
    assert detect(NavigationDetector(min_labels=4), text) == []


def test_max_gap_threshold() -> None:
    lines = ["科技要闻", "甲", "乙", "丙", "体育要闻", "丁", "戊", "己", "财经要闻"]  # labels 4 apart
    text = page(*lines)
    assert detect(NavigationDetector(), text) == []
    assert detect(NavigationDetector(max_gap=4), text)
