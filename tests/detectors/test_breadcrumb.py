"""BreadcrumbDetector: arrow-joined crumb trails and 当前位置 lines."""

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

from cleanpage.detectors import BreadcrumbDetector

POSITION = {
    "simplified": "当前位置：首页 > 财经 > 宏观经济",
    "traditional": "當前位置：首頁 > 財經 > 宏觀經濟",
}
ARROWS = {
    "simplified": "首页 » 新闻中心 » 城市动态",
    "traditional": "首頁 » 新聞中心 » 城市動態",
}
YOUR_POSITION = {
    "simplified": "您的位置: 首页",
    "traditional": "您的位置: 首頁",
}


def test_fixtures_are_really_in_both_scripts() -> None:
    for table in (POSITION, ARROWS, YOUR_POSITION):
        assert_traditional(table["simplified"], table["traditional"])


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("table", "rule"),
    [
        (POSITION, "breadcrumb.position"),
        (YOUR_POSITION, "breadcrumb.position"),
        (ARROWS, "breadcrumb.arrows"),
    ],
    ids=["current-position", "your-position", "arrows"],
)
def test_breadcrumb_before_title_is_removed(script: str, table: dict[str, str], rule: str) -> None:
    title, body = title_and_body(script)
    text = "\n".join([table[script], title, *body])
    result = clean(text)
    assert out_lines(result) == [title, *body]
    assert result.title == title
    assert kinds(result) == {"breadcrumb"}
    assert rules(result) == {rule}


@pytest.mark.parametrize(
    "line",
    [
        "首页 > 科技 > 正文",
        "首頁 > 科技 > 正文",
        "Home > News > World",
        "首页>>体育>>足球",
        "频道 › 汽车 › 新车",
    ],
)
def test_arrow_trails(line: str) -> None:
    edits = detect(BreadcrumbDetector(), line)
    assert [(e.kind, e.rule) for e in edits] == [("breadcrumb", "breadcrumb.arrows")]
    assert edits[0].original == line


@pytest.mark.parametrize(
    "line",
    [
        "首页 > 时政新闻 > 老街改造完工！青石板路和木门面都保留了下来",
        "网易首页 > 新闻中心 > 城南老街改造完工，市民：修旧如旧",
        "首頁 >> 社會 >> 老街改造完工！市民點讚",
    ],
)
def test_a_trail_down_to_the_headline(line: str) -> None:
    """The last crumb of a trail from the home page may be the article's headline,
    however long, clauses and all."""
    edits = detect(BreadcrumbDetector(), line)
    assert [(e.kind, e.rule) for e in edits] == [("breadcrumb", "breadcrumb.headline")]


@pytest.mark.parametrize(
    "line",
    [
        "首页 > 老街改造完工！",  # one arrow: no trail
        "频道 > 社会 > 老街改造完工！市民点赞",  # not from the home page
        "首页 > 选择文件，然后保存 > 老街改造完工！",  # a clause before the last crumb
    ],
)
def test_trails_to_a_headline_look_alikes_are_kept(line: str) -> None:
    assert detect(BreadcrumbDetector(), line) == []


@pytest.mark.parametrize(
    "line",
    [
        "若 A > B 且 B > C，则 A > C。",
        "实验结果显示 x > y，而在低温条件下 y > z，这一规律在三组样本中均成立。",
        "選擇 文件 > 保存 > 另存為 即可導出。",
        "价格在 100 > 80 之间波动",  # a single arrow is not a trail
        "上海 / 北京 / 深圳",  # slashes alone are not arrows
        "首页 > 科技 » 正文",  # mixed arrows
        "2024 > 2023",
    ],
)
def test_look_alikes_are_kept(line: str) -> None:
    assert detect(BreadcrumbDetector(), line) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_prose_with_position_word_is_kept(script: str) -> None:
    line = {
        "simplified": "项目位置：地处城市中心，周边配套成熟，交通十分便利。",
        "traditional": "項目位置：地處城市中心，周邊配套成熟，交通十分便利。",
    }[script]
    result = clean(article_with([line], script))
    assert line in out_lines(result)
    assert result.findings == []


def test_math_line_without_full_stop_is_kept() -> None:
    assert detect(BreadcrumbDetector(), "由于 A > B，而 B > C，所以 A > C") == []


def test_address_line_is_kept() -> None:
    assert detect(BreadcrumbDetector(), "位置：北京市朝阳区建国路88号") == []


def test_detector_identity() -> None:
    assert BreadcrumbDetector.name == "breadcrumb"
    assert BreadcrumbDetector.stage == "line"


def test_max_crumb_threshold() -> None:
    line = "首页 > 城市新闻中心 > 正文"  # longest crumb: 6 characters
    assert detect(BreadcrumbDetector(), line)
    assert detect(BreadcrumbDetector(max_crumb=5), line) == []


def test_max_length_threshold() -> None:
    line = POSITION["simplified"]
    assert detect(BreadcrumbDetector(), line)
    assert detect(BreadcrumbDetector(max_length=len(line) - 1), line) == []
