"""A page over the size limit or the time budget is passed through, and says why."""

from __future__ import annotations

import pytest
from helpers import article_with
from hypothesis import given
from hypothesis import strategies as st

import cleanpage
from cleanpage import Cleaner
from cleanpage.budget import DEFAULT_MAX_BYTES, input_size

SPAM = "澳门百家乐|威尼斯人娱乐|皇冠足球比分|六合彩开奖结果"


def test_a_page_under_the_limits_is_cleaned() -> None:
    result = Cleaner().clean(article_with([SPAM]))
    assert result.status == "clean"
    assert result.reason is None
    assert SPAM not in result.text


@pytest.mark.parametrize("as_bytes", [False, True])
def test_a_page_over_max_bytes_is_passed_through_unchanged(as_bytes: bool) -> None:
    page = article_with([SPAM])
    data: str | bytes = page.encode("utf-8") if as_bytes else page
    result = Cleaner(max_bytes=100).clean(data)
    assert result.status == "skipped"
    assert result.reason is not None and "exceeds the limit of 100" in result.reason
    assert result.text == result.source == page
    assert result.edits == []
    assert cleanpage.apply_edits(result.source, result.edits) == result.text
    assert result.to_dict()["status"] == "skipped"
    assert any(w.startswith("skipped:") for w in result.warnings)


def test_a_gbk_page_over_the_limit_is_decoded_when_passed_through() -> None:
    page = article_with([SPAM])
    result = Cleaner(max_bytes=10).clean(page.encode("gb18030"), encoding="gbk")
    assert result.status == "skipped"
    assert result.text == page


def test_a_page_over_the_time_budget_is_passed_through() -> None:
    page = article_with([SPAM])
    result = Cleaner(time_budget=1e-9).clean(page)
    assert result.status == "skipped"
    assert result.reason is not None and "time budget" in result.reason
    assert result.text == page


def test_no_limit_means_no_limit() -> None:
    page = article_with([SPAM]) * 3
    assert Cleaner(max_bytes=None, time_budget=None).clean(page).status == "clean"


@pytest.mark.parametrize("kwargs", [{"max_bytes": -1}, {"time_budget": 0}, {"time_budget": -2.0}])
def test_bad_limits_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Cleaner(**kwargs)  # type: ignore[arg-type]


@given(st.text(max_size=200))
def test_input_size_is_the_utf8_size_whenever_it_matters(text: str) -> None:
    exact = len(text.encode("utf-8", "surrogatepass"))
    for limit in (0, 10, 100, 1000):
        # exact whenever the page may exceed the limit; a cheap lower figure otherwise
        assert (input_size(text, limit) > limit) == (exact > limit)


def test_the_default_limit_is_far_above_real_pages() -> None:
    assert DEFAULT_MAX_BYTES >= 16 * 1024 * 1024
    assert Cleaner().max_bytes == DEFAULT_MAX_BYTES
