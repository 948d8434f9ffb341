"""Property-based tests of cleanpage: generated articles, generated junk, exact outputs.

Profiles live in conftest.py (``HYPOTHESIS_PROFILE=ci`` for the long run).
"""

from __future__ import annotations

from corruption import big5_read_as_gbk, double_utf8, gbk_read_as, utf8_read_as_lossy
from helpers import assert_result_accounts, assert_text_format
from hypothesis import assume, example, given
from hypothesis import strategies as st
from strategies import (
    SIMP,
    TAGS,
    TRAD,
    annotatable,
    annotate,
    annotated_articles_with_spliced_spam,
    article_lines,
    articles,
    crackdown_sentences,
    entity_split_tags,
    flattened_articles_with_fullwidth_footer,
    junky_pages,
    markup_soup,
    nested_spam_brackets,
    pinyin_annotations,
    prose_paragraphs,
    realistic_pages,
    related_footers,
    scripts,
    short_line_pages,
    spam_glued_to_separators,
    spam_lines,
    spam_prefixes,
    titles,
    toned_readings,
)

import cleanpage
from cleanpage import Result
from cleanpage.decode import BINARY_DATA, looks_binary
from cleanpage.script import script_counts

# --- shared checks --------------------------------------------------------------------


def assert_edits_account(result: Result) -> None:
    """The shared account, plus what text pages add: a layout edit removes only
    whitespace and line ends, and every other edit is a finding."""
    assert_result_accounts(result)
    for e in result.edits:
        if e.kind == "layout":
            assert not e.original.strip(), e
    assert result.findings == [e for e in result.edits if e.kind != "layout"]


def assert_well_formed(result: Result) -> None:
    assert_text_format(result.text)
    assert_edits_account(result)


# --- the generator itself ---------------------------------------------------------------


@given(scripts.flatmap(lambda s: st.tuples(st.just(s), articles(s))))
def test_generated_articles_are_in_one_script_and_output_format(case: tuple[int, str]) -> None:
    script, text = case
    assert_text_format(text)
    n_trad, _ = script_counts(text)
    if script == SIMP:
        assert n_trad == 0
    else:
        assert n_trad > 0


# --- clean text is left alone -----------------------------------------------------------


@given(articles())
def test_clean_article_is_returned_unchanged(text: str) -> None:
    result = cleanpage.clean(text)
    assert result.text == text
    assert result.findings == []
    assert result.edits == []


@given(scripts.flatmap(lambda s: st.tuples(article_lines(s), crackdown_sentences(s), st.integers(1, 50))))
def test_news_about_gambling_or_porn_crackdowns_is_kept(case: tuple[list[str], str, int]) -> None:
    lines, sentence, where = case
    lines = list(lines)
    lines.insert(1 + where % len(lines), sentence)
    text = "\n".join(lines)
    result = cleanpage.clean(text)
    assert sentence in result.text.split("\n"), result.findings
    assert result.text == text


# --- injected spam ------------------------------------------------------------------------


@given(articles(), spam_lines(), st.integers(0, 1000))
def test_spam_line_at_any_position_is_removed_and_nothing_else(text: str, spam: str, where: int) -> None:
    lines = text.split("\n")
    lines.insert(where % (len(lines) + 1), spam)
    result = cleanpage.clean("\n".join(lines))
    assert result.text == text
    assert [e.kind for e in result.findings] == ["seo-spam"]


@given(scripts.flatmap(lambda s: st.tuples(titles(s), articles(s))), spam_prefixes())
def test_spam_prefix_glued_to_title_leaves_exactly_the_title(case: tuple[str, str], prefix: str) -> None:
    title, text = case
    alone = cleanpage.clean(prefix + title)
    assert alone.text == title
    body = text.split("\n", 1)[1] if "\n" in text else ""
    page = prefix + title + ("\n" + body if body else "")
    result = cleanpage.clean(page)
    assert result.text == title + ("\n" + body if body else "")
    assert {e.kind for e in result.findings} == {"seo-spam"}


# --- pinyin annotations -------------------------------------------------------------------


@given(articles(min_blocks=3, max_blocks=8).flatmap(lambda t: st.tuples(st.just(t), pinyin_annotations(t))))
def test_pinyin_annotations_above_threshold_are_stripped_exactly(case: tuple[str, tuple[str, int]]) -> None:
    text, (annotated, groups) = case
    result = cleanpage.clean(annotated)
    assert result.text == text
    assert len(result.findings) == groups
    assert {e.kind for e in result.findings} == {"pinyin"}


