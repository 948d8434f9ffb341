"""decode(): the encodings scraped Chinese pages arrive in, as files on disk, and pages
that mix encodings line by line or inside a line.

Each fixture is written to ``tmp_path`` as a real file, read back as bytes and cleaned
with :func:`cleanpage.clean` and with the ``cleanpage clean`` command: the text must be
the article exactly and ``encoding`` the expected name. Properties cover generated
articles in every codec, pages whose lines are in different codecs, and the byte
accounting of :attr:`Decoded.segments` on arbitrary bytes.

Every fixture sentence is written for these tests (Simplified, Traditional, Cantonese
with HKSCS characters, and Simplified with characters only GB18030 holds).
"""

from __future__ import annotations

import bisect
import codecs
import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
import regex
from hypothesis import assume, example, given
from hypothesis import strategies as st
from strategies import SIMP, TRAD, article_lines, articles

import cleanpage
from cleanpage.cli import main
from cleanpage.decode import _has_utf8_runs, decode, looks_binary
from cleanpage.result import Segment

# --- fixture articles (title, then one paragraph per line: cleanpage's output format) ---

ARTICLE_S = "\n".join(
    [
        "江边湿地公园今天向市民开放",
        "经过两年的修复，城西江边的湿地公园今天上午正式向市民开放，园内种植了三十多种本地水生植物。",
        "公园管理处负责人介绍，湿地每天最多接待八千名游客，节假日需要提前在网上预约。",
        "一位带着孩子来参观的市民说，这里离家很近，周末可以常来看看候鸟。",
    ]
)
ARTICLE_T = "\n".join(
    [
        "港口博物館舉辦百年航運展覽",
        "位於港口舊倉庫的博物館本週推出航運歷史展覽，展出兩百多件船模、海圖和老照片。",
        "館方表示，展覽將持續到明年三月，學生團體可以預約免費導覽。",
        "一位退休船長在開幕當天捐出了自己保存多年的航海日誌。",
    ]
)
# Cantonese: 嘅 嘢 哋 啲 喺 are in Big5-HKSCS but not in plain Big5
ARTICLE_HK = "\n".join(
    [
        "街坊講古：老茶餐廳嘅四十年",
        "佢話當年喺街口開舖，每朝五點就要起身煲奶茶，一日賣幾百杯。",
        "而家啲後生仔鍾意嚟影相，佢哋話呢度嘅嘢食好有舊時味道。",
        "老闆娘笑住講，舖頭冇打算搬，做得一日就做一日。",
    ]
)
# 𠮷 (U+20BB7, Extension B) is a 4-byte GB18030 sequence; neither it nor € is in GBK
ARTICLE_GB4 = "\n".join(
    [
        "古籍修复中心收到一批清代账本",
        "账本中有一个少见的“𠮷”字，写法是上面一个土，下面一个口，修复人员特意做了标注。",
        "同批文物里还有一张外国商船的收据，上面用欧元符号写着“12€”，专家认为是后人补记。",
        "修复工作预计持续半年，完成后将在省博物馆展出。",
    ]
)
S_LINES = ARTICLE_S.split("\n")
T_LINES = ARTICLE_T.split("\n")


def per_line(lines: Sequence[str], encodings: Sequence[str]) -> bytes:
    """Each line in its own codec, joined by ``\\n``."""
    return b"\n".join(line.encode(enc) for line, enc in zip(lines, encodings, strict=True))


def test_fixtures_need_the_codecs_they_are_for() -> None:
    assert ARTICLE_S.encode("gbk")
    assert ARTICLE_T.encode("big5")
    with pytest.raises(UnicodeEncodeError):
        ARTICLE_HK.encode("big5")
    assert ARTICLE_HK.encode("big5hkscs")
    with pytest.raises(UnicodeEncodeError):
        ARTICLE_GB4.encode("gbk")
    assert len("𠮷".encode("gb18030")) == 4
    assert "€".encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        ARTICLE_S.encode("gbk").decode("utf-8")


# --- byte accounting ---------------------------------------------------------------------


