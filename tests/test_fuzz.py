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
from corruption import big5_read_as_gbk, double_utf8, gbk_read_as, utf8_read_as
from fuzz_invariants import assert_segments_account, skipped_as_binary
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
from strategies import junky_pages, prose_paragraphs, realistic_pages, scripts, titles

import cleanpage
from cleanpage import Result
from cleanpage.document import EDGE, NOT_TEXT
from cleanpage.lexicons import boilerplate

# one Cleaner for the calls that pass options (clean() keeps its own default Cleaner)
CLEANER = cleanpage.Cleaner()

# generators that draw whole articles are slow to build examples; that is not a failure
GENERATED = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def assert_fuzz_invariants(page: str | bytes, result: Result) -> None:
    if skipped_as_binary(page, result):
        return
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
    assert_text_format(result.text)
    assert_result_accounts(result)
    again = CLEANER.clean(result.text, html=False)
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


@given(st.text(st.characters(exclude_categories=()), max_size=2000))
@example("")
@example("\x00")
@example("标题\ud800正文。")
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


@pytest.mark.parametrize("page", ["标题\ud800正文。", "\udcff", "今年春天\udc80\n城南老街。"])
def test_lone_surrogate_in_str_input_is_not_passed_to_the_output(page: str) -> None:
    result = cleanpage.clean(page)
    result.text.encode("utf-8")
    assert_result_accounts(result)


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