@st.composite
def sparse_glosses(draw: st.DrawFn) -> tuple[str, str]:
    """1-3 glosses, each on one occurrence of a character: a text that teaches pinyin."""
    text = draw(articles())
    chars = sorted(annotatable(text))
    assume(chars)
    chosen = draw(st.lists(st.sampled_from(chars), min_size=1, max_size=3, unique=True))
    out = text
    for ch in chosen:
        reading = draw(st.sampled_from(toned_readings(ch)))
        positions = [i for i, c in enumerate(out) if c == ch]
        i = draw(st.sampled_from(positions))
        paren = draw(st.sampled_from(("({})", "（{}）")))
        out = out[: i + 1] + paren.format(reading) + out[i + 1 :]
    return text, out


@given(sparse_glosses())
def test_a_few_glosses_are_left_alone(case: tuple[str, str]) -> None:
    _, glossed = case
    result = cleanpage.clean(glossed)
    assert result.text == glossed
    assert result.findings == []


@st.composite
def first_occurrence_glosses(draw: st.DrawFn) -> str:
    """Many characters glossed once each, while they occur many times: consistency < 0.8."""
    text = draw(articles(min_blocks=3, max_blocks=8))
    counts = annotatable(text)
    chars = [c for c, _ in counts.most_common()]
    assume(len(chars) >= 10)
    chosen = draw(st.permutations(chars))[: draw(st.integers(10, min(40, len(chars))))]
    readings = {c: draw(st.sampled_from(toned_readings(c))) for c in chosen}
    total = sum(counts[c] for c in chosen)
    # skip every occurrence after a character's first one
    skip: set[int] = set()
    seen: set[str] = set()
    k = 0
    for ch in text:
        if ch in readings:
            if ch in seen:
                skip.add(k)
            seen.add(ch)
            k += 1
    assume(len(chosen) / total <= 0.7)
    return annotate(text, readings, frozenset(skip))[0]


@given(first_occurrence_glosses())
def test_glosses_that_are_not_consistent_are_left_alone(glossed: str) -> None:
    result = cleanpage.clean(glossed)
    assert result.text == glossed
    assert result.findings == []


# --- recommendation lists -----------------------------------------------------------------


@given(scripts.flatmap(lambda s: st.tuples(article_lines(s), related_footers(s))))
def test_appended_related_list_is_removed(case: tuple[list[str], list[str]]) -> None:
    lines, footer = case
    assume(not set(lines) & set(footer))
    text = "\n".join(lines)
    result = cleanpage.clean("\n".join(lines + footer))
    assert result.text == text
    assert {e.kind for e in result.findings} == {"related-list"}


@given(
    scripts.flatmap(
        lambda s: st.tuples(article_lines(s), st.booleans().flatmap(lambda t: related_footers(s, False, t)))
    )
)
def test_appended_related_list_without_header_is_removed(case: tuple[list[str], list[str]]) -> None:
    """No header: the cards alone (with or without the twin headline) must be found,
    and the article above them kept."""
    lines, footer = case
    assume(not set(lines) & set(footer))
    text = "\n".join(lines)
    result = cleanpage.clean("\n".join(lines + footer))
    assert result.text == text


# --- whole pages --------------------------------------------------------------------------


@given(realistic_pages())
def test_realistic_page_cleans_to_the_article(case: tuple[str, str]) -> None:
    page, article = case
    result = cleanpage.clean(page)
    assert result.text == article
    assert_well_formed(result)


@given(realistic_pages(tag_junk=True, mirror=False))
def test_furniture_lines_wrapped_in_markup_are_still_removed(case: tuple[str, str]) -> None:
    page, article = case
    assert cleanpage.clean(page).text == article