def assert_segments_account(data: bytes, text: str, segments: Sequence[Segment]) -> None:
    """Segments are contiguous, cover every byte and every character, and each non-lossy
    segment's bytes decode, by the codec it names, to exactly its text."""
    if not data:
        assert text == ""
        assert not segments
        return
    assert segments, "bytes without segments"
    assert segments[0].start == 0 and segments[0].text_start == 0
    assert segments[-1].end == len(data) and segments[-1].text_end == len(text)
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start, (before, after)
        assert before.text_end == after.text_start, (before, after)
    for s in segments:
        assert s.start < s.end and s.text_start <= s.text_end, s
        if s.lossy:
            continue
        chunk = data[s.start : s.end]
        encoding = s.encoding
        if encoding == "utf-8" and len(segments) == 1 and chunk.startswith(codecs.BOM_UTF8):
            # a page read after a UTF-8 byte-order mark is named utf-8 (Python's
            # utf-8-sig); utf-16 and utf-32 already consume their mark
            encoding = "utf-8-sig"
        assert chunk.decode(encoding) == text[s.text_start : s.text_end], s


def encodings_of_line_bytes(data: bytes, segments: Sequence[Segment], start: int, end: int) -> set[str]:
    """The encodings of the segments holding the non-ASCII bytes of ``data[start:end]``
    (ASCII joins whatever segment it touches, so it says nothing)."""
    starts = [s.start for s in segments]
    found: set[str] = set()
    for i in range(start, end):
        if data[i] >= 0x80:
            s = segments[bisect.bisect_right(starts, i) - 1]
            found.add(f"{s.encoding}{' (lossy)' if s.lossy else ''}")
    return found


# --- whole files ---------------------------------------------------------------------------

BOM16LE, BOM16BE = codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE
SINGLE = [
    ("gbk", ARTICLE_S.encode("gbk"), ARTICLE_S, "gb18030"),
    ("gb18030-4-byte", ARTICLE_GB4.encode("gb18030"), ARTICLE_GB4, "gb18030"),
    ("big5", ARTICLE_T.encode("big5"), ARTICLE_T, "big5hkscs"),
    ("big5-hkscs", ARTICLE_HK.encode("big5hkscs"), ARTICLE_HK, "big5hkscs"),
    ("utf-8", ARTICLE_S.encode("utf-8"), ARTICLE_S, "utf-8"),
    ("utf-8-traditional", ARTICLE_T.encode("utf-8"), ARTICLE_T, "utf-8"),
    ("utf-8-bom", ARTICLE_S.encode("utf-8-sig"), ARTICLE_S, "utf-8"),
    ("utf-16-le-bom", BOM16LE + ARTICLE_S.encode("utf-16-le"), ARTICLE_S, "utf-16"),
    ("utf-16-be-bom", BOM16BE + ARTICLE_T.encode("utf-16-be"), ARTICLE_T, "utf-16"),
    ("utf-16-le", ARTICLE_S.encode("utf-16-le"), ARTICLE_S, "utf-16-le"),
    ("utf-16-be", ARTICLE_T.encode("utf-16-be"), ARTICLE_T, "utf-16-be"),
    ("utf-32-bom", ARTICLE_HK.encode("utf-32"), ARTICLE_HK, "utf-32"),
    ("utf-32-le", ARTICLE_S.encode("utf-32-le"), ARTICLE_S, "utf-32-le"),
    ("utf-32-be", ARTICLE_GB4.encode("utf-32-be"), ARTICLE_GB4, "utf-32-be"),
]
MIXED = [
    ("utf-8-line-in-gbk", per_line(S_LINES, ["gbk", "utf-8", "gbk", "gbk"]), ARTICLE_S),
    ("gbk-line-in-utf-8", per_line(S_LINES, ["utf-8", "utf-8", "gbk", "utf-8"]), ARTICLE_S),
    ("utf-8-line-in-big5", per_line(T_LINES, ["big5", "big5", "utf-8", "big5"]), ARTICLE_T),
    (
        "line-half-gbk-half-utf-8",
        per_line(S_LINES[:2], ["gbk", "gbk"])
        + b"\n"
        + "公园管理处负责人介绍，".encode("gbk")
        + "湿地每天最多接待八千名游客，节假日需要提前在网上预约。".encode()
        + b"\n"
        + S_LINES[3].encode("gbk"),
        ARTICLE_S,
    ),
    (
        "line-half-utf-8-half-gbk",
        per_line(S_LINES[:3], ["gbk", "gbk", "gbk"])
        + b"\n"
        + "一位带着孩子来参观的市民说，".encode()
        + "这里离家很近，周末可以常来看看候鸟。".encode("gbk"),
        ARTICLE_S,
    ),
]
FILES = SINGLE + [(name, data, text, "mixed") for name, data, text in MIXED]
# BOM-less UTF-16 of text with a character such as 一 (U+4E00, bytes 00 4E) has NUL
# bytes at both parities: the CLI must still take it for text
CLI_FILES = [pytest.param(*case, id=case[0]) for case in FILES]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / f"{name}.html"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "data", "text", "encoding"), FILES, ids=[f[0] for f in FILES])
def test_file_decodes_to_the_article(
    tmp_path: Path, name: str, data: bytes, text: str, encoding: str
) -> None:
    raw = _write(tmp_path, name, data).read_bytes()
    result = cleanpage.clean(raw)
    assert result.text == text
    assert result.encoding == encoding
    assert not result.warnings
    assert_segments_account(raw, result.source, result.segments)
    if encoding == "mixed":
        assert len({s.encoding for s in result.segments} - {"ascii"}) == 2
    else:
        assert [s.encoding for s in result.segments] == [encoding]


