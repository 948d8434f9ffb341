"""count_spam_phrases finds spam terms in one scan; it must count exactly what testing
every segment with is_spam_phrase counts."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from cleanpage.lexicons import count_spam_phrases, is_spam_phrase

PIECES = ["百家乐", "六合彩", "成人电影", "av", "porn", "时时彩", "在线观看", "娱乐城"]
PIECES += ["新闻", "今天", "a", "x"]
SEPARATORS = [" ", "|", "_", "，", "/", "。", "\n"]


@given(
    st.lists(st.sampled_from(PIECES + SEPARATORS), max_size=40).map("".join),
    st.sampled_from([r"\s|｜_,，、/", r"\s|｜_,，、/。！？"]),
)
def test_count_equals_testing_every_segment(text: str, separators: str) -> None:
    segments = [w for w in regex.split(f"[{separators}]+", text) if w]
    expected = (len(segments), sum(1 for w in segments if is_spam_phrase(w)))
    assert count_spam_phrases(text, separators) == expected
