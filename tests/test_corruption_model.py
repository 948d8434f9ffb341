"""Tests of the corruption simulator in corruption.py, before any repair test relies on it.

The worked examples of docs/corruption.md must come out byte for byte; the properties
pin down the model's guarantees. Profiles live in conftest.py.
"""

from __future__ import annotations

import pytest
from corruption import (
    Insertion,
    aligned_boundaries,
    big5_read_as_gbk,
    double_utf8,
    flatten_punctuation,
    fold_fullwidth,
    gbk_read_as,
    gbk_read_as_big5,
    gbk_texts,
    insert_pinyin,
    insertion_offsets,
    insertion_outcomes,
    kunkao,
    mirror,
    mirror_decode,
    mirror_readings,
    mirror_tokens,
    mirrored_pages,
    tangtang,
    tuntun,
    utf8_read_as,
    utf8_read_as_lossy,
    whatwg_cp1252_decode,
    whatwg_cp1252_encode,
)
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import SIMP, TRAD, annotatable, annotate, titles

from cleanpage.detectors.pinyin import PinyinDetector, document_stats

# any GBK-encodable text, not only the article grammar's
gbk_strings = st.text(st.characters(codec="gbk"))
any_gbk_text = st.one_of(gbk_texts(), gbk_strings)

# --- the worked examples of corruption.md ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "dictionary", "expected"),
    [
        # §2.2: 驗 (F2 9E) matches across 因|為; 9E + "(" becomes one "?"
        ("因為人們僅僅將", {"驗": "yàn"}, "因?yàn)槿藗儍H僅將"),
        # §2.3: 專 across 搶|，, then 聯 at its own place while the decoder is misaligned
        ("哄搶，或聯手", {"專": "zhuān", "聯": "lián"}, "哄搶?zhuān)\ue0d6蚵?lián)手"),
        # an insertion after a whole character
        ("網易", {"網": "wǎng"}, "網(wǎng)易"),
        # the trail of ‘ plus "a" is 產, so the annotation lands after the Latin letter
        ("‘aha’", {"產": "chǎn"}, "‘a(chǎn)ha’"),
        # the fold alone: ，！ become ASCII
        ("你好，世界！", {}, "你好,世界!"),
    ],
)
def test_worked_examples(text: str, dictionary: dict[str, str], expected: str) -> None:
    assert mirror(text, dictionary) == expected


def test_byte_arithmetic_behind_the_examples() -> None:
    assert "驗".encode("gbk") == "因為".encode("gbk")[1:3]
    assert "專".encode("gbk") == "搶，".encode("gbk")[1:3]
    assert "產".encode("gbk") == "‘".encode("gbk")[1:] + b"a"
    assert "yàn".encode("gbk") == bytes.fromhex("79 A8A4 6E")


def test_example_a_bytes_after_insertion() -> None:
    raw = "因為人們僅僅將".encode("gbk")
    expected = bytes.fromhex("D2 F2 9E 28 79 A8 A4 6E 29 E9 C8 CB 82 83 83 48 83 48 8C A2")
    assert insert_pinyin(raw, {"驗": "yàn"}) == expected


def test_example_b_offsets_and_outcomes() -> None:
    text, dictionary = "哄搶，或聯手", {"專": "zhuān", "聯": "lián"}
    raw = text.encode("gbk")
    assert insertion_offsets(raw, dictionary) == [Insertion(5, "zhuān"), Insertion(10, "lián")]
    assert aligned_boundaries(text) == {0, 2, 4, 6, 8, 10, 12}
    outcomes = insertion_outcomes(text, dictionary)
    assert [(o.char, o.aligned, o.shown) for o in outcomes] == [
        ("專", False, "remnant"),
        ("聯", True, "remnant"),  # aligned, yet the decoder was misaligned when it got there
    ]


def test_latin_letter_example_outcome() -> None:
    (outcome,) = insertion_outcomes("‘aha’", {"產": "chǎn"})
    assert (outcome.offset, outcome.aligned, outcome.shown, outcome.index) == (3, False, "stray", 2)


# --- the pieces -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"abc", "abc"),
        (b"\xab\xcb", "\ue088"),  # user-defined area -> private use, as gb18030 maps it
        (b"\x9e(", "?"),  # a lead byte eats the ASCII byte after it
        (b"\x9e(x", "?x"),
        (b"\x80a", "?a"),
        (b"\xffa", "?a"),
        (b"\x81", "?"),  # a lead byte at the end of the data
        (b"\x81\x7f", "?"),
        (b"\x81\xff", "?"),
        (b"\x81\x30\x81\x30", "??"),  # no 4-byte GB18030 sequences: a 2-byte decoder
        (b"\x83\x48", "僅"),
        (b"\x48\x83\x48", "H僅"),
    ],
)
def test_mirror_decode(raw: bytes, expected: str) -> None:
    assert mirror_decode(raw) == expected


def test_per_line_decoding_keeps_the_newline() -> None:
    assert mirror_decode(b"\xa1\n\xa1\xa3") == "?。"  # the lead byte ate the newline
    assert mirror_decode(b"\xa1\n\xa1\xa3", per_line=True) == "?\n。"


