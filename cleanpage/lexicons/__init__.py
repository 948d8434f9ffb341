"""Data files written for cleanpage, and the loader that compiles them once."""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import regex

from ..script import fold

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def load_toml(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return data


def term_pattern(terms: list[str]) -> re.Pattern[str]:
    """One pattern finding ``terms``: at each place the longest that matches there, Latin
    terms as whole words only (what a longest-first alternation of the terms finds).

    Written for :mod:`re` as a trie (``电(?:影|视)``, so a place costs one test per
    character of the longest term there, not one per term) behind a lookahead for a
    term's first two characters (its only character, for a one-character term): the
    engine enters the trie only where a term can start. Over the two samples and the 28
    corpus pages, with the 261 spam terms, that is 3.5 times faster than the
    longest-first alternation behind a lookahead for first characters alone, which was
    itself 4.5 times faster than the bare alternation."""
    words = sorted(set(terms) - {""})
    if not words:
        return re.compile(r"(?!)")
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = word  # a term ends here
    branches = [_latin_start(ch) + re.escape(ch) + _trie_rest(trie[ch]) for ch in sorted(trie)]
    firsts = _char_class(w[0] for w in words if len(w) > 1)
    seconds = _char_class(w[1] for w in words if len(w) > 1)
    singles = _char_class(w for w in words if len(w) == 1)
    ahead = "|".join(([f"[{firsts}][{seconds}]"] if firsts else []) + ([f"[{singles}]"] if singles else []))
    return re.compile(f"(?={ahead})(?:{'|'.join(branches)})")


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _latin_start(ch: str) -> str:
    return r"(?<![a-z])" if _is_latin(ch) else ""


def _trie_rest(node: dict[str, Any]) -> str:
    """The pattern for what follows a trie node: its longer terms first (one child at
    most matches, by its first character), then the end of its own term, if any."""
    options = [re.escape(ch) + _trie_rest(node[ch]) for ch in sorted(node) if ch]
    if "" in node:
        options.append(r"(?![a-z])" if _is_latin(node[""][-1]) else "")
    if len(options) == 1:
        return options[0]
    return f"(?:{'|'.join(options)})"


def _char_class(chars: Iterable[str]) -> str:
    return "".join(re.escape(ch) for ch in sorted(set(chars)))


@dataclass(frozen=True)
class SpamLexicon:
    pattern: re.Pattern[str]
    strong: frozenset[str]
    category: dict[str, str]


@lru_cache(maxsize=1)
def spam_lexicon() -> SpamLexicon:
    data = load_toml("spam.toml")
    strong: set[str] = set()
    category: dict[str, str] = {}
    for cat, entry in data.items():
        for term in entry.get("strong", []):
            strong.add(term)
            category[term] = cat
        for term in entry.get("weak", []):
            category.setdefault(term, cat)
    return SpamLexicon(term_pattern(list(category)), frozenset(strong), category)


def has_spam_term(folded: str) -> bool:
    """Does any spam term occur in ``folded``? One scan: a cheap test before splitting
    a long text into segments for :func:`is_spam_phrase`."""
    return spam_lexicon().pattern.search(folded) is not None


def count_segments(folded: str, separators: str) -> int:
    """How many segments ``folded`` splits into at the characters of ``separators`` (a
    regex character-class body)."""
    return len(_segment_patterns(separators)[0].findall(folded))


def spam_segments(folded: str, separators: str, enough: int | None = None) -> int:
    """How many segments of ``folded`` (see :func:`count_segments`) are spam phrases
    (:func:`is_spam_phrase`); with ``enough``, counting stops there: the result is
    ``min(that number, enough)``, for callers that only ask whether it is reached (a
    hidden keyword block of a whole page holds thousands of spam segments).

    One scan finds the spam terms; only segments that overlap a term are found and
    tested (the terms are literals, so a segment that overlaps none holds none)."""
    segment, last_separator = _segment_patterns(separators)
    spam = 0
    done = -1  # end of the last segment tested
    for term in spam_lexicon().pattern.finditer(folded):
        a, b = term.span()
        if b <= done:
            continue
        before = last_separator.search(folded, max(done, 0), a)
        start = max(done, before.end() if before is not None else 0)
        for m in segment.finditer(folded, start):
            if m.start() >= b:
                break
            done = m.end()
            spam += is_spam_phrase(m.group())
            if spam == enough:
                return spam
    return spam


# what ``\s`` matches in the regex module (the White_Space property), spelled out for
# the standard engine, whose ``\s`` also takes the separators U+001C-U+001F
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


@lru_cache(maxsize=16)
def _segment_patterns(separators: str) -> tuple[re.Pattern[str], regex.Pattern[str]]:
    """A segment (a run of non-separators), and a separator searched from the right.
    ``separators`` is a character-class body in the regex module's syntax; the segment
    runs on the standard engine (twice as fast here: a hidden keyword block of 174,000
    characters is 23,000 segments), the reverse search needs the regex module."""
    body = separators.replace(r"\s", WHITE_SPACE)
    return re.compile(f"[^{body}]+"), regex.compile(f"[{separators}]", regex.REVERSE)


def is_spam_phrase(folded: str, max_length: int = 24) -> bool:
    """Is one short folded segment (a link text, a keyword between separators) spam:
    a strong spam phrase, or weak spam words covering half of it?"""
    if not folded or len(folded) > max_length:
        return False
    lex = spam_lexicon()
    hits = [m.group() for m in lex.pattern.finditer(folded)]
    if any(h in lex.strong for h in hits):
        return True
    return len(hits) >= 2 and sum(len(h) for h in hits) * 2 >= len(folded)


def spam_texts(texts: Sequence[str]) -> list[bool]:
    """For each text (a link's), is it a spam phrase once stripped and folded
    (:func:`is_spam_phrase`)? Only a text a spam term occurs in can
    be: the texts are folded and searched together, one line each (no term holds a line
    break, and a line break ends a Latin term as the end of a text does), and only
    those a term falls in are judged. A page has about a hundred links, and one fold and
    one search cost less than a hundred."""
    stripped = [t.strip() for t in texts]
    folded = fold("\n".join(stripped))
    starts = list(itertools.accumulate((len(t) + 1 for t in stripped), initial=0))
    out = [False] * len(texts)
    judged: set[int] = set()
    for m in spam_lexicon().pattern.finditer(folded):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k not in judged:
            judged.add(k)
            out[k] = is_spam_phrase(folded[starts[k] : starts[k] + len(stripped[k])])
    return out


@lru_cache(maxsize=1)
def boilerplate() -> dict[str, dict[str, list[str]]]:
    """The boilerplate phrase lists, by kind (see boilerplate.toml)."""
    return load_toml("boilerplate.toml")


@cache
def phrase_pattern(kind: str, key: str) -> re.Pattern[str]:
    """Compiled alternation of ``boilerplate.toml[kind][key]`` (compiled once per key)."""
    return term_pattern(boilerplate()[kind][key])
