"""Data files written for cleanpage, and the loader that compiles them once."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import regex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def load_toml(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return data


def term_pattern(terms: list[str]) -> re.Pattern[str]:
    """One alternation over ``terms``, longest first; Latin terms match whole words only.

    Compiled with :mod:`re` behind a lookahead for the terms' first characters: the
    engine then tests the alternation only where a term can start. On a 190,000-character
    page with the 261 spam terms that is about 4.5 times faster than the bare
    alternation (in :mod:`re` or :mod:`regex`), and finds the same matches."""
    parts = []
    for term in sorted(set(terms) - {""}, key=len, reverse=True):
        body = re.escape(term)
        if term[:1].isascii() and term[:1].isalpha():
            body = r"(?<![a-z])" + body
        if term[-1:].isascii() and term[-1:].isalpha():
            body += r"(?![a-z])"
        parts.append(body)
    if not parts:
        return re.compile(r"(?!)")
    starts = "".join(re.escape(ch) for ch in sorted({term[0] for term in terms if term}))
    return re.compile(f"(?=[{starts}])(?:{'|'.join(parts)})")


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


def count_spam_phrases(folded: str, separators: str) -> tuple[int, int]:
    """(segments, spam segments) of ``folded`` split at the characters of ``separators``
    (a regex character-class body). One scan finds the spam terms; only segments that
    overlap a term are found and tested with :func:`is_spam_phrase` (the terms are
    literals, so a segment that overlaps none holds none). The other segments are only
    counted: a hidden block of a whole page has thousands of them."""
    segment, last_separator = _segment_patterns(separators)
    count = len(segment.findall(folded))
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
    return count, spam


@lru_cache(maxsize=16)
def _segment_patterns(separators: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A segment (a run of non-separators), and a separator searched from the right."""
    return regex.compile(f"[^{separators}]+"), regex.compile(f"[{separators}]", regex.REVERSE)


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


@lru_cache(maxsize=1)
def boilerplate() -> dict[str, dict[str, list[str]]]:
    """The boilerplate phrase lists, by kind (see boilerplate.toml)."""
    return load_toml("boilerplate.toml")


@cache
def phrase_pattern(kind: str, key: str) -> re.Pattern[str]:
    """Compiled alternation of ``boilerplate.toml[kind][key]`` (compiled once per key)."""
    return term_pattern(boilerplate()[kind][key])
