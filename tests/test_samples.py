"""The labelled samples are the truth: every ``keep`` line survives, every ``drop`` line goes.

Each ``samples/NAME.labels.tsv`` lists, for every non-blank line of ``samples/NAME.txt``,
``line<TAB>keep|drop|either<TAB>category``. A new labelled sample is picked up with no
code change.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

import cleanpage
from cleanpage import Result, apply_edits, rebuild_source

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
LABEL_FILES = sorted(SAMPLES.glob("*.labels.tsv"))

# An independent reference for "the line after pinyin removal": a parenthesised
# tone-marked syllable, or its remnant after a lost byte (`?yàn)` keeps the `?`).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*"
PINYIN_GROUP = re.compile(rf"\({_SYLLABLE}\)")
PINYIN_REMNANT = re.compile(rf"(?<=\?){_SYLLABLE}\)")


def strip_pinyin(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    return PINYIN_REMNANT.sub("", PINYIN_GROUP.sub("", line)).strip()


# Repairs rewrite characters inside kept lines. The reference takes them from the result
# (their own tests check that they are right) and strips pinyin independently around them.
REPAIR_KINDS = frozenset({"mojibake", "punctuation"})


def expected_line(result: Result, number: int) -> str:
    """Source line ``number`` (1-based) as a correct cleaner outputs it."""
    starts = [0] + [m.end() for m in re.finditer("\n", result.source)]
    start = starts[number - 1]
    end = result.source.find("\n", start)
    end = len(result.source) if end < 0 else end
    parts: list[str] = []
    pos = start
    for e in result.edits:
        if e.kind in REPAIR_KINDS and start <= e.start and e.end <= end:
            parts += [result.source[pos : e.start], e.replacement]
            pos = e.end
    parts.append(result.source[pos:end])
    return strip_pinyin("".join(parts))


@dataclass(frozen=True)
class Label:
    line: int  # 1-based
    action: str
    category: str


def read_labels(path: Path) -> list[Label]:
    labels = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        number, action, category = row.split("\t")[:3]
        assert action in {"keep", "drop", "either"}, f"{path.name}: bad action {action!r}"
        labels.append(Label(int(number), action, category))
    return labels


def dropped_lines(result: Result) -> dict[int, str]:
    """1-based numbers of source lines removed whole by a content edit, with its kind."""
    starts = [0]
    for m in re.finditer("\n", result.source):
        starts.append(m.end())
    out: dict[int, str] = {}
    for e in result.findings:
        if e.replacement:
            continue
        number = result.source.count("\n", 0, e.start) + 1
        line_end = result.source.find("\n", starts[number - 1])
        line_end = len(result.source) if line_end < 0 else line_end
        if e.start <= starts[number - 1] and e.end >= line_end:
            out[number] = e.kind
    return out


def _case(path: Path) -> tuple[list[str], list[Label], Result]:
    text = path.with_name(path.name.replace(".labels.tsv", ".txt")).read_text(encoding="utf-8")
    return text.split("\n"), read_labels(path), cleanpage.clean(text)


@pytest.fixture(scope="module", params=LABEL_FILES, ids=lambda p: p.name.split(".")[0])
def case(request: pytest.FixtureRequest) -> tuple[list[str], list[Label], Result]:
    return _case(request.param)


def test_samples_are_present() -> None:
    assert len(LABEL_FILES) >= 2
    for path in LABEL_FILES:
        assert path.with_name(path.name.replace(".labels.tsv", ".txt")).exists()


def test_every_keep_line_survives(case: tuple[list[str], list[Label], Result]) -> None:
    lines, labels, result = case
    dropped = dropped_lines(result)
    output = set(result.text.split("\n"))
    lost = [(lb.line, lines[lb.line - 1][:40]) for lb in labels if lb.action == "keep" and lb.line in dropped]
    assert lost == []
    missing = [
        (lb.line, expected_line(result, lb.line)[:40])
        for lb in labels
        if lb.action == "keep" and expected_line(result, lb.line) not in output
    ]
    assert missing == []


def test_every_drop_line_is_removed(case: tuple[list[str], list[Label], Result]) -> None:
    lines, labels, result = case
    dropped = dropped_lines(result)
    kept = [
        (lb.line, lb.category, lines[lb.line - 1][:40])
        for lb in labels
        if lb.action == "drop" and lb.line not in dropped
    ]
    assert kept == []


def test_dropped_lines_have_the_labelled_kind(case: tuple[list[str], list[Label], Result]) -> None:
    _lines, labels, result = case
    dropped = dropped_lines(result)
    wrong = [
        (lb.line, lb.category, dropped[lb.line])
        for lb in labels
        if lb.action == "drop" and lb.line in dropped and dropped[lb.line] != lb.category
    ]
    assert wrong == []


def test_every_labelled_line_is_accounted_for(case: tuple[list[str], list[Label], Result]) -> None:
    lines, labels, _result = case
    labelled = {lb.line for lb in labels}
    unlabelled = [n for n, line in enumerate(lines, 1) if line.strip() and n not in labelled]
    assert unlabelled == []


def test_title_comes_first(case: tuple[list[str], list[Label], Result]) -> None:
    _lines, labels, result = case
    titles = [lb for lb in labels if lb.category == "title"]
    assert titles, "a labelled sample names its title line"
    expected = expected_line(result, titles[0].line)
    assert result.title == expected
    assert result.text.split("\n", 1)[0] == expected


def test_no_pinyin_annotation_left(case: tuple[list[str], list[Label], Result]) -> None:
    _lines, _labels, result = case
    assert PINYIN_GROUP.findall(result.text) == []
    assert PINYIN_REMNANT.findall(result.text) == []


# What issue 4 asks of kept lines: no '?' between hanzi, no private-use character, no
# ASCII ,:;!?() between hanzi, except where an edit says the damage is unrecoverable.
_HAN = "[\u4e00-\u9fff]"
_DAMAGE = re.compile(rf"(?<={_HAN})[?,:;!()](?={_HAN})|[\ue000-\uf8ff]|(?<={_HAN})\?|\?(?={_HAN})")


def test_kept_lines_carry_no_mojibake(case: tuple[list[str], list[Label], Result]) -> None:
    _lines, _labels, result = case
    flagged = [(e.start, e.end) for e in result.edits if e.kind == "mojibake-unrecoverable"]
    rebuilt = rebuild_source(result.text, result.edits)
    assert rebuilt == result.source
    # map every output character back to the source: walk the edits
    left: list[tuple[int, str]] = []
    out_pos = src_pos = 0
    for e in result.edits:
        for m in _DAMAGE.finditer(result.text, out_pos, out_pos + (e.start - src_pos)):
            left.append((src_pos + (m.start() - out_pos), m.group()))
        out_pos += e.start - src_pos
        if e.kind != "mojibake-unrecoverable":
            for m in _DAMAGE.finditer(e.replacement):
                left.append((e.start, m.group()))
        out_pos += len(e.replacement)
        src_pos = e.end
    for m in _DAMAGE.finditer(result.text, out_pos):
        left.append((src_pos + (m.start() - out_pos), m.group()))
    unexplained = [
        (result.source.count("\n", 0, at) + 1, ch)
        for at, ch in left
        if not any(a <= at < b for a, b in flagged)
    ]
    assert unexplained == []


def test_edits_rebuild_the_sample_exactly(case: tuple[list[str], list[Label], Result]) -> None:
    _lines, _labels, result = case
    assert apply_edits(result.source, result.edits) == result.text
    assert rebuild_source(result.text, result.edits) == result.source
    for e in result.edits:
        assert result.source[e.start : e.end] == e.original
        assert e.kind and e.rule and 0.0 <= e.confidence <= 1.0


def test_cleaning_the_output_changes_nothing(case: tuple[list[str], list[Label], Result]) -> None:
    _lines, _labels, result = case
    again = cleanpage.clean(result.text)
    assert again.text == result.text
    assert again.findings == []


def test_sample_is_recognised_as_netease(case: tuple[list[str], list[Label], Result]) -> None:
    # both provided pages are NetEase 网易号 articles copied by a mirror
    _lines, _labels, result = case
    assert result.site == "netease"
