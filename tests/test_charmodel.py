"""charmodel.score: the fast form (dictionaries and ``map``) gives what the plain
definition gives — character scores relative to a common hanzi, a word bonus for two
adjacent hanzi that form a known word (both scoring at least LESS_COMMON_HAN), and a
penalty for an ASCII letter or digit between two hanzi — on any string, both scripts."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import SIMP, TRAD, articles

from cleanpage import charmodel
from cleanpage.charmodel import COMMON_HAN, LESS_COMMON_HAN, STRAY_LATIN, char_score, score
from cleanpage.script import fold


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def reference_score(text: str) -> float:
    """The definition, one character at a time."""
    total = -COMMON_HAN * len(text)
    folded = fold(text)
    prev_han = False
    for i, ch in enumerate(text):
        s = char_score(ch)
        total += s
        if s >= LESS_COMMON_HAN and "\u4e00" <= ch <= "\u9fff":
            if prev_han:
                total += charmodel._word_bonus(folded[i - 1 : i + 1])
            prev_han = True
        else:
            prev_han = False
    for i in range(1, len(text) - 1):
        if text[i].isascii() and text[i].isalnum() and _is_han(text[i - 1]) and _is_han(text[i + 1]):
            total += STRAY_LATIN
    return total


# hanzi of every frequency band, Traditional forms, letters, digits, punctuation and the
# characters mojibake is made of, so that every branch of the definition is reached
_ALPHABET = st.sampled_from(
    "的一是了我不人在他有这個們來時說為國會學後經發還進開關點問題电脑網絡"
    "鍐涓枃嬿ゅ銝剜榛竴犲氬锟斤拷烫屯"
    "aZ09 .,，。、“”（）：？！\u3000\u00a0ÖÐÎÄä¸æ–ǎāㄅαЖ한ア\ue000\ufffd\uf900㐀\x01"
)


@given(st.text(_ALPHABET, max_size=60))
def test_score_is_its_definition_on_any_string(text: str) -> None:
    assert score(text) == pytest.approx(reference_score(text), abs=1e-6)


@given(articles(SIMP) | articles(TRAD))
def test_score_is_its_definition_on_articles(article: str) -> None:
    assert score(article) == pytest.approx(reference_score(article), abs=1e-6)


@given(st.text(max_size=40))
def test_score_is_its_definition_on_arbitrary_text(text: str) -> None:
    assert score(text) == pytest.approx(reference_score(text), abs=1e-6)


def test_a_known_word_scores_above_two_unrelated_common_hanzi() -> None:
    assert score("工作") > score("工座")
    assert score("工作") == pytest.approx(score("工") + score("作") + charmodel._word_bonus("工作"))


@given(st.text(_ALPHABET, min_size=1, max_size=12), st.data())
def test_score_at_is_what_one_character_adds(text: str, data: st.DataObject) -> None:
    """Replacing one character changes score() by exactly the change in score_at():
    the byte-shift search scores each candidate character that way."""
    i = data.draw(st.integers(0, len(text) - 1))
    other = data.draw(_ALPHABET)
    changed = text[:i] + other + text[i + 1 :]
    expected = score(changed) - score(text)
    assert charmodel.score_at(changed, i) - charmodel.score_at(text, i) == pytest.approx(expected, abs=1e-6)


@given(st.text(_ALPHABET, max_size=40), st.data())
def test_slice_scores_are_the_scores_of_the_slices(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    slices = charmodel.SliceScores(text)
    assert slices.score(a, b) == pytest.approx(score(text[a:b]), abs=1e-9)
    assert slices.mean(a, b) == pytest.approx(charmodel.mean_score(text[a:b]), abs=1e-9)


@given(st.text(_ALPHABET, max_size=40))
@example("工作")  # a known word: its bonus is within the bound of its first character
@example("工作a工")  # a stray letter only lowers the score
def test_the_score_bound_is_at_least_the_score(text: str) -> None:
    """The codec's Big5 search rules parts out by this bound before scoring them."""
    assert sum(map(charmodel.SCORE_BOUND.__getitem__, text)) >= score(text) - 1e-9
