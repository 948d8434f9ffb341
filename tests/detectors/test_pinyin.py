"""PinyinDetector: mechanically inserted ``字(zì)`` annotations go; real parentheses stay."""

from __future__ import annotations

import pytest
from helpers import SCRIPTS, assert_edits_consistent, assert_traditional, clean, detect, out_lines, page

from cleanpage import Cleaner
from cleanpage.detectors import PinyinDetector
from cleanpage.detectors.pinyin import document_stats, is_toned_syllable, reads_as
from cleanpage.document import Document

# Every annotated character carries its reading at each occurrence, as a mirror does it.
ANNOTATED = {
    "simplified": (
        "本(běn)报(bào)讯(xùn)：这(zhè)次会(huì)议讨(tǎo)论(lùn)了经(jīng)济(jì)发(fā)展(zhǎn)的新方向。",
        "与(yǔ)会(huì)专(zhuān)家认(rèn)为(wéi)，技术(shù)进(jìn)步将带(dài)动(dòng)产(chǎn)业(yè)升级(jí)。",
    ),
    "traditional": (
        "本(běn)報(bào)訊(xùn)：這(zhè)次會(huì)議討(tǎo)論(lùn)了經(jīng)濟(jì)發(fā)展(zhǎn)的新方向。",
        "與(yǔ)會(huì)專(zhuān)家認(rèn)為(wéi)，技術(shù)進(jìn)步將帶(dài)動(dòng)產(chǎn)業(yè)升級(jí)。",
    ),
}
PLAIN = {
    "simplified": (
        "本报讯：这次会议讨论了经济发展的新方向。",
        "与会专家认为，技术进步将带动产业升级。",
    ),
    "traditional": (
        "本報訊：這次會議討論了經濟發展的新方向。",
        "與會專家認為，技術進步將帶動產業升級。",
    ),
}
N_GROUPS = 23  # groups in each ANNOTATED text, all of them readings of the character before
TITLE = {"simplified": "经济工作会议召开", "traditional": "經濟工作會議召開"}

# An article that teaches pinyin: a handful of glosses, each given once.
LESSON = {
    "simplified": "我们学习四个声调：妈(mā)、麻(má)、马(mǎ)、骂(mà)，这是汉语拼音入门的第一课。",
    "traditional": "我們學習四個聲調：媽(mā)、麻(má)、馬(mǎ)、罵(mà)，這是漢語拼音入門的第一課。",
}


def test_fixtures_are_really_in_both_scripts() -> None:
    assert_traditional("".join(ANNOTATED["simplified"]), "".join(ANNOTATED["traditional"]))
    assert_traditional(LESSON["simplified"], LESSON["traditional"])


@pytest.mark.parametrize("script", SCRIPTS)
def test_annotated_page_is_stripped(script: str) -> None:
    result = clean(page(TITLE[script], *ANNOTATED[script]))
    assert out_lines(result) == [TITLE[script], *PLAIN[script]]
    findings = result.findings
    assert {e.kind for e in findings} == {"pinyin"}
    assert {e.rule for e in findings} == {"pinyin.reading"}
    assert len(findings) == sum(line.count("(") for line in ANNOTATED[script])
    # a repair is a removal of the group only: the character before it stays
    assert all(e.original.startswith("(") and e.original.endswith(")") for e in findings)


@pytest.mark.parametrize("script", SCRIPTS)
def test_document_stats_of_annotated_page(script: str) -> None:
    stats = document_stats("\n".join(ANNOTATED[script]))
    assert stats.matches == N_GROUPS
    assert stats.distinct >= 10
    assert stats.consistency == pytest.approx(1.0)
    assert stats.annotated(20, 10, 0.8)


@pytest.mark.parametrize("script", SCRIPTS)
def test_real_parentheses_survive_on_annotated_page(script: str) -> None:
    extra = {
        "simplified": "英国《金融时报》(FT)及(Financial Times)均有报道，详见附录(a)。（记者 王明）",
        "traditional": "英國《金融時報》(FT)及(Financial Times)均有報導，詳見附錄(a)。（記者 王明）",
    }[script]
    result = clean(page(TITLE[script], *ANNOTATED[script], extra))
    assert out_lines(result)[-1] == extra
    assert out_lines(result)[1:3] == list(PLAIN[script])


@pytest.mark.parametrize("script", SCRIPTS)
def test_article_about_pinyin_keeps_its_glosses(script: str) -> None:
    text = page(TITLE[script], LESSON[script], *PLAIN[script])
    result = clean(text)
    assert LESSON[script] in out_lines(result)
    assert result.findings == []


def test_many_one_off_glosses_are_not_a_mirror() -> None:
    # 21 glossed characters, but each also appears unglossed: a teacher, not a mirror
    glossed = (
        "本课生字：春(chūn)、夏(xià)、秋(qiū)、冬(dōng)、风(fēng)、花(huā)、雪(xuě)、月(yuè)、山(shān)、"
        "水(shuǐ)、日(rì)、云(yún)、雨(yǔ)、天(tiān)、地(dì)、人(rén)、大(dà)、小(xiǎo)、上(shàng)、中(zhōng)、下(xià)。"
    )
    prose = "春天风吹花开，夏日雨后山青水秀，秋月当空，冬雪落地，天上云大云小，人在中间上上下下。"
    stats = document_stats(glossed + prose)
    assert stats.matches >= 20 and stats.distinct >= 10
    assert stats.consistency < 0.8
    assert detect(PinyinDetector(), page(glossed, prose)) == []


