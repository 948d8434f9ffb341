"""Pinyin annotations that mirrors insert after characters: ``網(wǎng)易`` -> ``網易``.

A page is annotated when many ``X(syllable)`` groups carry a tone-marked syllable that
is a reading of X, over many distinct X, and each such X carries the annotation at
(nearly) every occurrence: a mirror annotates mechanically, while an article that
teaches pinyin glosses a character once. Only then are groups stripped, so real
parentheses such as ``(FT)``, ``(a)`` or a one-off ``妈(mā)`` gloss are never touched.

Mirrors insert the annotation into GBK bytes, so a match can straddle two characters
(``‘a(chǎn)ha``: the trail byte of ‘ plus ``a`` is 產). The reading check therefore also
tries the two GBK bytes before the group. A ``?syllable)`` remnant (the ``(`` was eaten
with a lost byte) is stripped too; the ``?`` stays for the mojibake repair to explain.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import regex

from .. import gbk
from ..document import NOT_TEXT, Document, Readable
from ..result import Edit
from ..script import is_han
from .base import Stage, Thresholds

TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTERS = "a-zü" + TONE_MARKS + "\u0300\u0301\u0304\u030c"
_GROUP = regex.compile(rf"[(（]([{_LETTERS}]{{1,8}})[)）]")
_REMNANT = regex.compile(rf"\?([{_LETTERS}]{{1,8}})[)）]")
_STRIP_TONE = str.maketrans(
    {c: unicodedata.normalize("NFD", c)[0] for c in TONE_MARKS if c not in "ǖǘǚǜ"} | {c: "ü" for c in "ǖǘǚǜ"}
)


@lru_cache(maxsize=1)
def _readings() -> dict[int, tuple[str, ...]]:
    from pypinyin.pinyin_dict import pinyin_dict  # large table: load on first use

    return {cp: tuple(r.split(",")) for cp, r in pinyin_dict.items()}


@lru_cache(maxsize=1)
def valid_syllables() -> frozenset[str]:
    """Every toneless syllable that is a reading of some character."""
    return frozenset(r.translate(_STRIP_TONE) for rs in _readings().values() for r in rs)


# Syllables are a closed set of about 1,500 toned forms, so both caches stay small.
@lru_cache(maxsize=8192)
def normalise_syllable(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("u:", "ü").replace("v", "ü")


@lru_cache(maxsize=8192)
def is_toned_syllable(text: str) -> bool:
    s = normalise_syllable(text)
    return any(c in TONE_MARKS for c in s) and s.translate(_STRIP_TONE) in valid_syllables()


def reads_as(char: str, syllable: str) -> bool:
    return len(char) == 1 and syllable in _readings().get(ord(char), ())


def byte_pair_reads_as(before: str, syllable: str) -> bool:
    """Do the last two GBK bytes of ``before`` form a character read ``syllable``?"""
    try:
        raw = before[-2:].encode("gb18030")
    except UnicodeEncodeError:
        return False
    if len(raw) < 2:
        return False
    lead, trail = raw[-2], raw[-1]
    if not (gbk.is_lead(lead) and gbk.is_trail(trail)):
        return False
    try:
        char = raw[-2:].decode("gbk")
    except UnicodeDecodeError:
        return False
    return reads_as(char, syllable)


@dataclass(frozen=True)
class PinyinStats:
    matches: int  # groups whose syllable is a reading of the character or bytes before
    distinct: int  # distinct characters carrying a matching annotation
    consistency: float  # share of those characters' occurrences that are annotated

    def annotated(self, min_matches: int, min_distinct: int, min_consistency: float) -> bool:
        return (
            self.matches >= min_matches
            and self.distinct >= min_distinct
            and self.consistency >= min_consistency
        )


def document_stats(text: str) -> PinyinStats:
    text = NOT_TEXT.sub("", text)  # read as the detector reads it (see detect)
    matches = 0
    per_char: Counter[str] = Counter()
    for m in _GROUP.finditer(text):
        syllable = normalise_syllable(m.group(1))
        if not is_toned_syllable(syllable):
            continue
        before = text[max(0, m.start() - 2) : m.start()]
        if before and reads_as(before[-1], syllable):
            matches += 1
            per_char[before[-1]] += 1
        elif byte_pair_reads_as(before, syllable):
            matches += 1
    # occurrences of the annotated characters, counted in one pass over the text
    counts = Counter(text) if per_char else Counter()
    total = sum(counts[c] for c in per_char)
    consistency = sum(per_char.values()) / total if total else 0.0
    return PinyinStats(matches, len(per_char), consistency)


class PinyinDetector:
    """Strip inserted pinyin annotations on pages that the document test flags."""

    name: ClassVar[str] = "pinyin"
    stage: ClassVar[Stage] = "repair"
    thresholds: ClassVar[Thresholds] = (
        ("min_matches", int),
        ("min_distinct", int),
        ("min_consistency", float),
    )

    def __init__(
        self,
        min_matches: int = 20,
        min_distinct: int = 10,
        min_consistency: float = 0.8,
        *,
        assume_annotated: bool = False,
    ) -> None:
        self.min_matches = min_matches
        self.min_distinct = min_distinct
        self.min_consistency = min_consistency
        # set by the Cleaner when the document test passed on the article alone
        self.assume_annotated = assume_annotated

    def is_annotated(self, text: str) -> bool:
        """The document test (see the module docstring) on ``text``."""
        stats = document_stats(text)
        return stats.annotated(self.min_matches, self.min_distinct, self.min_consistency)

    def decided(self) -> PinyinDetector:
        """A copy that strips without repeating the document test."""
        return PinyinDetector(
            self.min_matches, self.min_distinct, self.min_consistency, assume_annotated=True
        )

    def redecided(self, text: str, marks: Sequence[Edit]) -> PinyinDetector | None:
        """The decided copy when the page test failed but passes on ``text``, what the
        cleaning leaves (:class:`~cleanpage.detectors.base.PageDecision`): a mirror may
        annotate the article but not the list under it, or not a spliced spam run, whose
        bare characters hide the pattern until they are removed."""
        if self.assume_annotated or ("(" not in text and "（" not in text):
            return None
        if any(m.kind == "pinyin" for m in marks) or not self.is_annotated(text):
            return None
        return self.decided()

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        # read without the characters no text holds (the non-text detector removes
        # them), so a NUL inside a group changes no decision; spans map back to the source
        if "(" not in doc.source and "（" not in doc.source:
            return []
        readable = Readable(doc.source)
        text = readable.text
        if not self.assume_annotated and not self.is_annotated(text):
            return []
        edits: list[Edit] = []
        for m in _GROUP.finditer(text):
            syllable = normalise_syllable(m.group(1))
            if not is_toned_syllable(syllable):
                continue  # toneless groups such as (a), (de) are never stripped
            before = text[max(0, m.start() - 2) : m.start()]
            if before and is_han(before[-1]) and reads_as(before[-1], syllable):
                rule, confidence = "pinyin.reading", 0.99
            elif byte_pair_reads_as(before, syllable):
                rule, confidence = "pinyin.gbk-bytes", 0.95
            else:
                # a toned syllable on an annotated page, after a misaligned character
                rule, confidence = "pinyin.toned", 0.8
            s, e = readable.to_source(m.start(), m.end())
            edits.append(Edit(s, e, "", "pinyin", rule, confidence, doc.source[s:e]))
        for m in _REMNANT.finditer(text):
            if is_toned_syllable(m.group(1)):
                # keep the '?': it marks a lost byte
                s, e = readable.to_source(m.start() + 1, m.end())
                edits.append(Edit(s, e, "", "pinyin", "pinyin.remnant", 0.9, doc.source[s:e]))
        return edits