def test_fold_keeps_the_a1_row() -> None:
    text = "甲，乙：丙？丁！（戊）；己　ＡＢ１２。、“”‘’…《》"
    assert fold_fullwidth(text) == "甲,乙:丙?丁!(戊);己 AB12。、“”‘’…《》"
    assert flatten_punctuation(text) == fold_fullwidth(text)


def test_aligned_boundaries_mixes_widths() -> None:
    assert aligned_boundaries("a因b") == {0, 1, 3, 4}
    assert aligned_boundaries("") == {0}


@pytest.mark.parametrize(
    ("text", "dictionary"),
    [
        ("价格€", {}),  # no GBK code
        ("好", {"a": "á"}),  # a one-byte key
        ("好", {"好好": "hǎo"}),  # not one character
        ("嗯", {"嗯": "ǹg"}),  # ǹ has no GBK code
    ],
)
def test_mirror_rejects_what_it_cannot_hold(text: str, dictionary: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        mirror(text, dictionary)


def test_overlapping_matches_all_count() -> None:
    # 儍 is 83 83: in 83 83 83 it matches twice, at offsets 0 and 1
    raw = bytes.fromhex("83 83 83 48")
    assert insertion_offsets(raw, {"儍": "ǎ"}) == [Insertion(2, "ǎ"), Insertion(3, "ǎ")]


# --- codec confusions: examples -------------------------------------------------------------


def test_codec_confusion_examples() -> None:
    assert utf8_read_as("中文", "gb18030") == "涓\ue15f枃"
    with pytest.raises(ValueError):
        utf8_read_as("中文", "gbk")  # AD E6 is user-defined: Python's gbk refuses it
    assert utf8_read_as_lossy("中文", "gbk") == "涓\ufffd鏂\ufffd"
    with pytest.raises(ValueError):
        utf8_read_as("中文", "utf-16")  # type: ignore[arg-type]
    assert gbk_read_as("中文", "latin-1") == "ÖÐÎÄ"
    assert gbk_read_as("實", "cp1252") == "Œ\x8d"  # 8D is undefined in Python's cp1252
    assert big5_read_as_gbk("說話") == "弧杠"
    assert gbk_read_as_big5("中文") == "笢恅"
    with pytest.raises(ValueError):
        gbk_read_as_big5("說話")  # D4 92: 0x92 is no Big5 trail byte
    assert double_utf8("中") == "ä¸\xad"
    assert double_utf8("丁") == "ä¸\x81"  # E4 B8 81: a cp1252 hole, kept as U+0081
    assert double_utf8("é", via="latin-1") == "Ã©"


@pytest.mark.parametrize("n", range(8))
def test_fingerprints(n: int) -> None:
    tail = "锟\ufffd" if n % 2 else ""  # the lone BD at the end does not decode
    assert kunkao(n) == "锟斤拷" * (n // 2) + tail
    assert tangtang(n) == "烫" * (n // 2) + "\ufffd" * (n % 2)
    assert tuntun(n) == "屯" * (n // 2) + "\ufffd" * (n % 2)


def test_whatwg_cp1252_covers_every_byte() -> None:
    every = bytes(range(256))
    assert whatwg_cp1252_encode(whatwg_cp1252_decode(every)) == every
    assert whatwg_cp1252_decode(b"\x80\x81\x9d\x9f") == "€\x81\x9dŸ"


# --- properties of the mirror -------------------------------------------------------------


@given(any_gbk_text)
def test_empty_dictionary_without_fold_is_identity(text: str) -> None:
    assert mirror(text, {}, fold=False) == text


@given(any_gbk_text)
def test_empty_dictionary_only_folds(text: str) -> None:
    assert mirror(text, {}) == fold_fullwidth(text)


@given(st.binary(max_size=64))
def test_decoder_tokens_cover_the_bytes(raw: bytes) -> None:
    tokens = mirror_tokens(raw)
    assert [t.start for t in tokens[1:]] == [t.end for t in tokens[:-1]]
    assert (tokens[0].start if tokens else 0) == 0
    assert (tokens[-1].end if tokens else 0) == len(raw)
    for token in tokens:
        assert len(token.text) == 1
        if token.text != "?":
            assert token.text.encode("gb18030") == raw[token.start : token.end]


def _clean_letters(text: str, avoid: str) -> list[str]:
    """Characters of ``text`` whose GBK code occurs only at their own places."""
    raw = text.encode("gbk")
    bounds = aligned_boundaries(text)
    letters = []
    for char in sorted(annotatable(text)):
        if char in avoid or not mirror_readings(char):
            continue
        code = char.encode("gbk")
        starts = [i for i in range(len(raw) - 1) if raw[i : i + 2] == code]
        if all(i in bounds and i + 2 in bounds for i in starts):
            letters.append(char)
    return letters


@given(st.data(), gbk_texts())
def test_only_aligned_matches_give_plain_annotation(data: st.DataObject, text: str) -> None:
    """With no misaligned match the decoder never loses step: the mirror writes exactly
    what a character-level annotator writes."""
    letters = _clean_letters(text, avoid="")
    chosen = data.draw(st.lists(st.sampled_from(letters), unique=True, max_size=15)) if letters else []
    dictionary = {char: data.draw(st.sampled_from(mirror_readings(char))) for char in chosen}
    assert mirror(text, dictionary, fold=False) == annotate(text, dictionary)[0]


@given(mirrored_pages())
def test_aligned_insertion_after_a_clean_stretch_is_intact(page: tuple[str, dict[str, str], str]) -> None:
    """The decoder starts aligned, and is aligned again after any byte below 0x40 and after
    an annotation placed behind a whole character. So an aligned insertion comes out as
    ``char(syllable)`` when the insertion before it was aligned too, or a byte below 0x40
    lies between them."""
    clean, dictionary, _ = page
    raw = clean.encode("gbk")
    bounds = aligned_boundaries(clean)
    damaged = insert_pinyin(raw, dictionary)
    shown = mirror(clean, dictionary, fold=False)
    outcomes = insertion_outcomes(clean, dictionary)
    previous: tuple[int, bool] | None = None
    shift = 0
    for (offset, syllable), outcome in zip(insertion_offsets(raw, dictionary), outcomes, strict=True):
        aligned = offset in bounds and offset - 2 in bounds
        assert outcome.aligned == aligned
        safe = previous is None or previous[1] or any(b < 0x40 for b in raw[previous[0] : offset - 2])
        if aligned and safe:
            start = len(mirror_decode(damaged[: offset + shift - 2]))
            char = raw[offset - 2 : offset].decode("gbk")
            assert shown[start : start + len(syllable) + 3] == f"{char}({syllable})"
            assert outcome.shown == "intact"
        previous = (offset, aligned)
        shift += len(f"({syllable})".encode("gbk"))


@given(mirrored_pages())
def test_every_insertion_leaves_its_syllable(page: tuple[str, dict[str, str], str]) -> None:
    """``(`` survives or becomes ``?`` with the byte before it; the syllable and ``)``
    always survive, because ``(`` realigns the decoder."""
    clean, dictionary, corrupted = page
    for o in insertion_outcomes(clean, dictionary):
        assert corrupted[o.index + 1 : o.index + len(o.syllable) + 2] == o.syllable + ")"
        if o.shown == "remnant":
            assert corrupted[o.index] == "?"
        else:
            assert corrupted[o.index] == "("
        if o.shown == "intact":
            assert corrupted[o.index - 1] == o.char


@given(mirrored_pages())
def test_mirrored_pages_pass_the_document_test(page: tuple[str, dict[str, str], str]) -> None:
    corrupted = page[2]
    assert PinyinDetector().is_annotated(corrupted)
    assert document_stats(corrupted).consistency == 1.0  # every occurrence, by construction
    assert "\ufffd" not in corrupted


@given(mirrored_pages())
def test_per_line_decoding_differs_only_by_swallowed_newlines(page: tuple[str, dict[str, str], str]) -> None:
    clean, dictionary, corrupted = page
    by_line = mirror(clean, dictionary, per_line=True)
    assert by_line.split("\n") == [mirror(line, dictionary) for line in clean.split("\n")]
    kept_all = corrupted.count("\n") == clean.count("\n")
    assert (corrupted == by_line) == kept_all


# --- properties of the codec confusions ------------------------------------------------------


# short strings: a long Chinese text almost never survives a strict misreading
han_strings = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=12)
short_strings = st.one_of(st.text(), st.text(st.characters(codec="gbk"), max_size=12), han_strings)


@given(st.one_of(short_strings, titles(SIMP), titles(TRAD)), st.sampled_from(["gb18030", "gbk"]))
def test_utf8_read_as_chinese_round_trips(text: str, codec: str) -> None:
    try:
        shown = utf8_read_as(text, codec)  # type: ignore[arg-type]
    except ValueError:
        assume(False)
        raise
    assert shown.encode(codec).decode("utf-8") == text
    assert utf8_read_as_lossy(text, codec) == shown  # type: ignore[arg-type]


@given(any_gbk_text)
def test_gbk_read_as_single_byte_round_trips(text: str) -> None:
    assert whatwg_cp1252_encode(gbk_read_as(text, "cp1252")).decode("gbk") == text
    assert gbk_read_as(text, "latin-1").encode("latin-1").decode("gbk") == text


@given(st.text())
def test_double_utf8_round_trips(text: str) -> None:
    assert whatwg_cp1252_encode(double_utf8(text, via="cp1252")).decode("utf-8") == text
    assert double_utf8(text, via="latin-1").encode("latin-1").decode("utf-8") == text


@given(gbk_texts(TRAD))
def test_big5_read_as_gbk_round_trips(text: str) -> None:
    try:
        shown = big5_read_as_gbk(text)
    except ValueError:
        assume(False)
        raise
    assert shown.encode("gb18030").decode("big5") == text
