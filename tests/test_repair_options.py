"""Turning repairs off: ``Cleaner(repair=...)`` and the CLI's ``--no-repairs``,
``--no-repair KIND`` and ``--encoding``, ``explain``'s flag marks and the JSON segments.

The page is a content-farm mirror built with tests/corruption.py (pinyin inserted by
bytes, decoded per line, full-width punctuation flattened) plus a double-encoded UTF-8
line and two junk lines. Every sentence is written for these tests.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from corruption import double_utf8, flatten_punctuation, mirror, mirror_readings, mirrored_pages
from hypothesis import given
from hypothesis import strategies as st
from strategies import spam_lines

from cleanpage import Cleaner, Result
from cleanpage.cleaner import REPAIRS
from cleanpage.cli import main

ARTICLE = "\n".join(
    [
        "江边湿地公园今天向市民开放",
        "经过两年的修复，城西江边的湿地公园今天上午正式向市民开放，园内种植了三十多种本地水生植物。",
        "公园管理处负责人介绍：湿地每天最多接待八千名游客；节假日需要提前在网上预约！",
        "一位带着孩子来参观的市民说，这里离家很近，周末可以常来看看候鸟。",
        "管理处还表示，公园将在明年春天增加两条步行道，方便市民观鸟。",
    ]
)
# each character with its first toned reading; 参 also matches across 植|物 (misaligned)
DICTIONARY = {c: mirror_readings(c)[0] for c in "湿地公园市民开放江边今天管理处游客参观孩子"}
MIRRORED = flatten_punctuation(mirror(ARTICLE, DICTIONARY, fold=False, per_line=True)).split("\n")
CODEC_LINE = double_utf8("城西江边的湿地公园已经成为候鸟的家园。")
SPAM = "澳门赌场在线开户|真人百家乐注册送彩金|六合彩开奖直播|网上赌球平台"
SHARE = flatten_punctuation("分享至：微信 朋友圈 微博")  # the mirror folds every line
BODY = [*MIRRORED[:3], CODEC_LINE, *MIRRORED[3:]]
PAGE = "\n".join([SPAM, *BODY, SHARE]) + "\n"

REPAIR_KINDS = frozenset({"pinyin", "mojibake", "mojibake-unrecoverable", "punctuation"})
REMOVAL_KINDS = frozenset({"seo-spam", "share-widget"})


def repair_edits(result: Result) -> list[tuple[str, str]]:
    """(kind, rule) of every edit a repair detector made."""
    return [
        (e.kind, e.rule) for e in result.edits if e.kind in REPAIR_KINDS or e.rule.split(".")[0] in REPAIRS
    ]


def test_the_page_has_every_kind_of_repair_and_removal() -> None:
    result = Cleaner().clean(PAGE)
    rules = {e.rule.split(".")[0] for e in result.findings}
    assert set(REPAIRS) <= rules
    assert {e.kind for e in result.findings} >= REMOVAL_KINDS
    assert "(" not in result.text and CODEC_LINE not in result.text
    assert Cleaner(repair=["pinyin", "punctuation"]).clean(PAGE).counts()["punctuation"] >= 5
    assert "," in "".join(MIRRORED) and "，" not in "".join(MIRRORED)


def test_repair_false_changes_no_text_and_still_removes_junk() -> None:
    result = Cleaner(repair=False).clean(PAGE)
    assert repair_edits(result) == []
    assert {e.kind for e in result.findings} >= REMOVAL_KINDS
    assert result.text == "\n".join(BODY)


def test_repair_empty_list_is_repair_false() -> None:
    assert Cleaner(repair=[]).clean(PAGE).edits == Cleaner(repair=False).clean(PAGE).edits


@pytest.mark.parametrize("name", REPAIRS)
def test_one_repair_alone_makes_only_its_own_edits(name: str) -> None:
    result = Cleaner(repair=[name]).clean(PAGE)
    assert {rule.split(".")[0] for _, rule in repair_edits(result)} <= {name}
    assert {e.kind for e in result.findings} >= REMOVAL_KINDS


def test_repair_punctuation_only() -> None:
    result = Cleaner(repair=["punctuation"]).clean(PAGE)
    assert {kind for kind, _ in repair_edits(result)} == {"punctuation"}
    assert "(jiāng)" in result.text  # pinyin stays
    assert "，" in result.text and CODEC_LINE in result.text


def test_repair_true_is_every_repair() -> None:
    assert Cleaner(repair=True).clean(PAGE).edits == Cleaner(repair=list(REPAIRS)).clean(PAGE).edits


@pytest.mark.parametrize("repair", [["bogus"], ["codec", "bogus"], ("Pinyin",), ["spam"]])
def test_unknown_repair_name_raises(repair: list[str]) -> None:
    with pytest.raises(ValueError, match="unknown repair") as exc:
        Cleaner(repair=repair)
    for name in REPAIRS:
        assert name in str(exc.value)


def test_all_repairs_restore_punctuation_as_punctuation_with_pinyin_does() -> None:
    assert Cleaner().clean(PAGE).counts().get("punctuation", 0) >= 5


@given(mirrored_pages(), spam_lines())
def test_repair_false_leaves_any_mirrored_page_as_it_is(
    case: tuple[str, dict[str, str], str], spam: str
) -> None:
    _clean, _dictionary, page = case
    result = Cleaner(repair=False).clean(f"{spam}\n{page}")
    assert result.text == page
    assert repair_edits(result) == []
    assert "seo-spam" in {e.kind for e in result.findings}


@given(mirrored_pages(), st.sampled_from(REPAIRS))
def test_one_repair_on_a_mirrored_page_makes_only_its_own_edits(
    case: tuple[str, dict[str, str], str], name: str
) -> None:
    result = Cleaner(repair=[name]).clean(case[2])
    assert {rule.split(".")[0] for _, rule in repair_edits(result)} <= {name}


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    path = tmp_path / "mirror.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_no_repairs(page_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "clean", "--no-repairs", str(page_file))
    assert (status, err) == (0, "")
    assert out == "\n".join(BODY) + "\n"


def test_cli_no_repair_punctuation_keeps_ascii_commas(
    page_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = cli(capsys, "clean", "--no-repair", "punctuation", str(page_file))
    assert (status, err) == (0, "")
    expected = Cleaner(repair=[r for r in REPAIRS if r != "punctuation"]).clean(PAGE).text
    assert out == expected + "\n"
    assert "修复,城西江边" in out and "，" not in out
    assert "(jiāng)" not in out  # the other repairs still ran


def test_cli_no_repair_is_repeatable(page_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(
        capsys, "clean", "--no-repair", "punctuation", "--no-repair", "pinyin", str(page_file)
    )
    assert status == 0
    assert out == Cleaner(repair=["codec", "byte-shift"]).clean(PAGE).text + "\n"
    assert "(jiāng)" in out and "," in out


def test_cli_check_with_no_repairs_reports_only_removals(
    page_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = cli(capsys, "check", "--no-repairs", str(page_file))
    assert status == 1
    kinds = {line.split(": ", 1)[1].split(" ")[0] for line in out.splitlines()}
    assert kinds == REMOVAL_KINDS


def test_cli_no_repair_unknown_name_is_a_usage_error(page_file: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cleanpage.cli", "clean", "--no-repair", "bogus", str(page_file)],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if "error:" in line]
    assert len(errors) == 1
    assert "bogus" in errors[0] and "punctuation" in errors[0]


TRAD = "\n".join(
    [
        "港口博物館舉辦百年航運展覽",
        "位於港口舊倉庫的博物館本週推出航運歷史展覽，展出兩百多件船模、海圖和老照片。",
        "館方表示，展覽將持續到明年三月，學生團體可以預約免費導覽。",
    ]
)


@pytest.mark.parametrize("label", ["big5", "Big5", "big5-hkscs", "cp950"])
def test_cli_encoding_big5_on_a_big5_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], label: str
) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes(TRAD.encode("big5") + b"\n")
    status, out, err = cli(capsys, "clean", "--encoding", label, str(path))
    assert (status, out, err) == (0, TRAD + "\n", "")
    status, out, _ = cli(capsys, "clean", "--format", "json", "--encoding", label, str(path))
    record = json.loads(out)
    assert record["encoding"] == "big5hkscs"
    assert record["text"] == TRAD


def test_cli_encoding_that_is_wrong_is_overruled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes(TRAD.encode("big5"))
    status, out, _ = cli(capsys, "clean", "--encoding", "gbk", str(path))
    assert (status, out) == (0, TRAD + "\n")


def test_cli_explain_shows_a_flag_as_question_marks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lost.txt"
    lines = ["江边湿地公园今天向市民开放", "公园管理处负责人介绍，湿地锟斤拷每天最多接待八千名游客。"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = cli(capsys, "explain", str(path))
    assert (status, err) == (1, "")
    (flagged,) = [line for line in out.splitlines() if "[?" in line]
    assert flagged.lstrip().startswith("2 ~ ")
    assert "湿地[?锟斤拷?]每天" in flagged
    assert "mojibake-unrecoverable (codec.lost-data)" in flagged
    # a flag changes nothing: clean keeps the text as it was
    status, out, _ = cli(capsys, "clean", str(path))
    assert out == "\n".join(lines) + "\n"


def test_cli_json_has_the_segments_of_a_mixed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ARTICLE.split("\n")
    data = b"\n".join(line.encode("utf-8" if i == 2 else "gbk") for i, line in enumerate(lines))
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    status, out, _ = cli(capsys, "clean", "--format", "json", str(path))
    assert status == 0
    record = json.loads(out)
    assert record["encoding"] == "mixed"
    assert record["text"] == ARTICLE
    segments = record["segments"]
    assert {s["encoding"] for s in segments} == {"gb18030", "utf-8"}
    assert segments[0]["start"] == 0 and segments[-1]["end"] == len(data)
    for before, after in itertools.pairwise(segments):
        assert before["end"] == after["start"]
        assert before["text_end"] == after["text_start"]
    for s in segments:
        assert set(s) == {"start", "end", "text_start", "text_end", "encoding", "lossy"}
        assert not s["lossy"]
        assert (
            data[s["start"] : s["end"]].decode(s["encoding"])
            == record["source"][s["text_start"] : s["text_end"]]
        )


def test_cli_json_segments_of_a_single_codec_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gbk.txt"
    data = ARTICLE.encode("gbk")
    path.write_bytes(data)
    _, out, _ = cli(capsys, "clean", "--format", "json", str(path))
    record = json.loads(out)
    assert record["segments"] == [
        {
            "start": 0,
            "end": len(data),
            "text_start": 0,
            "text_end": len(ARTICLE),
            "encoding": "gb18030",
            "lossy": False,
        }
    ]