# an entity decoded to “ joins it to the letters after it: one run on the next reading
@example(page="&ldquo;ǎǎ")
@given(st.one_of(junky_pages(), markup_soup))
def test_cleaning_is_idempotent(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


def test_a_repair_made_possible_by_a_removal_is_not_made_on_the_second_cleaning() -> None:
    once = cleanpage.clean("ǎ<p>Ё").text
    assert cleanpage.clean(once).text == once


# --- fixed points: nothing one cleaning leaves is changed by the next --------------------
# Each property states one case in general: a decision must not read text that a later
# step removes (or leaves) differently from the way the next cleaning reads it.


def assert_fixed_point(page: str) -> str:
    once = cleanpage.clean(page).text
    again = cleanpage.clean(once)
    assert again.text == once, [e for e in again.edits if e.original != e.replacement]
    return once


def _misread(text: str, how: int) -> str:
    if how == 0:
        return gbk_read_as(text, "latin-1")
    if how == 1:
        return gbk_read_as(text, "cp1252")
    if how == 2:
        return big5_read_as_gbk(text)
    if how == 3:
        return double_utf8(text)
    return utf8_read_as_lossy(text, "gbk")


@given(scripts.flatmap(lambda s: st.tuples(titles(s), st.integers(0, 4))), st.sampled_from(TAGS), st.data())
def test_a_tag_inside_a_mojibake_run_changes_nothing_but_the_tag(
    case: tuple[str, int], tag: str, data: st.DataObject
) -> None:
    """A tag the residue repair removes must not split a misread run into pieces the
    codec repair leaves, so that the next cleaning finds the run whole ('ǎ<p>Ё')."""
    text, how = case
    try:
        run = _misread(text, how)
    except ValueError:
        assume(False)
    cut = data.draw(st.integers(1, len(run) - 1))
    assert assert_fixed_point(run[:cut] + tag + run[cut:]) == cleanpage.clean(run).text


@given(st.lists(st.integers(0x80, 0xFF), min_size=2, max_size=16).map(bytes))
@example(b"\xff\xff\xb1\xb1")
def test_a_codec_repair_is_not_repaired_again(data: bytes) -> None:
    """Text a codec repair writes is no mojibake to the next cleaning ('˙˙±±' read as
    Big5 gives '步步㊣㊣', whose '㊣㊣' reads as Big5 again): high bytes read in the
    single-byte and double-byte codecs readers confuse."""
    for codec in ("cp1250", "cp1252", "latin-1", "gbk", "big5"):
        assert_fixed_point(data.decode(codec, errors="ignore"))


@given(scripts.flatmap(articles), nested_spam_brackets(), st.data())
@example("今年春天城南老街", "（【成人电影】成人电影）", None)
def test_nested_bracketed_spam_goes_in_one_cleaning_anywhere(
    text: str, spam: str, data: st.DataObject | None
) -> None:
    lines = text.split("\n")
    i = data.draw(st.integers(0, len(lines) - 1)) if data else 0
    cut = data.draw(st.integers(0, len(lines[i]))) if data else 4
    lines[i] = lines[i][:cut] + spam + lines[i][cut:]
    assert_fixed_point("\n".join(lines))


@given(scripts.flatmap(articles), spam_glued_to_separators(), st.data())
def test_a_spam_cut_leaves_no_separator_line(text: str, spam: str, data: st.DataObject) -> None:
    lines = text.split("\n")
    lines.insert(data.draw(st.integers(0, len(lines))), spam)
    assert_fixed_point("\n".join(lines))


@given(scripts.flatmap(prose_paragraphs), st.lists(entity_split_tags(), min_size=1, max_size=3), st.data())
@example("今年春天城南老街", ["</p&nbsp;>"], None)
def test_a_decoded_entity_completes_no_tag(text: str, pieces: list[str], data: st.DataObject | None) -> None:
    for piece in pieces:
        cut = data.draw(st.integers(0, len(text))) if data else 4
        text = text[:cut] + piece + text[cut:]
    assert_fixed_point(text)
    assert_fixed_point("标题\n" + "\n".join(pieces) + "\n正文。")


@given(short_line_pages())
@example("A\nA\nA\nA\nB\nAA\nA\nBBA\nA\nA\nA\nA\nA\nA\nB\nAA\nA\nBBA")
def test_removing_a_related_list_leaves_no_new_list(page: str) -> None:
    assert_fixed_point(page)


@given(flattened_articles_with_fullwidth_footer())
@example(  # a flattened "!" before a closing quote once read as no sentence (page-frame)
    (
        "北京积极推动产业升级\n新华社北京1月1日电(记者 王明)市政府积极推动产业升级。\n"
        "市政府积极推动产业升级,市政府积极推动产业升级。\n教授王明表示:“市政府在北京推动产业升级!”\n"
        "北京积极推动产业升级？\n新华社\n2015-01-01 00:00:00\n北京积极改善居住环境？\n新华社\n"
        "2015-01-01 00:00:00\n北京持续推动产业升级？\n新华社\n2015-01-01 00:00:00",
        "北京积极推动产业升级\n新华社北京1月1日电(记者 王明)市政府积极推动产业升级。\n"
        "市政府积极推动产业升级,市政府积极推动产业升级。\n教授王明表示:“市政府在北京推动产业升级!”",
    )
)
def test_the_punctuation_decision_ignores_removed_lines(case: tuple[str, str]) -> None:
    """The full-width marks of a recommendation list the cleaning removes do not decide
    whether the article's flattened punctuation is repaired."""
    page, article = case
    once = assert_fixed_point(page)
    assert once == cleanpage.clean(article).text


@given(annotated_articles_with_spliced_spam())
def test_the_pinyin_decision_ignores_spliced_spam(page: str) -> None:
    assert_fixed_point(page)


@st.composite
def annotated_articles_with_plain_footer(draw: st.DrawFn) -> str:
    """An article a mirror annotated, and a recommendation list that it did not: the
    list's bare characters dilute the annotation consistency until the list is gone."""
    script = draw(scripts)
    text = draw(articles(script, min_blocks=3, max_blocks=8))
    annotated, _ = draw(pinyin_annotations(text, partial=False))
    footer = draw(related_footers(script, header=draw(st.booleans())))
    return annotated + "\n" + "\n".join(footer)


@given(annotated_articles_with_plain_footer())
def test_cleaning_is_idempotent_when_only_the_article_is_annotated(page: str) -> None:
    once = cleanpage.clean(page).text
    assert cleanpage.clean(once).text == once


@given(st.one_of(junky_pages(), realistic_pages().map(lambda c: c[0])))
def test_edits_rebuild_source_and_text(page: str) -> None:
    assert_well_formed(cleanpage.clean(page))


@given(st.one_of(st.text(), markup_soup))
def test_arbitrary_text_never_raises_and_is_well_formed(page: str) -> None:
    assert_well_formed(cleanpage.clean(page))


@given(st.binary())
def test_arbitrary_bytes_never_raise_and_are_well_formed(page: bytes) -> None:
    result = cleanpage.clean(page)
    assert isinstance(result.source, str)
    if looks_binary(page):  # no page: passed through whole, not cleaned into garbage
        assert result.status == "skipped" and result.reason == BINARY_DATA
        assert result.text == result.source and result.edits == []
        return
    assert result.status == "clean"
    assert_well_formed(result)


@given(articles(), st.sampled_from(("utf-8", "gb18030", "utf-16")))
def test_encoded_article_cleans_like_the_text(text: str, encoding: str) -> None:
    assert cleanpage.clean(text.encode(encoding)).text == cleanpage.clean(text).text == text


@given(articles(script=TRAD))
def test_traditional_article_survives_big5_with_declared_charset(text: str) -> None:
    try:
        data = text.encode("big5hkscs")
    except UnicodeEncodeError:
        assume(False)
    page = b'<meta charset="big5">\n' + data
    assert cleanpage.clean(page).text == text


@given(
    st.sampled_from(["residue.entity", "codec.utf8-as-gbk", "site:netease.span", "punctuation.fold"]),
    st.text(min_size=1, max_size=3),
)
def test_any_edit_that_writes_text_is_read_again(rule: str, replacement: str) -> None:
    """The settle pass (Cleaner._settle) rereads a page where an edit wrote text, whatever
    made it: an entity decoded to “ joins the runs beside it as a repair's output does."""
    from cleanpage.cleaner import _rereading_may_differ
    from cleanpage.result import Edit

    source = "标题\n正文&ldquo;内容\n"
    start = source.index("&")
    edit = Edit(start, start + len("&ldquo;"), replacement, rule.split(".")[0], rule, 0.9, "&ldquo;")
    assert _rereading_may_differ(source, [edit])
    # a whole line removed leaves the others as they were read
    line = Edit(0, 2, "", "seo-spam", "spam", 0.9, "标题")
    assert not _rereading_may_differ(source, [line])


_LINES = st.lists(st.sampled_from(["标题", "正文内容。", "", "相关推荐", "a b"]), min_size=1, max_size=6)


@given(_LINES, st.data())
def test_whole_lines_removed_are_not_read_again(lines: list[str], data: st.DataObject) -> None:
    """A removal from a line's start to its end, or to past its line break, is of whole
    lines; one that starts or ends inside a line is not."""
    from cleanpage.cleaner import _rereading_may_differ
    from cleanpage.result import Edit

    source = "\n".join(lines) + "\n"
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    first = data.draw(st.integers(0, len(lines) - 1))
    last = data.draw(st.integers(first, len(lines) - 1))
    end = starts[last + 1] - 1 + data.draw(st.integers(0, 1))  # the break kept or taken
    edit = Edit(starts[first], end, "", "related-list", "related", 0.9, source[starts[first] : end])
    assert not _rereading_may_differ(source, [edit])
    inner = [i for i in range(starts[first] + 1, end) if source[i - 1] != "\n"]
    if inner:  # starting inside a line
        cut = data.draw(st.sampled_from(inner))
        partial = Edit(cut, end, "", "related-list", "related", 0.9, source[cut:end])
        assert _rereading_may_differ(source, [partial])
