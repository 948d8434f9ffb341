"""FooterZoneDetector: after a strong footer mark that follows the article, the rest goes."""

from __future__ import annotations

import pytest
from helpers import (
    SCRIPTS,
    assert_traditional,
    clean,
    detect,
    line_marks,
    out_lines,
    page,
    removed_lines,
    title_and_body,
)

import cleanpage
from cleanpage.detectors import FooterZoneDetector
from cleanpage.document import Document
from cleanpage.result import Edit

STATEMENT = {
    "simplified": "特别声明：本页内容由入驻用户自行发布，本站仅提供信息存储服务。",
    "traditional": "特別聲明：本頁內容由入駐用戶自行發佈，本站僅提供信息存儲服務。",
}
# lines that carry no sign of their own: an author's bare name, a stray headline
LOOSE = {
    "simplified": ["林小溪", "一条没有任何标记的标题"],
    "traditional": ["林小溪", "一條沒有任何標記的標題"],
}
HEADER = {"simplified": "热门推荐", "traditional": "熱門推薦"}
MORE_BODY = {
    "simplified": [
        "后来，街道又邀请居民参与后续规划，收集到的意见超过两百条，其中不少已被采纳。",
        "有居民说，改造后的老街既保留了记忆，又方便了生活，这是大家最满意的地方。",
        "街道表示，下一步将把老街的经验推广到周边片区，让更多居民从中受益。",
    ],
    "traditional": [
        "後來，街道又邀請居民參與後續規劃，收集到的意見超過兩百條，其中不少已被採納。",
        "有居民說，改造後的老街既保留了記憶，又方便了生活，這是大家最滿意的地方。",
        "街道表示，下一步將把老街的經驗推廣到周邊片區，讓更多居民從中受益。",
    ],
}


def test_fixtures_are_really_in_both_scripts() -> None:
    assert_traditional(STATEMENT["simplified"], STATEMENT["traditional"])
    assert_traditional("".join(LOOSE["simplified"]), "".join(LOOSE["traditional"]))
    assert_traditional("".join(MORE_BODY["simplified"]), "".join(MORE_BODY["traditional"]))


