"""PublishMetaDetector: bare date-and-time lines and short ``来源：…`` / ``责任编辑：…`` lines."""

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

from cleanpage.detectors import PublishMetaDetector

STAMP_SOURCE = {
    "simplified": "2024-03-01 10:20:35 来源：城市晚报",
    "traditional": "2024-03-01 10:20:35 來源：城市晚報",
}
FIELDS = {
    "simplified": "来源：城市晚报 作者：张晓东",
    "traditional": "來源：城市晚報 作者：張曉東",
}
EDITOR = {"simplified": "责任编辑：李文静", "traditional": "責任編輯：李文靜"}
PUBLISHED = {
    "simplified": "发布时间：2024年3月1日 10:20",
    "traditional": "發佈時間：2024年3月1日 10:20",
}


def test_fixtures_are_really_in_both_scripts() -> None:
    for table in (STAMP_SOURCE, FIELDS, EDITOR, PUBLISHED):
        assert_traditional(table["simplified"], table["traditional"])


@pytest.mark.parametrize("script", SCRIPTS)
def test_meta_under_title_is_removed(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(page(title, STAMP_SOURCE[script], *body))
    assert out_lines(result) == [title, *body]
    assert kinds(result) == {"publish-meta"}
    assert rules(result) == {"publish-meta.line"}


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("table", [FIELDS, EDITOR, PUBLISHED], ids=["fields", "editor", "published"])
def test_meta_lines(script: str, table: dict[str, str]) -> None:
    edits = detect(PublishMetaDetector(), table[script])
    assert [(e.kind, e.rule) for e in edits] == [("publish-meta", "publish-meta.line")]
    assert edits[0].original == table[script]


@pytest.mark.parametrize("script", SCRIPTS)
def test_editor_line_after_article_is_removed(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(article_with([EDITOR[script]], script, where="after"))
    assert out_lines(result) == [title, *body]


@pytest.mark.parametrize(
    "line",
    [
        "2024年3月1日，国务院常务会议审议通过了相关条例，自下月起正式施行。",
        "2024年3月1日，國務院常務會議審議通過了相關條例，自下月起正式施行。",
        "北京时间2024年3月1日 10:20，火箭在发射中心点火升空。",
        "2024年3月1日",  # a bare date can be the article's own dateline
        "（记者 王明）",
        "（記者 王明）",
        "来源",
        "编辑部的故事",
        "Source: the company's annual report, published in March.",
    ],
)
def test_look_alikes_are_kept(line: str) -> None:
    assert detect(PublishMetaDetector(), line) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_dateline_paragraph_survives_cleaning(script: str) -> None:
    line = {
        "simplified": "2024年3月1日，国务院常务会议审议通过了相关条例，自下月起正式施行。",
        "traditional": "2024年3月1日，國務院常務會議審議通過了相關條例，自下月起正式施行。",
    }[script]
    result = clean(article_with([line], script))
    assert line in out_lines(result)
    assert result.findings == []


@pytest.mark.parametrize("line", ["记者：您如何看待这次改革？", "記者：您如何看待這次改革？"])
def test_interview_question_is_kept(line: str) -> None:
    assert detect(PublishMetaDetector(), line) == []


def test_detector_identity() -> None:
    assert PublishMetaDetector.name == "publish-meta"
    assert PublishMetaDetector.stage == "line"


def test_max_length_threshold() -> None:
    line = STAMP_SOURCE["simplified"]
    assert detect(PublishMetaDetector(), line)
    assert detect(PublishMetaDetector(max_length=len(line) - 1), line) == []
