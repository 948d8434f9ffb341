"""Document.line_at, script.script_counts and script.han_count are searches at C
speed (bisect, a character class); each must give what its plain definition gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleanpage.document import Document
from cleanpage.script import script_counts, script_sets

_TEXT = st.text(st.sampled_from("ab中文\n\r 國们們"), max_size=40)


@given(_TEXT)
def test_line_at_is_the_last_line_starting_at_or_before_the_offset(source: str) -> None:
    doc = Document(source)
    for offset in range(len(source) + 1):
        expected = max(i for i, line in enumerate(doc.lines) if line.start <= offset)
        assert doc.line_at(offset) == expected


@given(st.text(st.sampled_from("中文国國们們说說话話abcTS，。\n\U0002005e\U00020325𠀀"), max_size=60))
def test_script_counts_counts_the_script_only_characters(text: str) -> None:
    trad, simp = script_sets()
    assert script_counts(text) == (sum(ch in trad for ch in text), sum(ch in simp for ch in text))


@given(st.text(st.sampled_from("中國們說ＡＢ，！\u3000AZaz\U0002005e\U00020325𠀀 é"), max_size=40))
def test_fold_is_the_table_whatever_the_plane(text: str) -> None:
    """fold() reads a list for BMP text and the dictionary otherwise: the same table."""
    from cleanpage.script import _fold_table, fold

    assert fold(text) == text.translate(_fold_table())
    assert len(fold(text)) == len(text)


@given(st.text(st.sampled_from(" \t\n\r\f\x0b\x00\ufffd中文ab\U0002005e𠀀é"), max_size=40))
def test_the_alignment_key_is_the_text_without_the_ignored_characters(text: str) -> None:
    """html.align replaces the ignored characters away; it deletes what the table it
    replaced deleted, and keeps every other character, in any plane."""
    from cleanpage.html.align import _key

    assert _key(text) == text.translate(str.maketrans("", "", " \t\n\r\f\x0b\x00\ufffd"))


@given(st.text(st.sampled_from("中文a?\ue000"), max_size=30))
def test_char_table_computes_each_character_once(text: str) -> None:
    """script.CharTable maps a string by ``map`` to what its function gives, and calls
    the function once per distinct character."""
    from cleanpage.script import CharTable

    calls: list[str] = []

    def of(ch: str) -> int:
        calls.append(ch)
        return ord(ch) * 2

    table = CharTable(of)
    assert list(map(table.__getitem__, text)) == [ord(ch) * 2 for ch in text]
    assert sorted(calls) == sorted(set(text))


# every range's edges and the code points just beyond the last one
_HAN_EDGES = "中文a 丂\u9fff\u4e00\u3400\u4dbf\uf900\ufaff\U00020000\U0003134f\U00031350，"


@given(st.text(st.sampled_from(_HAN_EDGES), max_size=40))
def test_han_count_counts_the_hanzi(text: str) -> None:
    from cleanpage.script import han_count, is_han

    assert han_count(text) == sum(map(is_han, text))