@pytest.mark.parametrize(
    "page", ["\x85ÎÄÎÄ", "ºººº\x85", "标题\n\x85ÖÐÎÄÍøÕ¾", "\xa0ÖÐÎÄÍøÕ¾\xa0", "标题\n\xa0ÖÐÎÄÍøÕ¾\xa0"]
)
def test_edge_whitespace_does_not_hide_mojibake(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


def test_codec_repair_output_is_not_repaired_again() -> None:
    once = cleanpage.clean("˙˙±±").text
    assert cleanpage.clean(once).text == once


@pytest.mark.parametrize("page", ["A\nA\nA\nA\nB\nAA\nA\nBBA\nA\nA\nA\nA\nA\nA\nB\nAA\nA\nBBA"])
def test_removing_related_items_leaves_no_new_list(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


@pytest.mark.parametrize("text", ["城南老街改造完成\u3000", "今年春天，城南老街完成了改造。\u3000"])
def test_codec_repair_does_not_leave_whitespace_at_a_line_edge(text: str) -> None:
    result = cleanpage.clean(text.encode("big5").decode("gb18030"))
    assert_text_format(result.text)
    assert result.text == text.strip()


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


def test_punctuation_decision_ignores_removed_lines() -> None:
    once = cleanpage.clean(PUNCTUATION_PAGE).text
    assert cleanpage.clean(once).text == once


@pytest.mark.parametrize("page", ["今年春天（【成人电影】成人电影）城南老街", "((xxx]xxx）"])
def test_nested_bracketed_spam_goes_in_one_cleaning(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


@pytest.mark.parametrize("page", ["11选5|11选5|????|????|??????", "????|????|??????|11?511选5|11选5|11选5"])
def test_title_spam_cut_leaves_no_separator_line(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


# an annotated line with a spliced spam run (shrunk from a test_fuzz_portal_text example)
ANNOTATED_WITH_SPAM = (
    "新华上(shàng)居住(zhù)同居住(zhù)11选5|11选5下注国产新(xīn)华(huá)新(xīn)加(jiā)坡(pō)同(tóng)"
    "地(dì)居(jū)加(jiā)地(dì)报(bào)国(guó)报(bào)报(bào)国(guó)报(bào)报(bào)"
)


def test_pinyin_decision_ignores_spliced_spam() -> None:
    once = cleanpage.clean(ANNOTATED_WITH_SPAM).text
    assert cleanpage.clean(once).text == once


@pytest.mark.parametrize("pad", [" " * 100, "\t" * 100, "\u3000" * 100])
def test_trailing_padding_does_not_hide_a_share_line(pad: str) -> None:
    article = ["城南老街改造完成", "今年春天，城南老街完成了改造。", "居民们对新环境赞不绝口。"]
    page = "\n".join([*article[:2], "分享至" + pad, article[2]])
    assert cleanpage.clean(page).text == "\n".join(article)


# --- the general cases of the fixed failures above ----------------------------------------------

# What layout.strip removes at a line's edge (document.EDGE), but the line break itself.
EDGE_CHARACTERS = sorted(set(EDGE) - {"\n"})
edge_padding = st.text(st.sampled_from(EDGE_CHARACTERS), max_size=8)
# residue.separator-line's characters (without '<' and '>', which can make a tag)
SEPARATOR_CHARACTERS = "?？|｜_-—=*~·•.。,，:：;；/\\#+ "
headlines = scripts.flatmap(titles)
paragraphs = scripts.flatmap(prose_paragraphs)


@GENERATED
@given(
    headlines,
    paragraphs,
    st.text(st.sampled_from(SEPARATOR_CHARACTERS), min_size=1, max_size=12).filter(str.strip),
    edge_padding,
    edge_padding,
)
def test_edge_characters_do_not_hide_any_separator_line(
    title: str, body: str, separator: str, before: str, after: str
) -> None:
    """Whatever stands at the edges of a separator line, it goes in one cleaning."""
    result = cleanpage.clean(f"{title}\n{before}{separator}{after}\n{body}")
    assert result.text == cleanpage.clean(f"{title}\n{body}").text
    assert cleanpage.clean(result.text).text == result.text


@GENERATED
@given(
    headlines,
    st.sampled_from(("gbk-latin-1", "gbk-cp1252", "double-utf8", "utf8-gbk", "big5-gbk")),
    edge_padding,
    edge_padding,
)
def test_edge_characters_do_not_hide_any_mojibake_run(title: str, how: str, before: str, after: str) -> None:
    """A no-break space, U+0085 or U+3000 beside a mojibake run at a line's edge is not
    part of the run: the line is repaired as it is without them."""
    try:
        damage = {
            "gbk-latin-1": lambda: gbk_read_as(title, "latin-1"),
            "gbk-cp1252": lambda: gbk_read_as(title, "cp1252"),
            "double-utf8": lambda: double_utf8(title),
            "utf8-gbk": lambda: utf8_read_as(title, "gbk"),
            "big5-gbk": lambda: big5_read_as_gbk(title),
        }[how]()
    except ValueError:
        assume(False)
        raise
    alone = cleanpage.clean(damage).text
    for page in (before + damage + after, f"标题\n{before}{damage}{after}\n正文。"):
        result = cleanpage.clean(page)
        assert alone in result.text
        assert cleanpage.clean(result.text).text == result.text


@GENERATED
@given(headlines, st.sampled_from(("\u3000", "\u3000\u3000", " \u3000")), st.booleans())
def test_repair_text_at_a_line_edge_has_no_edge_whitespace(title: str, space: str, lead: bool) -> None:
    """A repair whose text starts or ends with whitespace at a line's edge (the Big5
    bytes of a line indented or ended with U+3000, read as GBK) is written without it."""
    text = space + title if lead else title + space
    try:
        page = text.encode("big5").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        assume(False)
        raise
    for result in (cleanpage.clean(page), cleanpage.clean(f"标题\n{page}\n正文。")):
        assert_text_format(result.text)
        assert_result_accounts(result)
        assert cleanpage.clean(result.text).text == result.text


SHARE_TOKENS = sorted(t for t in boilerplate()["share-widget"]["tokens"] if len(t) > 1)


@GENERATED
@given(
    st.lists(st.sampled_from(SHARE_TOKENS), min_size=1, max_size=4),
    st.sampled_from((" ", "|", " | ", "/")),
    st.text(st.sampled_from(EDGE_CHARACTERS), max_size=120),
    st.text(st.sampled_from(EDGE_CHARACTERS), max_size=120),
)
def test_padding_does_not_hide_any_share_line(tokens: list[str], sep: str, before: str, after: str) -> None:
    """A share bar is judged as the output holds it, however it is padded."""
    article = ["城南老街改造完成", "今年春天，城南老街完成了改造。", "居民们对新环境赞不绝口。"]
    page = "\n".join([*article[:2], before + sep.join(tokens) + after, article[2]])
    assert cleanpage.clean(page).text == "\n".join(article)


# characters no text holds (document.NOT_TEXT): C0 controls but whitespace, DEL, surrogates
NOT_TEXT_CHARACTERS = st.one_of(
    st.sampled_from(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x7f"
    ),
    st.integers(0xD800, 0xDFFF).map(chr),
)


@GENERATED
@given(st.one_of(portal_texts(), realistic_pages().map(lambda case: case[0])), st.data())
def test_characters_no_text_holds_are_removed_and_change_nothing_else(page: str, data: st.DataObject) -> None:
    """NULs, other control characters and lone surrogates anywhere in a page (inside a
    word, a mojibake run, a pinyin annotation, or a line of their own) are removed, and
    the rest cleans as it does without them."""
    places = data.draw(st.lists(st.integers(0, len(page)), min_size=1, max_size=6))
    dirty = page
    for i in sorted(places, reverse=True):
        dirty = dirty[:i] + data.draw(st.text(NOT_TEXT_CHARACTERS, min_size=1, max_size=3)) + dirty[i:]
    result = cleanpage.clean(dirty)
    result.text.encode("utf-8")
    assert NOT_TEXT.search(result.text) is None
    assert_result_accounts(result)
    assert result.text == cleanpage.clean(page).text
    assert all(e.kind == "mojibake-unrecoverable" for e in result.edits if e.rule.startswith("non-text."))


@pytest.mark.parametrize(
    "page",
    [
        '<p>11选5|11选5|11选5<br class="&quot;" style="display:none>',
        '城南老街改造完成\n成人电影|百家乐|六合彩<span title="&nbsp;" id="x',
        '<p>百家乐|六合彩|成人电影<i class="&#20013;" x',
    ],
)
def test_a_cut_through_an_almost_tag_leaves_no_entity_for_the_next_cleaning(page: str) -> None:
    """An entity after an open '<' is left alone (decoding it could complete a tag); when
    a spam cut then takes the '<' away, the next cleaning would decode it. Found by
    test_fuzz_html_from_a_grammar_as_bytes; settled by Cleaner._settle."""
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><p>今年春天城南老街完成了改造，居民们十分满意。</p>"
        "<p>&nbspThe project is expected to be completed by the end of next year.</p></body></html>",
        "市政府在北京推动产业升级。市政府积极推动产业升级。"
        + " | ".join(f'<a href="http://x{k}.example/">11选5</a>' for k in range(5))
        + "<p>&nbspThe project is expected to be completed by the end of next year.",
    ],
)
def test_stripping_the_space_of_an_unterminated_entity_is_no_layout_edit_of_text(page: str) -> None:
    """'&nbspThe' (no ';') reads as '\\xa0The' in one markup edit; stripping the space
    at the line's start absorbs that edit, and the composed edit writes 'The': it keeps
    the markup edit's kind, since a layout edit writes only whitespace. Found by the
    100,000-example run of test_fuzz_html_from_a_grammar (2026-12-06)."""
    result = cleanpage.clean(page)
    assert_result_accounts(result)
    assert result.text.split("\n")[-1] == "The project is expected to be completed by the end of next year."
