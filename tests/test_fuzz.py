"""Fuzz tests: ``cleanpage.clean`` on anything, checked against what every Result promises.

Targets (one test each): arbitrary bytes, byte soups of encoded Chinese, encoded and
damaged pages, arbitrary str, character soups, HTML from a grammar, and portal-like
text (``fuzz_strategies.py``). Every example must satisfy :func:`assert_fuzz_invariants`:
no exception, status ``clean``, output that is UTF-8 text in the output format, edits that
are in bounds, sorted, disjoint and turn the source into the text and back, decoding
segments that account for every input byte, and a fixed point: the output cleaned again
(as text) is unchanged.

The ``default`` hypothesis profile keeps each target to a few dozen examples, so these
run in every ``pytest``. The long run is the ``fuzz`` profile (tests/conftest.py):

    HYPOTHESIS_PROFILE=fuzz python -m pytest -p no:cacheprovider tests/test_fuzz.py \\
        --hypothesis-show-statistics

with ``CLEANPAGE_FUZZ_EXAMPLES`` examples per target (docs/reliability.md).
"""

from __future__ import annotations

import json

import pytest
from fuzz_invariants import (
    KNOWN_HTML_OVERLAP,
    STRIPPED_AT_EDGES,
    assert_segments_account,
    codec_wrote_edge_space,
    known_unstable,
)
from fuzz_strategies import (
    byte_soups,
    char_soups,
    encoded_pages,
    html_documents,
    portal_texts,
)
from helpers import assert_result_accounts, assert_text_format
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from strategies import junky_pages, realistic_pages

import cleanpage
from cleanpage import Result

# one Cleaner for the calls that pass options (clean() keeps its own default Cleaner)
CLEANER = cleanpage.Cleaner()

# generators that draw whole articles are slow to build examples; that is not a failure
GENERATED = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Known bugs the targets step around (signatures in fuzz_invariants.py): an example that
# shows one is rejected (or, for the stripped characters, spared only the fixed-point
# check) instead of failing again for the same bug.


def assert_fuzz_invariants(page: str | bytes, result: Result) -> None:
    assert result.status == "clean", result.reason
    assert result.reason is None
    result.text.encode("utf-8")  # raises on a lone surrogate: the output must be UTF-8 text
    json.dumps(result.to_dict(), ensure_ascii=False)  # what `cleanpage clean --format json` writes
    if isinstance(page, str):
        assert result.source == page
        assert result.segments == []
    else:
        assert_segments_account(page, result)
    assert result.markup in ("text", "html")
    assume(not codec_wrote_edge_space(result))
    assert_text_format(result.text)
    assert_result_accounts(result)
    if result.markup == "html":
        assume(not any(KNOWN_HTML_OVERLAP in w for w in result.warnings))
    if STRIPPED_AT_EDGES.isdisjoint(result.source):
        again = CLEANER.clean(result.text, html=False)
        assume(not known_unstable(result, again))
        assert again.text == result.text, [e for e in again.edits if e.original != e.replacement]


def clean_and_check(page: str | bytes, html: bool | None = None) -> None:
    result = CLEANER.clean(page, html=html) if html is not None else cleanpage.clean(page)
    assert_fuzz_invariants(page, result)


# --- bytes -------------------------------------------------------------------------------------


@given(st.binary(max_size=4096))
@example(b"")
@example(b"\x00")
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
@example(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
def test_fuzz_arbitrary_bytes(page: bytes) -> None:
    clean_and_check(page)


@GENERATED
@given(byte_soups)
def test_fuzz_byte_soups(page: bytes) -> None:
    clean_and_check(page)


@GENERATED
@given(encoded_pages())
def test_fuzz_encoded_and_damaged_pages(page: bytes) -> None:
    clean_and_check(page)


# --- str -----------------------------------------------------------------------------------------


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=2000))
@example("")
@example("\x00")
@example("\r")
@example("\u2028\u2029\x85")
def test_fuzz_arbitrary_str(page: str) -> None:
    clean_and_check(page)


@GENERATED
@given(char_soups)
def test_fuzz_character_soups(page: str) -> None:
    clean_and_check(page)


# --- HTML ------------------------------------------------------------------------------------------


@GENERATED
@given(html_documents(), st.sampled_from((None, True)))
def test_fuzz_html_from_a_grammar(page: str, html: bool | None) -> None:
    clean_and_check(page, html=html)


@GENERATED
@given(html_documents(), st.sampled_from(("utf-8", "gb18030", "big5hkscs")))
def test_fuzz_html_from_a_grammar_as_bytes(page: str, codec: str) -> None:
    clean_and_check(page.encode(codec, errors="replace"))


# --- portal-like text --------------------------------------------------------------------------------


@GENERATED
@given(portal_texts())
def test_fuzz_portal_text(page: str) -> None:
    clean_and_check(page)


@GENERATED
@given(st.one_of(realistic_pages().map(lambda case: case[0]), junky_pages()))
def test_fuzz_generated_pages(page: str) -> None:
    """The property tests' own page generators, with the fuzz invariants."""
    clean_and_check(page)