@pytest.mark.parametrize("script", SCRIPTS)
def test_unmarked_lines_after_statement_inherit_its_kind(script: str) -> None:
    title, body = title_and_body(script)
    result = clean(page(title, *body, STATEMENT[script], *LOOSE[script]))
    assert out_lines(result) == [title, *body]
    zone = [e for e in result.findings if e.rule == "footer.zone"]
    assert [e.original.strip() for e in zone] == LOOSE[script]
    assert {e.kind for e in zone} == {"disclaimer"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_kind_follows_the_latest_mark(script: str) -> None:
    title, body = title_and_body(script)
    loose = LOOSE[script]
    text = page(title, *body, STATEMENT[script], loose[0], HEADER[script], loose[1])
    zone = {e.original.strip(): e.kind for e in clean(text).findings if e.rule == "footer.zone"}
    assert zone == {loose[0]: "disclaimer", loose[1]: "related-list"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_zone_closes_when_paragraphs_resume(script: str) -> None:
    title, body = title_and_body(script)
    text = page(title, *body, STATEMENT[script], LOOSE[script][0], *MORE_BODY[script])
    result = clean(text)
    assert out_lines(result) == [title, *body, *MORE_BODY[script]]
    assert [e.original.strip() for e in result.findings if e.rule == "footer.zone"] == [LOOSE[script][0]]


@pytest.mark.parametrize("script", SCRIPTS)
def test_zone_closes_over_a_subheading(script: str) -> None:
    title, body = title_and_body(script)
    more = MORE_BODY[script]
    sub = {"simplified": "居民的声音", "traditional": "居民的聲音"}[script]
    text = page(title, *body, STATEMENT[script], more[0], sub, more[1], more[2])
    result = clean(text)
    assert out_lines(result) == [title, *body, more[0], sub, more[1], more[2]]


@pytest.mark.parametrize("script", SCRIPTS)
def test_no_zone_before_the_article(script: str) -> None:
    title, body = title_and_body(script)
    text = page(STATEMENT[script], title, LOOSE[script][1], *body)
    result = clean(text)
    assert out_lines(result) == [title, LOOSE[script][1], *body]
    assert all(e.rule != "footer.zone" for e in result.findings)


@pytest.mark.parametrize("script", SCRIPTS)
def test_quote_and_english_paragraphs_at_the_end_are_kept(script: str) -> None:
    title, body = title_and_body(script)
    quote = {"simplified": "“老街就是我们的根。”", "traditional": "「老街就是我們的根。」"}[script]
    english = (
        "Residents say the renovated street keeps its old character. "
        "Several new shops opened in the spring, and visitor numbers have doubled."
    )
    lines = [title, body[0], quote, body[1], body[2], english, quote]
    result = clean(page(*lines))
    assert out_lines(result) == lines
    assert result.findings == []


def test_weak_mark_does_not_open_a_zone() -> None:
    title, body = title_and_body("simplified")
    text = page(title, *body, "阅读原文", *LOOSE["simplified"])  # a promo line is no anchor
    # (the page-frame detector judges such a tail by its shape; this is about the zone)
    result = cleanpage.Cleaner(disable=["page-frame"]).clean(text)
    assert out_lines(result) == [title, *body, *LOOSE["simplified"]]
    assert "footer.zone" not in {e.rule for e in clean(text).edits}


# --- the detector with explicit marks -----------------------------------------------------------


def _statement_doc() -> tuple[Document, list[Edit]]:
    title, body = title_and_body("simplified")
    return line_marks(page(title, *body, STATEMENT["simplified"], *LOOSE["simplified"]))


def test_detector_identity() -> None:
    assert FooterZoneDetector.name == "footer"
    assert FooterZoneDetector.stage == "zone"


def test_no_marks_no_zone() -> None:
    title, body = title_and_body("simplified")
    assert detect(FooterZoneDetector(), page(title, *body, *LOOSE["simplified"])) == []


def test_detector_drops_lines_after_anchor() -> None:
    doc, marks = _statement_doc()
    edits = FooterZoneDetector().detect(doc, marks)
    assert removed_lines(doc, edits) == LOOSE["simplified"]
    assert {(e.kind, e.rule, e.confidence) for e in edits} == {("disclaimer", "footer.zone", 0.7)}


def test_anchor_rules_parameter() -> None:
    doc, marks = _statement_doc()
    assert FooterZoneDetector(anchor_rules=frozenset()).detect(doc, marks) == []


def test_custom_anchor_rule() -> None:
    title, body = title_and_body("simplified")
    text = page(title, *body, "本站特有的页尾标记", *LOOSE["simplified"])
    doc = Document(text)
    line = doc.lines[doc.line_at(text.index("本站特有"))]
    mark = doc.drop_line(line, "site-nav", "custom.footer", 0.95)
    assert FooterZoneDetector().detect(doc, [mark]) == []
    edits = FooterZoneDetector(anchor_rules=frozenset({"custom.footer"})).detect(doc, [mark])
    assert removed_lines(doc, edits) == LOOSE["simplified"]
    assert {e.kind for e in edits} == {"site-nav"}


def test_resume_paragraphs_parameter() -> None:
    title, body = title_and_body("simplified")
    more = MORE_BODY["simplified"]
    text = page(title, *body, STATEMENT["simplified"], more[0], more[1])
    doc, marks = line_marks(text)
    # two paragraphs are not enough to close the zone by default
    assert removed_lines(doc, FooterZoneDetector().detect(doc, marks)) == [more[0], more[1]]
    assert FooterZoneDetector(resume_paragraphs=2).detect(doc, marks) == []