@pytest.mark.parametrize(("name", "data", "text", "encoding"), CLI_FILES)
def test_cli_cleans_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, text: str, encoding: str
) -> None:
    path = _write(tmp_path, name, data)
    assert main(["clean", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == text + "\n"


def test_mixed_page_segments_say_which_line_was_read_how() -> None:
    data = per_line(S_LINES, ["gbk", "utf-8", "gbk", "utf-8"])
    decoded = decode(data)
    assert decoded.encoding == "mixed"
    pos = 0
    for line, expected in zip(S_LINES, ["gb18030", "utf-8", "gb18030", "utf-8"], strict=True):
        end = pos + len(line.encode("gbk" if expected == "gb18030" else "utf-8"))
        assert encodings_of_line_bytes(data, decoded.segments, pos, end) == {expected}
        pos = end + 1


def test_half_line_segments_split_where_the_codec_changes() -> None:
    gbk = "公园管理处负责人介绍，".encode("gbk")
    utf8 = "湿地每天最多接待八千名游客，节假日需要提前在网上预约。".encode()
    data = gbk + utf8
    decoded = decode(data)
    assert decoded.text == S_LINES[2]
    assert [(s.start, s.end, s.encoding) for s in decoded.segments] == [
        (0, len(gbk), "gb18030"),
        (len(gbk), len(data), "utf-8"),
    ]


# --- a page's own declaration, and the caller's ---------------------------------------------

DECLARED = [
    ("meta-utf-8-but-gbk", b'<meta charset="utf-8">\n' + ARTICLE_S.encode("gbk"), ARTICLE_S, "gb18030"),
    (
        "meta-gbk-but-utf-8",
        b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">\n' + ARTICLE_S.encode(),
        ARTICLE_S,
        "utf-8",
    ),
    ("meta-big5-but-gbk", b'<meta charset="big5">\n' + ARTICLE_S.encode("gbk"), ARTICLE_S, "gb18030"),
    ("meta-gb2312-but-big5", b"<meta charset=gb2312>\n" + ARTICLE_T.encode("big5"), ARTICLE_T, "big5hkscs"),
    ("meta-big5-true", b'<meta charset="big5">\n' + ARTICLE_HK.encode("big5hkscs"), ARTICLE_HK, "big5hkscs"),
]


@pytest.mark.parametrize(("name", "data", "text", "encoding"), DECLARED, ids=[d[0] for d in DECLARED])
def test_page_whose_meta_charset_lies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, text: str, encoding: str
) -> None:
    path = _write(tmp_path, name, data)
    result = cleanpage.clean(path.read_bytes())
    assert result.text == text  # the <meta> line is markup residue and goes
    assert result.encoding == encoding
    assert main(["clean", str(path)]) == 0
    assert capsys.readouterr().out == text + "\n"


def test_xml_declaration_is_read() -> None:
    body = ARTICLE_T.encode("big5")
    decoded = decode(b'<?xml version="1.0" encoding="big5"?>\n' + body)
    assert decoded.encoding == "big5hkscs"
    assert decoded.text.split("\n", 1)[1] == ARTICLE_T
    decoded = decode(b'<?xml version="1.0" encoding="utf-8"?>\n' + ARTICLE_S.encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert decoded.text.split("\n", 1)[1] == ARTICLE_S


CALLER = [
    ("big5-right", ARTICLE_T.encode("big5"), "big5", ARTICLE_T, "big5hkscs"),
    ("gbk-right", ARTICLE_S.encode("gbk"), "gbk", ARTICLE_S, "gb18030"),
    ("big5-for-hkscs", ARTICLE_HK.encode("big5hkscs"), "big5", ARTICLE_HK, "big5hkscs"),
    ("big5-for-gbk", ARTICLE_S.encode("gbk"), "big5", ARTICLE_S, "gb18030"),
    ("gbk-for-big5", ARTICLE_T.encode("big5"), "gbk", ARTICLE_T, "big5hkscs"),
    ("utf-8-for-gbk", ARTICLE_S.encode("gbk"), "utf-8", ARTICLE_S, "gb18030"),
    ("gbk-for-utf-8", ARTICLE_S.encode(), "gbk", ARTICLE_S, "utf-8"),
    ("latin-1-for-utf-8", ARTICLE_T.encode(), "latin-1", ARTICLE_T, "utf-8"),
    ("windows-1252-for-big5", ARTICLE_T.encode("big5"), "windows-1252", ARTICLE_T, "big5hkscs"),
    ("shift-jis-for-gbk", ARTICLE_S.encode("gbk"), "shift_jis", ARTICLE_S, "gb18030"),
    ("unknown-label", ARTICLE_S.encode("gbk"), "no-such-charset", ARTICLE_S, "gb18030"),
    ("gbk-beats-meta", b'<meta charset="big5">\n' + ARTICLE_S.encode("gbk"), "gbk", ARTICLE_S, "gb18030"),
]


@pytest.mark.parametrize(("name", "data", "declared", "text", "encoding"), CALLER, ids=[c[0] for c in CALLER])
def test_caller_encoding_right_or_wrong(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    declared: str,
    text: str,
    encoding: str,
) -> None:
    path = _write(tmp_path, name, data)
    result = cleanpage.clean(path.read_bytes(), encoding=declared)
    assert result.text == text
    assert result.encoding == encoding
    assert main(["clean", "--encoding", declared, str(path)]) == 0
    assert capsys.readouterr().out == text + "\n"


# --- what per-line decoding gets wrong today (minimal cases, see the reasons) ---------------


def test_line_utf8_then_gbk_that_gb18030_also_reads() -> None:
    line = "介绍".encode() + "湿地".encode("gbk")  # GB18030 reads it as 浠嬬粛湿地
    assert decode(S_LINES[0].encode("gbk") + b"\n" + line).text == S_LINES[0] + "\n介绍湿地"


def test_line_utf8_then_gbk_whose_first_gbk_bytes_look_like_utf8() -> None:
    line = "介绍，".encode() + "湿地每天".encode("gbk")  # read as 介绍，ʪ地每天
    assert decode(line).text == "介绍，湿地每天"


def test_line_gbk_then_utf8_whose_last_gbk_bytes_look_like_utf8() -> None:
    line = "新馆共有藏书，".encode("gbk") + "设有儿童阅览区。".encode()
    assert decode(line).text == "新馆共有藏书，设有儿童阅览区。"


def test_gbk_line_next_to_a_utf8_line_keeps_gbk() -> None:
    data = "积极推动产业".encode("gbk") + b"\n" + "市政府在北京推动产业升级。".encode()
    assert decode(data).text == "积极推动产业\n市政府在北京推动产业升级。"


# --- UTF-8 inside a line of another codec ------------------------------------------------
# _has_utf8_runs decides which lines go to the per-byte search: it must see every UTF-8
# run put between characters of the page's codec, and none in text of that codec alone
# (GBK and Big5 text is full of byte runs that are well-formed UTF-8).


@given(st.data())
def test_text_in_one_codec_holds_no_utf8_run(data: st.DataObject) -> None:
    script, codec = data.draw(st.sampled_from([(SIMP, "gbk"), (TRAD, "big5")]))
    text = data.draw(articles(script))
    page = _encode(text, codec)
    assert not _has_utf8_runs(page, "gb18030" if codec == "gbk" else "big5hkscs")
    assert len(decode(page).segments) == 1  # one reading of the whole page


@given(st.data())
def test_utf8_between_characters_of_another_codec_is_found(data: st.DataObject) -> None:
    """Chinese in UTF-8 between two pieces of text in the page's codec sends the line
    to the per-byte search (which then splits it; see the tests above and
    test_segment_is_the_per_byte_search)."""
    script, codec = data.draw(st.sampled_from([(SIMP, "gbk"), (TRAD, "big5")]))
    left, run, right = (data.draw(article_lines(script, 1, 1))[-1] for _ in range(3))
    assume(regex.search(r"\p{Han}{2}", run))
    line = _encode(left, codec) + run.encode() + _encode(right, codec)
    assert _has_utf8_runs(line, "gb18030" if codec == "gbk" else "big5hkscs")


def test_big5_page_with_a_utf8_run_in_a_line_is_read_as_big5() -> None:
    """GB18030 reads any bytes, so it was the one reading of the whole page; the Big5
    lines that both codecs read decide the page's codec."""
    title, line, run = "北京積極推動產業升級", "市政府積極推動產業升級。", "市政府在北京推動產業升級。"
    page = f"{title}\n{line}\n{line}".encode("big5") + run.encode() + line.encode("big5")
    decoded = decode(page)
    assert decoded.text == f"{title}\n{line}\n{line}{run}{line}"
    assert decoded.encoding == "mixed"


MIXED_S = per_line(S_LINES, ["gbk", "utf-8", "gbk", "gbk"])


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        pytest.param(MIXED_S, "iso-8859-1", id="caller-iso-8859-1"),
        pytest.param(MIXED_S, "windows-1252", id="caller-windows-1252"),
        pytest.param(MIXED_S, "big5", id="caller-big5"),
        pytest.param(MIXED_S, "utf-16", id="caller-utf-16"),
        pytest.param(b'<meta charset="big5">\n' + MIXED_S, None, id="meta-big5"),
    ],
)
def test_wrong_charset_on_a_mixed_page_is_overruled(data: bytes, declared: str | None) -> None:
    text = decode(data, declared).text
    assert text.split("\n")[-len(S_LINES) :] == S_LINES


