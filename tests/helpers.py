"""Tiny shared helpers for the detector and CLI tests.

All fixture text in the tests is written for the tests; nothing is copied from the
samples or any corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import cleanpage
from cleanpage.cleaner import plan_repairs
from cleanpage.detectors import Detector, default_detectors
from cleanpage.document import Document
from cleanpage.result import Edit, Result
from cleanpage.script import script_counts

# The compiled build (docs/performance.md, "Compiled build") is installed: its
# functions have no Python frames to inspect
COMPILED = cleanpage.COMPILED

# A neutral article, in both scripts: a title and three body paragraphs that no
# detector should touch. Tests splice junk lines between or after them.
TITLE_S = "城南老街改造完成，重现昔日风貌"
TITLE_T = "城南老街改造完成，重現昔日風貌"
BODY_S = (
    "今年春天，城南老街完成了为期两年的改造，青石板路和木结构门面得到了保留，居民们对新环境赞不绝口。",
    "街道负责人介绍，改造过程中坚持修旧如旧的原则，尽量不改变街区原有的格局，同时补齐了排水和消防设施。",
    "不少年轻人也被吸引回来开店，咖啡馆、书店和手工作坊陆续开张，老街重新热闹了起来。",
)
BODY_T = (
    "今年春天，城南老街完成了為期兩年的改造，青石板路和木結構門面得到了保留，居民們對新環境讚不絕口。",
    "街道負責人介紹，改造過程中堅持修舊如舊的原則，盡量不改變街區原有的格局，同時補齊了排水和消防設施。",
    "不少年輕人也被吸引回來開店，咖啡館、書店和手工作坊陸續開張，老街重新熱鬧了起來。",
)
SCRIPTS = ("simplified", "traditional")
# an injected spam line, and two body paragraphs a mirror annotated with pinyin
SPAM_LINE = "新葡京娱乐城|百家乐开户送彩金|北京赛车pk10|时时彩平台"
ANNOTATED_BODY = (
    "本(běn)报(bào)讯(xùn)：这(zhè)次会(huì)议讨(tǎo)论(lùn)了经(jīng)济(jì)发(fā)展(zhǎn)的新方向。",
    "与(yǔ)会(huì)专(zhuān)家认(rèn)为(wéi)，技术(shù)进(jìn)步将带(dài)动(dòng)产(chǎn)业(yè)升级(jí)。",
)


def title_and_body(script: str) -> tuple[str, tuple[str, ...]]:
    """The neutral title and body paragraphs in ``script``."""
    return (TITLE_S, BODY_S) if script == "simplified" else (TITLE_T, BODY_T)


def page(*lines: str) -> str:
    """Join lines into a page, with a blank line between them as portals render them."""
    return "\n\n".join(lines) + "\n"


def article_with(junk: Sequence[str], script: str = "simplified", *, where: str = "middle") -> str:
    """The neutral article with ``junk`` lines inserted ``before``/``middle``/``after`` the body."""
    title, body = title_and_body(script)
    if where == "before":
        return page(title, *junk, *body)
    if where == "after":
        return page(title, *body, *junk)
    return page(title, body[0], *junk, body[1], body[2])


def clean(text: str, **kwargs: str) -> Result:
    return cleanpage.clean(text, **kwargs)


def out_lines(result: Result) -> list[str]:
    return result.text.split("\n") if result.text else []


def kinds(result: Result) -> set[str]:
    return {e.kind for e in result.findings}


def rules(result: Result) -> set[str]:
    return {e.rule for e in result.findings}


def detect(detector: Detector, text: str, marks: Iterable[Edit] = ()) -> list[Edit]:
    """Run one detector on a fresh document (views equal the raw text)."""
    return detector.detect(Document(text), list(marks))


def line_marks(text: str) -> tuple[Document, list[Edit]]:
    """The document and the marks of every default repair and line detector on it."""
    doc = Document(text)
    marks: list[Edit] = []
    detectors = default_detectors()
    for detector in detectors:
        if detector.stage == "repair":
            marks.extend(detector.detect(doc, marks))
    doc.set_repairs(plan_repairs(doc, marks))
    for detector in detectors:
        if detector.stage == "line":
            marks.extend(detector.detect(doc, marks))
    return doc, marks


def removed_lines(doc: Document, edits: Iterable[Edit]) -> list[str]:
    """The text of each line that an edit removes whole, in document order."""
    out: dict[int, str] = {}
    for e in edits:
        line = doc.lines[doc.line_at(e.start)]
        if e.replacement == "" and e.start <= line.start and e.end >= line.end:
            out[line.index] = line.text
    return [out[i] for i in sorted(out)]


def assert_edits_consistent(doc: Document, edits: Iterable[Edit]) -> None:
    """Every edit names its detector's span truthfully."""
    for e in edits:
        assert 0 <= e.start <= e.end <= len(doc.source)
        assert e.original == doc.source[e.start : e.end]
        assert 0.0 <= e.confidence <= 1.0


def assert_traditional(simplified: str, traditional: str) -> None:
    """A Traditional fixture must really be Traditional, or it tests nothing new."""
    assert simplified != traditional
    n_trad, _ = script_counts(traditional)
    assert n_trad >= 1, f"no Traditional-only character in {traditional!r}"
    _, n_simp = script_counts(simplified)
    assert n_simp >= 1, f"no Simplified-only character in {simplified!r}"


def assert_text_format(text: str) -> None:
    """The output format: lines joined by \\n, none blank, none with edge whitespace."""
    if text == "":
        return
    assert not text.endswith("\n"), repr(text[-20:])
    for line in text.split("\n"):
        assert line.strip(), f"blank line in {text!r}"
        assert line == line.strip(), f"edge whitespace on line {line!r}"


def assert_result_accounts(result: Result) -> None:
    """What every Result promises of its edits: sorted, disjoint, in bounds, labelled,
    naming their span truthfully, layout edits writing only whitespace, and turning the
    decoded source into the text and back; the title is the first line."""
    source, edits = result.source, result.edits
    assert edits == sorted(edits, key=lambda e: (e.start, e.end))
    pos = 0
    for e in edits:
        assert isinstance(e, Edit)
        assert pos <= e.start <= e.end <= len(source), (pos, e)
        pos = e.end
        assert e.kind and e.rule, e
        assert 0.0 <= e.confidence <= 1.0, e
        assert e.original == source[e.start : e.end], e
        if e.kind == "layout":
            assert not e.replacement.strip(), e
    assert cleanpage.apply_edits(source, edits) == result.text
    assert cleanpage.rebuild_source(result.text, edits) == source
    assert result.title == (result.text.split("\n", 1)[0] if result.text else "")