def test_toneless_groups_are_never_stripped() -> None:
    text = page(*ANNOTATED["simplified"], "答案见选项(a)和(de)两项。")
    edits = detect(PinyinDetector(), text)
    originals = {e.original for e in edits}
    assert "(a)" not in originals and "(de)" not in originals
    assert len(edits) == N_GROUPS


def test_gbk_byte_straddle_is_stripped() -> None:
    # a mirror annotated 產 (GBK AE 61) but the text was decoded one byte off: ‘a(chǎn)
    text = page(*ANNOTATED["traditional"], "生‘a(chǎn)線的改造已經完成。")
    doc = Document(text)
    edits = PinyinDetector().detect(doc, [])
    straddle = [e for e in edits if e.rule == "pinyin.gbk-bytes"]
    assert [e.original for e in straddle] == ["(chǎn)"]
    assert straddle[0].confidence < 0.99
    assert_edits_consistent(doc, edits)


def test_remnant_keeps_the_question_mark() -> None:
    text = page(*ANNOTATED["traditional"], "展覽?zhǎn)館今日開放。")
    result = clean(text)
    assert out_lines(result)[-1] == "展覽?館今日開放。"
    remnant = [e for e in result.findings if e.rule == "pinyin.remnant"]
    assert [e.original for e in remnant] == ["zhǎn)"]


def test_misaligned_toned_group_on_annotated_page() -> None:
    # on a page already judged annotated, a toned syllable after a character it does
    # not read as is still an inserted group
    text = page(*ANNOTATED["simplified"], "他们(mā)今天出发。")
    edits = detect(PinyinDetector(), text)
    toned = [e for e in edits if e.rule == "pinyin.toned"]
    assert [e.original for e in toned] == ["(mā)"]


def test_full_width_parentheses_are_annotations_too() -> None:
    text = page(*ANNOTATED["simplified"], "城（chéng）市（shì）建设加快。")
    result = clean(text)
    assert out_lines(result)[-1] == "城市建设加快。"


def test_annotation_inside_a_boilerplate_line_does_not_hide_it() -> None:
    # removal detectors see the repaired view: 當前位置 is found through the annotations
    crumb = "當(dāng)前(qián)位(wèi)置(zhì)：首頁 > 財經 > 宏觀"
    result = clean(page(TITLE["traditional"], *ANNOTATED["traditional"], crumb))
    assert out_lines(result) == [TITLE["traditional"], *PLAIN["traditional"]]
    assert "breadcrumb" in {e.kind for e in result.findings}


def test_disabling_pinyin_keeps_annotations() -> None:
    text = page(TITLE["simplified"], *ANNOTATED["simplified"])
    result = Cleaner(disable={"pinyin"}).clean(text)
    assert out_lines(result)[1:] == list(ANNOTATED["simplified"])
    assert all(e.kind != "pinyin" for e in result.findings)


# --- thresholds and helpers ----------------------------------------------------------------


def test_detector_identity() -> None:
    assert PinyinDetector.name == "pinyin"
    assert PinyinDetector.stage == "repair"


def test_text_without_parentheses_gives_nothing() -> None:
    assert (
        detect(PinyinDetector(min_matches=0, min_distinct=0, min_consistency=0.0), "没有括号的正文。") == []
    )


@pytest.mark.parametrize("script", SCRIPTS)
def test_lower_thresholds_strip_a_short_lesson(script: str) -> None:
    assert detect(PinyinDetector(), LESSON[script]) == []
    edits = detect(PinyinDetector(min_matches=4, min_distinct=4), LESSON[script])
    assert [e.original for e in edits] == ["(mā)", "(má)", "(mǎ)", "(mà)"]


def test_min_matches_threshold() -> None:
    text = "\n".join(ANNOTATED["simplified"])
    assert sum(line.count("(") for line in ANNOTATED["simplified"]) == N_GROUPS
    assert detect(PinyinDetector(min_matches=N_GROUPS), text)
    assert detect(PinyinDetector(min_matches=N_GROUPS + 1), text) == []


def test_min_consistency_threshold() -> None:
    # the same annotated text followed by unannotated uses of the same characters
    text = "\n".join(ANNOTATED["simplified"]) + "\n" + "\n".join(PLAIN["simplified"]) * 2
    stats = document_stats(text)
    assert 0.2 < stats.consistency < 0.8
    assert detect(PinyinDetector(), text) == []
    assert detect(PinyinDetector(min_consistency=0.2), text)


@pytest.mark.parametrize(
    ("syllable", "toned"),
    [
        ("mā", True),
        ("zhǎn", True),
        ("lǜ", True),
        ("ma", False),
        ("de", False),
        ("FT", False),
        ("xyzā", False),
    ],
)
def test_is_toned_syllable(syllable: str, toned: bool) -> None:
    assert is_toned_syllable(syllable) is toned


def test_reads_as() -> None:
    assert reads_as("網", "wǎng")
    assert reads_as("网", "wǎng")
    assert not reads_as("網", "mā")