@pytest.mark.parametrize("data", [b"\n\x00\x80", b"\x00\x00\n\x00\x80"])
def test_segments_account_for_a_declared_utf16_page(data: bytes) -> None:
    decoded = decode(data, "utf-16")
    assert_segments_account(data, decoded.text, decoded.segments)


# --- properties ------------------------------------------------------------------------------

EXPECTED_NAME = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "utf-16": "utf-16",
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
    "utf-32": "utf-32",
    "utf-32-le": "utf-32-le",
    "utf-32-be": "utf-32-be",
}


def _encode(text: str, codec: str) -> bytes:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        assume(False)
        raise


@given(st.sampled_from((SIMP, TRAD)), st.sampled_from(sorted(EXPECTED_NAME)), st.data())
def test_single_codec_article_decodes_exactly_and_is_not_mixed(
    script: int, codec: str, data: st.DataObject
) -> None:
    text = data.draw(articles(script))
    raw = _encode(text, codec)
    decoded = decode(raw)
    assert decoded.text == text
    assert decoded.encoding == EXPECTED_NAME[codec]
    assert len(decoded.segments) == 1
    assert not decoded.warnings


@st.composite
def mixed_pages(draw: st.DrawFn, script: int, codecs: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(article lines, the codec of each line)."""
    lines = draw(article_lines(script))
    return lines, [draw(st.sampled_from(codecs)) for _ in lines]


def assert_every_line_decoded(lines: list[str], encodings: list[str]) -> None:
    raw_lines = [_encode(line, enc) for line, enc in zip(lines, encodings, strict=True)]
    data = b"\n".join(raw_lines)
    decoded = decode(data)
    assert decoded.text.split("\n") == lines
    assert_segments_account(data, decoded.text, decoded.segments)
    pos = 0
    for raw, enc in zip(raw_lines, encodings, strict=True):
        found = encodings_of_line_bytes(data, decoded.segments, pos, pos + len(raw))
        assert found <= {EXPECTED_NAME[enc]}, (raw, enc, found)
        pos += len(raw) + 1


@example((["积极推动产业", "市政府在北京推动产业升级。"], ["gbk", "utf-8"]))
@given(mixed_pages(SIMP, ("utf-8", "gbk")))
def test_lines_in_utf8_or_gbk_each_decode_exactly(case: tuple[list[str], list[str]]) -> None:
    assert_every_line_decoded(*case)


@given(mixed_pages(TRAD, ("utf-8", "big5")))
def test_lines_in_utf8_or_big5_each_decode_exactly(case: tuple[list[str], list[str]]) -> None:
    assert_every_line_decoded(*case)


@st.composite
def spliced_pages(draw: st.DrawFn) -> bytes:
    """Generated lines cut into pieces, each piece in its own codec: whole-line and
    in-line mixtures, some of which no reading recovers (lossy segments)."""
    out = []
    for line in draw(article_lines()):
        cuts = sorted(draw(st.lists(st.integers(0, len(line)), max_size=2)))
        pieces = [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]
        raw = b""
        for piece in pieces:
            codec = draw(st.sampled_from(("utf-8", "gb18030", "gbk", "big5hkscs")))
            try:
                raw += piece.encode(codec)
            except UnicodeEncodeError:
                raw += piece.encode("utf-8")
        out.append(raw)
    return draw(st.sampled_from((b"\n", b"\r\n"))).join(out)


# pieces whose concatenations hit every branch of decode(): BOMs, NUL lanes, cut UTF-8,
# bytes no codec reads, declarations
BYTE_PIECES = (
    b"\n",
    "中文".encode(),
    "中文".encode("gbk"),
    "漢字".encode("big5"),
    b"\xff",
    b"\x80",
    b"ab",
    b"\xe4\xb8",
    b"\x00",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    b"<meta charset=gbk>",
)


@given(
    st.one_of(
        st.binary(),
        st.binary(min_size=64, max_size=600),
        spliced_pages(),
        st.lists(
            st.sampled_from(BYTE_PIECES),
            max_size=40,
        ).map(b"".join),
    ),
    st.sampled_from((None, "gbk", "big5", "utf-8", "latin-1", "shift_jis", "euc-kr", "no-such-charset")),
)
def test_segments_account_for_every_byte(data: bytes, declared: str | None) -> None:
    decoded = decode(data, declared)  # never raises
    assert isinstance(decoded.text, str)
    assert_segments_account(data, decoded.text, decoded.segments)
    assert (
        decoded.encoding == "mixed"
        or len(decoded.segments) <= 1
        or {s.encoding for s in decoded.segments} <= {decoded.encoding, "ascii"}
    )
    looks_binary(data)  # never raises either


@given(articles())
def test_clean_reports_the_segments_of_its_input(text: str) -> None:
    data = text.encode("gbk", errors="ignore")
    result = cleanpage.clean(data)
    assert_segments_account(data, result.source, result.segments)
    assert [s.to_dict() for s in result.segments] == result.to_dict()["segments"]
    assert cleanpage.clean(text).segments == []  # str input was never bytes


@given(
    st.sampled_from((SIMP, TRAD)),
    st.sampled_from(("utf-8", "utf-8-sig", "gbk", "big5", "utf-16", "utf-32")),
    st.data(),
)
def test_text_pages_do_not_look_binary(script: int, codec: str, data: st.DataObject) -> None:
    assert not looks_binary(_encode(data.draw(articles(script)), codec))


@example("今天一\n明天\n")
@given(articles())
def test_bomless_utf16_pages_do_not_look_binary(text: str) -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        assert not looks_binary(text.encode(codec))


# --- _segment: the ASCII shortcut gives what the per-byte search gives ---------------


def _segment_per_byte(line: bytes, primary: str) -> list[tuple[int, int, str, str, bool]]:
    """The definition of decode._segment, one byte at a time (no shortcut over ASCII
    runs): the oracle for test_segment_is_the_per_byte_search."""
    from cleanpage.charmodel import COMMON_HAN, char_score
    from cleanpage.decode import _INVALID, _SWITCH, _char_at

    codecs_ = ("utf-8", primary)
    n = len(line)
    neg = float("-inf")
    best = [[neg, neg] for _ in range(n + 1)]
    back: list[list[tuple[int, int, str, bool] | None]] = [[None, None] for _ in range(n + 1)]
    best[0][0] = best[0][1] = 0.0
    for i in range(n):
        for c in (0, 1):
            here = best[i][c]
            if here == neg:
                continue
            for c2 in (0, 1):
                if line[i] < 0x80 and c2 != c:
                    continue
                read = _char_at(line, i, codecs_[c2])
                if read is None:
                    continue
                text, length = read
                value = here + sum(char_score(ch) - COMMON_HAN for ch in text) - (_SWITCH if c2 != c else 0.0)
                if value > best[i + length][c2]:
                    best[i + length][c2] = value
                    back[i + length][c2] = (i, c, text, False)
            if here - _INVALID > best[i + 1][c]:
                best[i + 1][c] = here - _INVALID
                back[i + 1][c] = (i, c, "\ufffd", True)
    c = 0 if best[n][0] >= best[n][1] else 1
    chars = []
    j = n
    while j > 0:
        step = back[j][c]
        assert step is not None
        i, prev, text, lossy = step
        chars.append((i, j, -1 if lossy else c, text))
        j, c = i, prev
    chars.reverse()
    pieces: list[tuple[int, int, str, str, bool]] = []
    for start, end, k, text in chars:
        name = "ascii" if k >= 0 and end - start == 1 and line[start] < 0x80 else codecs_[max(k, 0)]
        if pieces and (pieces[-1][2] == name or name == "ascii") and pieces[-1][4] == (k < 0):
            a, _b, enc, t, lo = pieces[-1]
            pieces[-1] = (a, end, enc, t + text, lo)
        else:
            pieces.append((start, end, name, text, k < 0))
    return pieces


# pieces of mixed lines: ASCII runs (markup, digits, GB18030 four-byte digits), UTF-8,
# GBK and Big5 characters, and bytes no codec reads
_LINE_PIECES = st.sampled_from(
    [b"<p>", b"a", b"12", b" ", b"\t", b"\x01", b"\x80", b"\xff", b"\x81\x30", b"\x81\x30\x81\x30", b"@"]
    + [ch.encode(codec) for ch in "中文的網頁内容" for codec in ("utf-8", "gb18030")]
    + [ch.encode("big5") for ch in "網頁內容"]
)


_PRIMARIES = st.sampled_from(["gb18030", "big5hkscs", "latin-1"])


@given(st.lists(_LINE_PIECES, max_size=30).map(b"".join), _PRIMARIES)
@example(b"\xd6\xd0<p>\xe4\xb8\xad", "gb18030")
def test_segment_is_the_per_byte_search(line: bytes, primary: str) -> None:
    from cleanpage.decode import _segment

    assert _segment(line, primary) == _segment_per_byte(line, primary)


def _char_at_by_trying(line: bytes, i: int, codec: str) -> tuple[str, int] | None:
    """decode._char_at's definition: the first length that decodes to one or two
    characters, trying 2, 3 and 4 bytes for UTF-8 and 2 and 4 for the others."""
    if line[i] < 0x80:
        return chr(line[i]), 1
    for length in (2, 3, 4) if codec == "utf-8" else (2, 4):
        if i + length > len(line):
            break
        try:
            text = line[i : i + length].decode(codec)
        except UnicodeDecodeError:
            continue
        if 1 <= len(text) <= 2:
            return text, length
    return None


@given(st.binary(min_size=1, max_size=12), st.sampled_from(["utf-8", "gb18030", "big5hkscs", "cp932"]))
def test_char_at_is_the_first_length_that_decodes(line: bytes, codec: str) -> None:
    from cleanpage.decode import _char_at

    for i in range(len(line)):
        assert _char_at(line, i, codec) == _char_at_by_trying(line, i, codec)


def test_page_read_as_utf16_is_searched_for_utf8_without_error() -> None:
    """A <meta> saying UTF-16 on bytes that UTF-16 also reads (NULs, then UTF-8): the
    search for UTF-8 runs reads the page with UTF-16, whose incremental reader refuses
    a page without a BOM. Found by the byte-soup fuzzer."""
    page = b"\x00\x00\x00\x00\x80" + b"\x00" * 11 + b"<meta charset=utf-16>" + "北京积极推动产业升级".encode()
    for data in (page, b"\xef\xbb\xbf" + page):
        decoded = decode(data)
        assert_segments_account(data, decoded.text, decoded.segments)


def test_utf8_after_gbk_bytes_shaped_like_a_surrogate_is_found() -> None:
    """理。 in GBK ends in ED A1 A3, which has UTF-8's shape but encodes a surrogate: a
    run must not start there and swallow the UTF-8 after it (a strict decode would then
    refuse the whole run). Found by test_utf8_between_characters_of_another_codec_is_found."""
    gbk, utf8 = "市政府积极加强安全管理。", "市政府积极推动产业升级。"
    line = gbk.encode("gbk") + utf8.encode()
    assert _has_utf8_runs(line, "gb18030")
    assert decode(S_LINES[0].encode("gbk") + b"\n" + line).text == f"{S_LINES[0]}\n{gbk}{utf8}"


@given(
    st.binary(max_size=80)
    | st.lists(
        st.sampled_from(
            [
                b"\xe4\xb8\xad",
                b"\xd6\xd0",
                b"a",
                b"\xed\xa1\xa3",
                b"\xc2\x80",
                b"\xf0\x9f\x98\x80",
                b"\xf4\x90\x80\x80",
            ]
        ),
        max_size=20,
    ).map(b"".join)
)
def test_utf8_run_pattern_finds_the_runs_the_regex_module_finds(data: bytes) -> None:
    """The run pattern runs on the standard engine behind a lookahead, for speed; the
    plain pattern on the regex module, which ran it before, gives the same runs on any
    bytes."""
    import regex

    from cleanpage.decode import _UTF8_RUN, UTF8_RUN_BODY

    other = regex.compile(UTF8_RUN_BODY)
    assert [m.span() for m in _UTF8_RUN.finditer(data)] == [m.span() for m in other.finditer(data)]


@given(st.binary(max_size=300))
def test_control_bytes_are_counted_as_the_plain_loop_counts(data: bytes) -> None:
    from cleanpage.decode import _controls

    assert _controls(data) == sum(1 for b in data if b < 9 or 13 < b < 32)


# common and rare hanzi in both scripts, marks, ASCII, and Latin-1 letters (the stuff
# of readings that went wrong)
_READING_CHARS = (
    "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过"
    "天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些"
    "見說時國們這個來為龜鑿鱻䶮¤©ÖÐ，。！？、 \nabc123"
)
_READING_TEXT = st.text(st.sampled_from(list(_READING_CHARS)), max_size=300)


@given(_READING_TEXT)
def test_the_score_bounds_hold_the_score(text: str) -> None:
    from cleanpage.decode import _score, _score_bound, _score_floor

    assert _score_floor(text) <= _score(text) <= _score_bound(text) + 1e-9


@given(
    st.lists(
        st.tuples(st.sampled_from(["gb18030", "big5hkscs", "utf-8", "shift_jis"]), _READING_TEXT), max_size=4
    ),
    st.one_of(st.none(), st.sampled_from(["gb18030", "big5hkscs", "utf-8", "euc-kr"])),
)
def test_choosing_a_reading_is_scoring_them_all(
    readings: list[tuple[str, str]], declared: str | None
) -> None:
    """_choose scores a reading beside the declared one only when its score bound says it
    could win: it chooses what scoring every reading chooses, with its score (or None
    when the declared reading won on bounds alone)."""
    from cleanpage.decode import _OVERRIDE_MARGIN, _choose, _score, _score_floor

    readings = list(dict(readings).items())  # one reading per codec, as decode() makes them
    if not readings:
        return
    scored = {name: _score(text) for name, text in readings}
    best = max(readings, key=lambda r: scored[r[0]])
    if declared in scored and scored[best[0]] - scored[declared] < _OVERRIDE_MARGIN:
        best = next(r for r in readings if r[0] == declared)
    name, text, score, floor = _choose(readings, declared)
    assert (name, text) == best
    # the score is worked out unless the declared reading won on bounds alone, and
    # then its floor is
    assert score == scored[name] or (score is None and name == declared and floor == _score_floor(text))
