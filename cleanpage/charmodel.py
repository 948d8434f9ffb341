"""How plausible is a string as Chinese text? A small character-frequency model.

Decoding and mojibake repair both need to compare readings of the same bytes
("因為人們" against "槿藗儍H"). The model is built from public facts, not from any
corpus:

- GB 2312 split its 6,763 hanzi into level 1 (3,755 characters chosen as the most
  frequent in use) and level 2 (3,008 less frequent ones); the split is the codec's row
  range (B0–D7 against D8–F7).
- Big5 split its hanzi the same way into 常用字 (A440–C67E, 5,401 characters) and
  次常用字 (C940–F9D5).
- A Traditional character counts as common when its Simplified form (cleanpage's
  one-to-one fold table) is GB 2312 level 1.
- Character and two-character-word frequencies from jieba's word-frequency dictionary
  (``data/charfreq.tsv``, built by ``tools/build_charmodel.py``; see that script). A
  known word gives a bonus, so "工作" beats "工座", two characters that are each common.

Character scores are log-probability-like (natural log units, higher is better). The
figures are coarse on purpose: they separate text from mojibake by tens of units, which
is all the callers need. :func:`score` sums them *relative to a common hanzi*, so that a
reading with fewer characters does not win merely for being shorter: common hanzi count
0, rarer ones less, ASCII and punctuation a little more, garbage far less.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from itertools import accumulate, repeat

from .script import CharTable, fold

# log-probability per character class; a reading that needs a private-use character or
# a replacement character should lose against any real text
COMMON_HAN = -7.0
LESS_COMMON_HAN = -12.0
RARE_HAN = -16.0
VERY_RARE_HAN = -20.0  # CJK extensions, compatibility ideographs
ASCII_TEXT = -5.5
CJK_PUNCT = -5.0
OTHER = -13.0  # kana, Hangul, Latin-1 letters, symbols: valid, but odd inside Chinese
CONTROL = -22.0
GARBAGE = -25.0  # private use, U+FFFD, unassigned
WORD_BONUS = 4.0
MIN_WORD_BONUS = 2.0
MAX_WORD_BONUS = 8.0
RAREST_KNOWN = -18.0
# a Latin letter or digit squeezed between two hanzi is how a misaligned GBK run ends
STRAY_LATIN = -12.0

_CJK_PUNCT = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』…—·～　")


@lru_cache(maxsize=1)
def _han_tiers() -> dict[str, float]:
    tiers: dict[str, float] = {}

    def put(ch: str, value: float) -> None:
        if value > tiers.get(ch, -99.0):
            tiers[ch] = value

    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                ch = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            put(ch, COMMON_HAN if lead < 0xD8 else LESS_COMMON_HAN)
    for lead in range(0xA4, 0xFA):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            code = (lead << 8) | trail
            try:
                ch = bytes((lead, trail)).decode("big5")
            except UnicodeDecodeError:
                continue
            if 0xA440 <= code <= 0xC67E:
                put(ch, COMMON_HAN)
            elif 0xC940 <= code <= 0xF9D5:
                put(ch, LESS_COMMON_HAN)
    return tiers


@lru_cache(maxsize=1)
def _frequencies() -> tuple[dict[str, float], dict[str, float]]:
    """(character -> ln share, two-character word -> ln share), Simplified."""
    text = resources.files("cleanpage.data").joinpath("charfreq.tsv").read_text(encoding="utf-8")
    chars: dict[str, float] = {}
    words: dict[str, float] = {}
    for raw in text.splitlines():
        if not raw or raw.startswith("#"):
            continue
        kind, key, value = raw.split("\t")
        (chars if kind == "c" else words)[key] = int(value) / 10
    return chars, words


def _word_bonus(word: str) -> float:
    share = _frequencies()[1].get(word)
    if share is None:
        return 0.0
    return max(MIN_WORD_BONUS, min(MAX_WORD_BONUS, WORD_BONUS + (share + 10) / 2))


@lru_cache(maxsize=1 << 16)
def char_score(ch: str) -> float:
    """The log-probability-like score of one character (see the module docstring)."""
    cp = ord(ch)
    if cp < 0x80:
        if ch.isprintable() or ch in "\t\n\r":
            return ASCII_TEXT
        return CONTROL
    if 0x4E00 <= cp <= 0x9FFF:
        chars = _frequencies()[0]
        # the Simplified form first: jieba's few Traditional entries have tiny counts
        known = chars.get(fold(ch))
        if known is None:
            known = chars.get(ch)
        if known is not None:
            return max(RAREST_KNOWN, known)
        tiers = _han_tiers()
        value = tiers.get(ch)
        if value is None:
            value = tiers.get(fold(ch), RARE_HAN)
        return value
    if 0xFF01 <= cp <= 0xFF5E:  # full-width forms: the marks are common, the letters odd
        return OTHER if ch.isalnum() else CJK_PUNCT
    if ch in _CJK_PUNCT:
        return CJK_PUNCT
    if 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3134F or 0xF900 <= cp <= 0xFAFF:
        return VERY_RARE_HAN
    if 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000 or ch == "\ufffd":
        return GARBAGE
    category = unicodedata.category(ch)
    if category in ("Cn", "Co", "Cs"):
        return GARBAGE
    if category.startswith("C"):
        return CONTROL
    if category.startswith("Z"):
        return ASCII_TEXT
    return OTHER


# char_score by character, so that a string is scored by ``map`` at C speed
_CHAR_SCORES = CharTable(char_score)


@lru_cache(maxsize=1)
def _bonuses() -> dict[str, float]:
    """Word bonus by folded two-character word, for words both of whose characters are
    hanzi at least LESS_COMMON_HAN: the pairs :func:`score` rewards."""
    out: dict[str, float] = {}
    for word in _frequencies()[1]:
        if len(word) == 2 and all(_is_han_to_pair(ch) for ch in word):
            bonus = _word_bonus(word)
            if bonus:
                out[word] = bonus
    return out


@lru_cache(maxsize=1)
def _bonus_index() -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """The word bonuses by first character (-> second -> bonus) and by second character
    (-> first -> bonus): the candidates beside one fixed neighbour are each looked up
    in that neighbour's small table, with no two-character key to build."""
    after: dict[str, dict[str, float]] = {}
    before: dict[str, dict[str, float]] = {}
    for word, bonus in _bonuses().items():
        after.setdefault(word[0], {})[word[1]] = bonus
        before.setdefault(word[1], {})[word[0]] = bonus
    return after, before


