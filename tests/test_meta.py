"""cleanpage.meta: reading metadata out of a page's text, against plain definitions."""

from __future__ import annotations

import regex
from hypothesis import example, given
from hypothesis import strategies as st

from cleanpage.meta import _LABEL, _NOT_A_NAME, _TIME_THEN_SOURCE, SOURCE, TIME, _value, clean_source

_WORDS = ["南方都市报", "新华社", "原创", "来源", "来源：", "2019-09-09", "16:01", "责任编辑", "张三", "12/3"]
_WORDS += ["source", "Source:"]


def clean_source_by_definition(text: str) -> str | None:
    """The value after a 来源 label, else the first word that is not a time, a number or
    a label, when the element holds at most three such words."""
    flat = " ".join(text.split())
    m = SOURCE.search(flat)
    if m:
        return _value(m["v"])
    m = _TIME_THEN_SOURCE.search(flat)
    if m:
        return m["v"]
    words = [w for w in TIME.sub(" ", flat).split() if w not in _NOT_A_NAME]
    words = [
        w
        for w in words
        if not regex.fullmatch(r"[\d:：/-]+", w) and not regex.fullmatch(rf"{_LABEL}\s*[:：]?", w)
    ]
    return _value(words[0][:40]) if words and len(words) <= 3 else None


@example("原创 南方都市报 2019-09-09 16:01")
@example("张三 " * 300)  # a long element: no answer, and not every word is read
@given(st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join))
def test_clean_source_is_its_definition(text: str) -> None:
    assert clean_source(text) == clean_source_by_definition(text)
