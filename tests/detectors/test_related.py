"""RelatedListDetector: recommendation headers and runs of headline/source/time items."""

from __future__ import annotations

import pytest
from helpers import (
    SCRIPTS,
    assert_traditional,
    clean,
    detect,
    kinds,
    line_marks,
    out_lines,
    page,
    removed_lines,
    rules,
    title_and_body,
)

from cleanpage.detectors import RelatedListDetector
from cleanpage.document import Document

HEADER = {"simplified": "相关推荐", "traditional": "相關推薦"}
ITEMS = {
    "simplified": [
        ("新能源汽车销量再创新高", "汽车频道", "2024-03-01 10:20"),
        ("国产大飞机完成首次商业飞行", "民航资讯", "3小时前"),
        ("本市地铁新线路今日开通运营", "城市日报", "昨天 18:40"),
        ("春季花展吸引大批市民前往", "生活周刊", "03-01 09:15"),
    ],
    "traditional": [
        ("新能源汽車銷量再創新高", "汽車頻道", "2024-03-01 10:20"),
        ("國產大飛機完成首次商業飛行", "民航資訊", "3小時前"),
        ("本市地鐵新線路今日開通運營", "城市日報", "昨天 18:40"),
        ("春季花展吸引大批市民前往", "生活週刊", "03-01 09:15"),
    ],
}


def items(script: str, n: int = 4) -> list[str]:
    return [line for item in ITEMS[script][:n] for line in item]


def test_fixtures_are_really_in_both_scripts() -> None:
    assert_traditional(HEADER["simplified"], HEADER["traditional"])
    assert_traditional("".join(items("simplified")), "".join(items("traditional")))


@pytest.mark.parametrize("script", SCRIPTS)
def test_header_and_items_after_article_are_removed(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(page(title, *body, HEADER[script], *items(script)))
    assert out_lines(result) == [title, *body]
    assert "related-list" in kinds(result)
    assert {"related.header", "related.items"} <= rules(result)


@pytest.mark.parametrize("script", SCRIPTS)
def test_detector_marks_header_and_items(script: str) -> None:
    title, body = title_and_body(script)
    text = page(title, *body, HEADER[script], *items(script))
    doc = Document(text)
    edits = RelatedListDetector().detect(doc, [])
    removed = removed_lines(doc, edits)
    assert removed[0] == HEADER[script]
    # the second and later items are always delimited by the timestamps around them
    assert removed[-9:] == items(script)[3:]
    assert not set(removed) & {title, *body}
    by_rule = {e.original.strip(): e.rule for e in edits}
    assert by_rule[HEADER[script]] == "related.header"
    assert by_rule[ITEMS[script][1][0]] == "related.items"


@pytest.mark.parametrize("script", SCRIPTS)
def test_items_without_header_are_found_by_structure(script: str) -> None:
    title, body = title_and_body(script)
    text = page(title, *body, *items(script))
    doc = Document(text)
    edits = RelatedListDetector().detect(doc, [])
    removed = removed_lines(doc, edits)
    assert removed[-9:] == items(script)[3:]
    assert not set(removed) & {title, *body}
    assert {e.rule for e in edits} == {"related.items"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_first_item_after_article_is_marked(script: str) -> None:
    title, body = title_and_body(script)
    text = page(title, *body, HEADER[script], *items(script))
    doc = Document(text)
    removed = removed_lines(doc, RelatedListDetector().detect(doc, []))
    assert removed == [HEADER[script], *items(script)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_twin_headlines_without_timestamps(script: str) -> None:
    title, body = title_and_body(script)
    heads = [item[0] for item in ITEMS[script][:3]]
    twins = [h for head in heads for h in (head, head)]
    text = page(title, *body, *twins)
    result = clean(text)
    assert out_lines(result) == [title, *body]
    assert rules(result) == {"related.items"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_header_with_colon_or_more(script: str) -> None:
    line = {"simplified": "相关阅读：", "traditional": "延伸閱讀 更多"}[script]
    edits = detect(RelatedListDetector(), line)
    assert [e.rule for e in edits] == ["related.header"]


@pytest.mark.parametrize(
    "line",
    [
        "■ 相关链接",  # a section bullet before it
        "◆相關新聞",
        "· 热点排行",
        "精品专题推荐：",  # a short qualifier before a header of four characters or more
        "本週點擊排行",
        "财经热点推荐 >>",
    ],
)
def test_header_shapes(line: str) -> None:
    assert [e.rule for e in detect(RelatedListDetector(), line)] == ["related.header"]


@pytest.mark.parametrize(
    "line",
    [
        "他在会上宣读了相关新闻",  # a qualifier longer than a header's
        "我们的热搜",  # a short header (热搜) takes no qualifier
        "■ 相关推荐算法的原理",
    ],
)
def test_qualified_header_look_alikes_are_kept(line: str) -> None:
    assert detect(RelatedListDetector(), line) == []


@pytest.mark.parametrize(
    "line",
    [
        "猜你喜欢的颜色往往反映了性格，心理学家对此进行了大量研究，得出了一些有趣的结论。",
        "猜你喜歡的顏色往往反映了性格，心理學家對此進行了大量研究，得出了一些有趣的結論。",
        "相关推荐算法的原理",
        "Related reading",
    ],
)
def test_header_words_inside_content_are_kept(line: str) -> None:
    assert detect(RelatedListDetector(), line) == []


def test_two_items_are_not_a_list() -> None:
    title, body = title_and_body("simplified")
    text = page(title, *body, *items("simplified", 2))
    assert detect(RelatedListDetector(), text) == []


def test_one_repeated_line_is_not_a_list() -> None:
    title, body = title_and_body("simplified")
    text = page(title, body[0], body[1], body[1], body[2])
    assert detect(RelatedListDetector(), text) == []


def test_min_items_threshold() -> None:
    title, body = title_and_body("simplified")
    text = page(title, *body, *items("simplified", 4))
    assert detect(RelatedListDetector(), text)
    assert detect(RelatedListDetector(min_items=5), text) == []


def test_max_line_threshold() -> None:
    title, body = title_and_body("simplified")
    text = page(title, *body, *items("simplified", 4))
    assert detect(RelatedListDetector(), text)
    # every headline is longer than 8 characters: no item qualifies
    assert detect(RelatedListDetector(max_line=8), text) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_short_article_before_list_is_kept(script: str) -> None:
    title, body = title_and_body(script)
    text = page(title, body[2], HEADER[script], *items(script, 3))
    doc, marks = line_marks(text)
    removed = removed_lines(doc, marks)
    assert title not in removed
    assert body[2] not in removed


def test_detector_identity() -> None:
    assert RelatedListDetector.name == "related-list"
    assert RelatedListDetector.stage == "line"


@pytest.mark.parametrize("script", SCRIPTS)
def test_twin_cards_with_a_stray_line_and_a_timestamp_are_one_list(script: str) -> None:
    # the second card carries an odd short line besides its source and time, the third
    # has no time (too few timestamped items for that rule); the timestamps are also
    # publish-meta's. The list must go whole on the first pass, not only on the second.
    title, body = title_and_body(script)
    (h1, s1, _), (h2, s2, _), (h3, s3, _) = ITEMS[script][:3]
    cards = [h1, h1, s1, "2024-03-01 10:20:00", h2, h2, s2, "图片", "2024-03-01 09:15:00", h3, h3, s3]
    result = clean(page(title, *body, *cards))
    assert out_lines(result) == [title, *body]
    assert clean(result.text).text == result.text
