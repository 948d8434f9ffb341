"""count_segments and spam_segments find spam terms in one scan; they must count
exactly what testing every segment with is_spam_phrase counts (spam_segments with
``enough``, no more than that)."""

from __future__ import annotations

import regex
from hypothesis import example, given
from hypothesis import strategies as st

from cleanpage.lexicons import count_segments, is_spam_phrase, spam_segments

PIECES = ["百家乐", "六合彩", "成人电影", "av", "porn", "时时彩", "在线观看", "娱乐城"]
PIECES += ["新闻", "今天", "a", "x", "市政府今天在北京召开会议讨论", "免费"]  # long and weak words too
SEPARATORS = [" ", "|", "_", "，", "/", "。", "\n"]


# a term at the end of a segment too long to be a phrase: the segment, not the term
# alone, is what is tested
@example("市政府今天在北京召开会议讨论市政府今天在北京召开会议讨论百家乐", r"\s|｜_,，、/")
@given(
    st.lists(st.sampled_from(PIECES + SEPARATORS), max_size=60).map("".join),
    st.sampled_from([r"\s|｜_,，、/", r"\s|｜_,，、/。！？"]),
)
def test_count_equals_testing_every_segment(text: str, separators: str) -> None:
    segments = [w for w in regex.split(f"[{separators}]+", text) if w]
    expected = (len(segments), sum(1 for w in segments if is_spam_phrase(w)))
    assert (count_segments(text, separators), spam_segments(text, separators)) == expected


@given(
    st.lists(st.sampled_from(PIECES + SEPARATORS), max_size=60).map("".join),
    st.sampled_from([r"\s|｜_,，、/", r"\s|｜_,，、/。！？"]),
    st.integers(1, 8),
)
def test_counting_spam_stops_at_enough(text: str, separators: str, enough: int) -> None:
    segments = [w for w in regex.split(f"[{separators}]+", text) if w]
    spam = sum(1 for w in segments if is_spam_phrase(w))
    assert spam_segments(text, separators, enough=enough) == min(spam, enough)


# --- term_pattern: the compiled form finds what the plain alternation finds ----------

_TERM_CHARS = st.sampled_from(list("色情赌博彩票娱乐成人在线网站视频avpornbet365的一是了 "))


def _texts(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.lists(_TERM_CHARS, min_size=min_size, max_size=max_size).map("".join)


@given(st.lists(_texts(1, 4), min_size=1, max_size=12), _texts(0, 60))
def test_term_pattern_finds_what_the_plain_alternation_finds(terms: list[str], text: str) -> None:
    """The definition: at each position the longest term that matches there, Latin terms
    only as whole words, scanning left to right without overlaps."""
    from cleanpage.lexicons import term_pattern

    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        body = regex.escape(term)
        if term[:1].isascii() and term[:1].isalpha():
            body = r"(?<![a-z])" + body
        if term[-1:].isascii() and term[-1:].isalpha():
            body += r"(?![a-z])"
        parts.append(body)
    plain = regex.compile("|".join(parts))
    assert [m.span() for m in term_pattern(terms).finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_white_space_class_is_the_regex_modules() -> None:
    """Segments are found on the standard engine with WHITE_SPACE spelled out, and the
    separator before a term with the regex module's \\s: the two agree on every code
    point."""
    import re

    from cleanpage.lexicons import WHITE_SPACE

    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    assert re.findall(f"[{WHITE_SPACE}]", every) == regex.findall(r"\s", every)


_LINK_PIECES = [*PIECES, "澳門", "百家樂", "AV", "Porn", "porn2", "\u3000", " ", "\n", "x"]


@given(st.lists(st.lists(st.sampled_from(_LINK_PIECES), max_size=6).map("".join), max_size=8))
def test_link_texts_are_judged_as_each_alone(texts: list[str]) -> None:
    """lexicons.spam_texts folds and searches all link texts of a page at once; each
    answer is what judging that text alone gives."""
    from cleanpage.lexicons import spam_texts
    from cleanpage.script import fold

    assert spam_texts(texts) == [is_spam_phrase(fold(t.strip())) for t in texts]