def _is_han_to_pair(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" and char_score(ch) >= LESS_COMMON_HAN


# an ASCII letter or digit between two hanzi (STRAY_LATIN); lookarounds, so that the
# hanzi between two such letters serves both
_STRAY = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])[A-Za-z0-9](?=[\u3400-\u4dbf\u4e00-\u9fff])")


def score(text: str, *, bonuses: bool = True) -> float:
    """Sum of character scores relative to a common hanzi, plus a bonus for every
    known two-character word (both characters hanzi scoring at least LESS_COMMON_HAN),
    minus STRAY_LATIN for every ASCII letter or digit between two hanzi.

    With ``bonuses=False`` the word bonuses are left out: a floor of the score (a bonus
    is never negative, and adding one never lowers a rounded sum), for a fraction of
    its cost, since the bonuses are looked up pair by pair.

    Written with ``map`` over dictionaries: the codec detector scores every Chinese run
    of every page, and a loop over characters in Python was a fifth of HTML cleaning.
    tests/test_charmodel.py checks it against the plain loop."""
    total = -COMMON_HAN * len(text) + sum(map(_CHAR_SCORES.__getitem__, text))
    if bonuses and len(text) > 1:
        folded = fold(text)
        total += sum(map(_bonuses().get, map(operator.add, folded, folded[1:]), repeat(0.0)))
    if len(text) > 2 and not text.isascii():
        total += STRAY_LATIN * len(_STRAY.findall(text))
    return total