# Without keyword lines: read as HTML, a text page is one paragraph, and cutting spam
# out of it can leave a line that a second cleaning removes whole: the known bug of
# test_cleaning_a_garbage_line_is_idempotent (test_html_properties.py).
@GENERATED
@given(portal_texts(spam=False))
def test_fuzz_portal_text_forced_through_the_html_reader(page: str) -> None:
    """Text pages read as HTML: every '<' and '&' of a text page is markup to the reader,
    and its line breaks are only spaces."""
    clean_and_check(page, html=True)


# --- failures the fuzzers found, as minimal reproductions ----------------------------------------------


@pytest.mark.xfail(
    strict=True,
    reason="a lone surrogate in str input is passed through to the output: "
    "cleanpage.clean('标题\\ud800正文。').text == '标题\\ud800正文。', which cannot be encoded as "
    "UTF-8 (the CLI's write fails; json output carries it escaped)",
)
@pytest.mark.parametrize("page", ["标题\ud800正文。", "\udcff", "今年春天\udc80\n城南老街。"])
def test_lone_surrogate_in_str_input_is_not_passed_to_the_output(page: str) -> None:
    result = cleanpage.clean(page)
    result.text.encode("utf-8")
    assert_result_accounts(result)


@pytest.mark.xfail(
    strict=True,
    reason="characters layout.strip removes at a line's edge (U+001C-U+001F, whitespace to "
    "str.strip() but not to regex's \\s; zero-width space, joiners, word joiner, BOM) are not "
    "separator characters to residue.separator-line: cleanpage.clean('-\\x1e').text == '-' and "
    "cleanpage.clean('\\u200b?').text == '?', and cleaning those gives '' (found by "
    "tools/fuzz_atheris.py and test_fuzz_character_soups)",
)
@pytest.mark.parametrize(
    "page",
    [
        "-\x1e",
        "|\x1c",
        "***\x1f",
        "\x1d----",
        "标题\n-----\x1e\n正文第一段。",
        "\u200b?",
        "?\ufeff",
        "\u2060---",
    ],
)
def test_characters_stripped_at_a_line_edge_do_not_hide_a_separator_line(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


@pytest.mark.xfail(
    strict=True,
    reason="U+0085 (NEL) or U+00A0 (no-break space) at a line's edge is read by the codec repair "
    "as part of the mojibake run (85 CE C4 CE C4 is no GBK text, so nothing is repaired), then "
    "removed by layout.strip: cleanpage.clean('\\x85ÎÄÎÄ').text == 'ÎÄÎÄ' and "
    "cleanpage.clean('\\xa0ÖÐÎÄÍøÕ¾\\xa0').text == 'ÖÐÎÄÍøÕ¾', and cleaning those gives '文文' and "
    "'中文网站' (found by tools/fuzz_atheris.py from bytes that decode as cp037 and cp850)",
)
@pytest.mark.parametrize(
    "page", ["\x85ÎÄÎÄ", "ºººº\x85", "标题\n\x85ÖÐÎÄÍøÕ¾", "\xa0ÖÐÎÄÍøÕ¾\xa0", "标题\n\xa0ÖÐÎÄÍøÕ¾\xa0"]
)
def test_edge_whitespace_does_not_hide_mojibake(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


@pytest.mark.xfail(
    strict=True,
    reason="a codec repair can write text that another codec repair takes again: "
    "cleanpage.clean('˙˙±±').text == '步步㊣㊣' (codec.big5-as-gbk), and cleaning that gives "
    "'步步呼呼' (found by tools/fuzz_atheris.py from 0xFF-filled bytes decoded as cp1250)",
)
def test_codec_repair_output_is_not_repaired_again() -> None:
    once = cleanpage.clean("˙˙±±").text
    assert cleanpage.clean(once).text == once


@pytest.mark.xfail(
    strict=True,
    reason="related-list: removing the twin items leaves lines that read as a new list: "
    "cleanpage.clean('A\\nA\\nA\\nA\\nB\\nAA\\nA\\nBBA\\nA\\nA\\nA\\nA\\nA\\nA\\nB\\nAA\\nA\\nBBA').text "
    "== 'A\\nA\\nA\\nA\\nB\\nAA\\nA\\nBBA\\nBBA' (9 related.items removals), and cleaning that "
    "removes everything (found by tools/fuzz_atheris.py; the same with hanzi for the letters)",
)
@pytest.mark.parametrize("page", ["A\nA\nA\nA\nB\nAA\nA\nBBA\nA\nA\nA\nA\nA\nA\nB\nAA\nA\nBBA"])
def test_removing_related_items_leaves_no_new_list(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


@pytest.mark.xfail(
    strict=True,
    reason="a codec repair can end in whitespace that layout.strip never sees: the Big5 bytes of "
    "'城南老街改造完成\\u3000' read as GB18030, '\\ue06d玭ρ刁э硑ЧΘ\\ue4c6', clean to "
    "'城南老街改造完成\\u3000' (codec.big5-as-gbk), a line with edge whitespace and a title with it "
    "(found by test_fuzz_encoded_and_damaged_pages)",
)
@pytest.mark.parametrize("text", ["城南老街改造完成\u3000", "今年春天，城南老街完成了改造。\u3000"])
def test_codec_repair_does_not_leave_whitespace_at_a_line_edge(text: str) -> None:
    result = cleanpage.clean(text.encode("big5").decode("gb18030"))
    assert_text_format(result.text)
    assert result.text == text.strip()


@pytest.mark.xfail(
    strict=True,
    reason="residue.entity decodes '&nbsp;' inside '</p&nbsp;>' into '</p >', a tag the next "
    "cleaning removes: cleanpage.clean('标题\\n</p&nbsp;>\\n正文。').text == '标题\\n</p >\\n正文。', "
    "and cleaning that gives '标题\\n正文。' (found by test_fuzz_generated_pages)",
)
@pytest.mark.parametrize("page", ["标题\n</p&nbsp;>\n正文。", "今年春天</p&nbsp;>城南老街"])
def test_decoded_entity_does_not_complete_a_tag(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


# a garbled line (GBK text read as Shift_JIS) with ASCII '?' between hanzi, under a
# recommendation list with a full-width '？' in a headline
PUNCTUATION_PAGE = (
    "新华社\n2015-01-01 00:00:00\n北京为何要推动产业升级？\n2015-01-01 00:00:00\n新华社\n"
    "2015-01-01 00:00:00\n怴?幮杒嫗1寧1擔?乮?幰 墹柧乯巗惌晎??悇???彙?丅\n市政府积极推动产业升级。"
)


@pytest.mark.xfail(
    strict=True,
    reason="punctuation.full-width decides from marks on lines that are then removed: with the "
    "recommendation list (and its '？') PUNCTUATION_PAGE keeps the ASCII '?' of the garbled line; "
    "without it, the second cleaning turns them into '？' (found by "
    "test_fuzz_encoded_and_damaged_pages)",
)
def test_punctuation_decision_ignores_removed_lines() -> None:
    once = cleanpage.clean(PUNCTUATION_PAGE).text
    assert cleanpage.clean(once).text == once


@pytest.mark.xfail(
    strict=True,
    reason="spam.spliced-bracket takes the innermost bracketed spam only, and the outer brackets "
    "then enclose spam of their own: cleanpage.clean('今年春天（【成人电影】成人电影）城南老街').text == "
    "'今年春天（成人电影）城南老街', and cleaning that gives '今年春天城南老街' (found by "
    "tools/fuzz_atheris.py as '((xxx]xxx）')",
)
@pytest.mark.parametrize("page", ["今年春天（【成人电影】成人电影）城南老街", "((xxx]xxx）"])
def test_nested_bracketed_spam_goes_in_one_cleaning(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


@pytest.mark.xfail(
    strict=True,
    reason="spam.title-prefix and spam.title-suffix cut the spam off the first line and keep what "
    "is left even when that is only separators: cleanpage.clean('11选5|11选5|????|????|??????').text "
    "== '????|????|??????', which the next cleaning removes as a separator line (found by "
    "test_fuzz_byte_soups)",
)
@pytest.mark.parametrize("page", ["11选5|11选5|????|????|??????", "????|????|??????|11?511选5|11选5|11选5"])
def test_title_spam_cut_leaves_no_separator_line(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


# an annotated line with a spliced spam run (shrunk from a test_fuzz_portal_text example)
ANNOTATED_WITH_SPAM = (
    "新华上(shàng)居住(zhù)同居住(zhù)11选5|11选5下注国产新(xīn)华(huá)新(xīn)加(jiā)坡(pō)同(tóng)"
    "地(dì)居(jū)加(jiā)地(dì)报(bào)国(guó)报(bào)报(bào)国(guó)报(bào)报(bào)"
)


@pytest.mark.xfail(
    strict=True,
    reason="the pinyin decision counts the bare hanzi of a spliced spam run that is then cut: "
    "ANNOTATED_WITH_SPAM cleans to the line without the spam but with every annotation, and the "
    "next cleaning strips them all (found by test_fuzz_portal_text)",
)
def test_pinyin_decision_ignores_spliced_spam() -> None:
    once = cleanpage.clean(ANNOTATED_WITH_SPAM).text
    assert cleanpage.clean(once).text == once


@pytest.mark.xfail(
    strict=True,
    reason="the share-widget detector measures a line with its edge whitespace, so '分享至' "
    "followed by 100 spaces (or tabs, or U+3000) is kept, stripped to '分享至', and removed by the "
    "next cleaning (found by tools/fuzz_atheris.py as '7\\nA-' + 100 tabs + '\\nAA-\\nA')",
)
@pytest.mark.parametrize("pad", [" " * 100, "\t" * 100, "\u3000" * 100])
def test_trailing_padding_does_not_hide_a_share_line(pad: str) -> None:
    article = ["城南老街改造完成", "今年春天，城南老街完成了改造。", "居民们对新环境赞不绝口。"]
    page = "\n".join([*article[:2], "分享至" + pad, article[2]])
    assert cleanpage.clean(page).text == "\n".join(article)
