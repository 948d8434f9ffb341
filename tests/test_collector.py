"""The collector pause (cleanpage.collector): Cleaner.clean turns Python's cyclic
collector off for one page and restores it after; cleaning makes no reference cycles,
so the pause never keeps garbage alive past the page."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from strategies import junky_pages

import cleanpage
from cleanpage.collector import collector_paused
from cleanpage.detectors.base import Stage
from cleanpage.document import Document
from cleanpage.result import Edit

HERE = Path(__file__).parent
PAGES = sorted((HERE.parent / "samples").glob("*.txt")) + sorted((HERE / "fixtures" / "html").glob("*.html"))
CLEANER = cleanpage.Cleaner()


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _cycles_made_by(work: Callable[[], object]) -> int:
    """Objects in reference cycles that ``work`` left behind (the collector off, so
    that none is collected before they are counted)."""
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        work()
        return gc.collect()
    finally:
        if was:
            gc.enable()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_cleaning_a_page_makes_no_reference_cycles(path: Path) -> None:
    data = path.read_bytes()
    for html in (None, False):  # as recognised, and (HTML fixtures) as text
        CLEANER.clean(data, html=html)  # (first use fills lazy tables and caches)
        assert _cycles_made_by(lambda html=html: CLEANER.clean(data, html=html)) == 0


@settings(max_examples=40)
@given(junky_pages())
def test_cleaning_generated_pages_makes_no_reference_cycles(page: str) -> None:
    CLEANER.clean(page)
    assert _cycles_made_by(lambda: CLEANER.clean(page)) == 0


def test_a_cycle_is_counted() -> None:
    # the check above can fail: a self-referring list is found
    def make_cycle() -> None:
        loop: list[object] = []
        loop.append(loop)

    assert _cycles_made_by(make_cycle) == 1


class _Probe:
    """A detector that records whether the collector ran during the page, or raises."""

    name: ClassVar[str] = "probe"
    stage: ClassVar[Stage] = "line"

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.seen: list[bool] = []

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        self.seen.append(gc.isenabled())
        if self.fail:
            raise RuntimeError("probe failure")
        return []


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_off_during_a_page_and_on_after_it() -> None:
    probe = _Probe()
    cleanpage.Cleaner(detectors=[probe]).clean("标题\n正文第一段，内容。")
    assert probe.seen and not any(probe.seen)
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_on_again_after_a_page_that_raises() -> None:
    with pytest.raises(RuntimeError, match="probe failure"):
        cleanpage.Cleaner(detectors=[_Probe(fail=True)]).clean("标题\n正文第一段，内容。")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        cleanpage.Cleaner().clean("标题\n正文第一段，内容。")
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


@pytest.mark.usefixtures("collector_on")
def test_nested_pauses_restore_only_at_the_outermost() -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