_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _stray_neighbour(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def score_at(text: str, i: int) -> float:
    """The terms of :func:`score` that involve ``text[i]``: its character score, the
    word bonuses of the two pairs it is in, and the stray-letter terms of it and of its
    two neighbours (each reads the characters on both sides). Replacing ``text[i]`` alone
    changes ``score(text)`` by exactly the change in this, so a search that tries many
    characters at one place scores each from one full score (the byte-shift search)."""
    return scores_at(text[max(0, i - 2) : i], (text[i],), text[i + 1 : i + 3])[0]


def scores_at(left: str, chars: Iterable[str], right: str) -> list[float]:
    """:func:`score_at` of each of ``chars`` (single characters) between ``left`` and
    ``right``: what is the same for all of them (the neighbours' parts) is worked out
    once, and each term is looked up for all of them by ``map``."""
    chars = list(chars)
    l1 = left[-1:]
    r1 = right[:1]
    # every term as a column, one value per character; summed across at the end
    columns: list[Iterable[float]] = [map(_CHAR_SCORES.__getitem__, chars)]
    folded = fold("".join(chars))  # one character each, so position for position
    # the word bonuses beside each neighbour: none when no word has it there
    after, before = _bonus_index()
    words_after = after.get(fold(l1)) if l1 else None
    words_before = before.get(fold(r1)) if r1 else None
    if words_after:
        columns.append(map(words_after.get, folded, repeat(0.0)))
    if words_before:
        columns.append(map(words_before.get, folded, repeat(0.0)))
    # the stray-letter terms: the left neighbour is one when it is a letter after a
    # hanzi and the character is a hanzi; the same on the right; the character is one
    # when it is a letter between two hanzi
    neighbours = (l1 in _ASCII_ALNUM and len(left) >= 2 and _stray_neighbour(left[-2])) + (
        r1 in _ASCII_ALNUM and len(right) >= 2 and _stray_neighbour(right[1])
    )
    if neighbours:
        columns.append([STRAY_LATIN * neighbours if _stray_neighbour(ch) else 0.0 for ch in chars])
    if l1 and r1 and _stray_neighbour(l1) and _stray_neighbour(r1):
        columns.append([STRAY_LATIN if ch in _ASCII_ALNUM else 0.0 for ch in chars])
    # summed column by column, left to right as ``sum`` over each row would (the same
    # floats), by ``map`` at C speed
    totals: Iterator[float] = iter(columns[0])
    for column in columns[1:]:
        totals = map(operator.add, totals, column)
    return list(map(operator.sub, totals, repeat(COMMON_HAN)))


def _score_bound(ch: str) -> float:
    """At least what ``ch`` adds to :func:`score` of any text that holds it: its
    character score and the largest word bonus of a pair it starts (each pair's bonus
    counted at its first character). The stray-letter terms are never positive."""
    bonus = max(_bonus_index()[0].get(fold(ch), {}).values(), default=0.0)
    return _CHAR_SCORES[ch] - COMMON_HAN + bonus


# _score_bound by character: ``sum(map(SCORE_BOUND.__getitem__, text)) >= score(text)``
SCORE_BOUND = CharTable(_score_bound)


class SliceScores:
    """:func:`score` of any slice ``text[a:b]`` from prefix sums: linear work once, then
    constant work per slice. The terms are summed in another order than :func:`score`
    sums them, so a value may differ from it by rounding (about 1e-12 on a page): fit
    for ruling slices out with a tolerance, not for deciding between them."""

    def __init__(self, text: str) -> None:
        self._chars = list(accumulate(map(_CHAR_SCORES.__getitem__, text), initial=0.0))
        folded = fold(text)
        self._pairs = list(
            accumulate(map(_bonuses().get, map(operator.add, folded, folded[1:]), repeat(0.0)), initial=0.0)
        )
        # a stray letter counts in a slice that holds both its neighbours
        self._strays = [m.start() for m in _STRAY.finditer(text)]

    def score(self, a: int, b: int) -> float:
        n = b - a
        total = -COMMON_HAN * n + self._chars[b] - self._chars[a]
        if n > 1:
            total += self._pairs[b - 1] - self._pairs[a]
        if n > 2 and self._strays:
            total += STRAY_LATIN * (bisect_right(self._strays, b - 2) - bisect_left(self._strays, a + 1))
        return total

    def mean(self, a: int, b: int) -> float:
        return self.score(a, b) / (b - a) if b > a else 0.0


def mean_score(text: str) -> float:
    """:func:`score` per character: comparable across strings of different length."""
    return score(text) / len(text) if text else 0.0
