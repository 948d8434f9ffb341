"""The ordered process pool: order, back-pressure, failures, time budget, cleanup.

No test asserts a duration. Pools are module-scoped where a test only maps over them,
since each worker process costs a spawn.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

import _pool_work as work
import pytest
from helpers import BODY_S, TITLE_S, article_with, page
from hypothesis import given
from hypothesis import strategies as st

import cleanpage
from cleanpage.corpus.pool import (
    TIMEOUT,
    WORKER_DIED,
    OrderedPool,
    OutcomeError,
    WorkerSetupError,
    default_jobs,
    ordered_map,
)

ROOT = Path(__file__).resolve().parent.parent
SizedItem = tuple[int, float, bytes]


@pytest.fixture(scope="module")
def sized_pools() -> Iterator[dict[int, OrderedPool[None, SizedItem, tuple[int, int]]]]:
    pools = {jobs: OrderedPool(work.sized, setup=work.no_state, jobs=jobs) for jobs in (1, 2, 3)}
    yield pools
    for pool in pools.values():
        pool.close()


@pytest.fixture(scope="module")
def misbehaving() -> Iterator[OrderedPool[None, object, object]]:
    # a budget far above what an ordinary item takes even on a busy machine
    with OrderedPool(work.misbehave, setup=work.no_state, jobs=2, time_budget=2.0) as pool:
        yield pool


def _our_new_children(before: set[int]) -> set[int]:
    return {p.pid for p in multiprocessing.active_children() if p.pid is not None} - before


def _gone(pid: int) -> bool:
    """No such process, not even a zombie (kill(pid, 0) succeeds on a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


# --- order and back-pressure --------------------------------------------------------------


@given(
    jobs=st.sampled_from([1, 2, 3]),
    spec=st.lists(st.tuples(st.sampled_from([0.0, 0.0, 0.001, 0.003]), st.integers(0, 20_000)), max_size=20),
)
def test_outcomes_come_in_input_order(
    sized_pools: dict[int, OrderedPool[None, SizedItem, tuple[int, int]]],
    jobs: int,
    spec: list[tuple[float, int]],
) -> None:
    items = [(i, delay, b"x" * size) for i, (delay, size) in enumerate(spec)]
    outcomes = list(sized_pools[jobs].map(items))
    assert [o.index for o in outcomes] == list(range(len(items)))
    assert [o.item for o in outcomes] == items
    assert [o.value for o in outcomes] == [(i, size) for i, (_delay, size) in enumerate(spec)]
    assert all(o.ok for o in outcomes)


@pytest.mark.parametrize("window", [1, 3, 8])
def test_reads_at_most_a_window_ahead(
    sized_pools: dict[int, OrderedPool[None, SizedItem, tuple[int, int]]], window: int
) -> None:
    pulled = 0

    def source() -> Iterator[SizedItem]:
        nonlocal pulled
        for i in range(40):
            pulled += 1
            yield (i, 0.002 if i % 5 == 0 else 0.0, b"page")

    taken = 0
    for outcome in sized_pools[2].map(source(), window=window):
        taken += 1
        assert outcome.index == taken - 1
        assert pulled <= taken + window
    assert taken == 40


def test_an_endless_source_streams_and_the_pool_stays_usable(
    sized_pools: dict[int, OrderedPool[None, SizedItem, tuple[int, int]]],
) -> None:
    endless = ((i, 0.0, b"p") for i in itertools.count())
    outcomes = sized_pools[2].map(endless, window=4)
    first = list(itertools.islice(outcomes, 25))
    outcomes.close()  # abandon the run
    assert [o.value for o in first] == [(i, 1) for i in range(25)]
    # the abandoned run's workers were replaced; the next map runs normally
    again = list(sized_pools[2].map([(0, 0.0, b"ab")]))
    assert [o.value for o in again] == [(0, 2)]


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="jobs"):
        OrderedPool(work.echo, setup=work.no_state, jobs=0)
    with pytest.raises(ValueError, match="time_budget"):
        OrderedPool(work.echo, setup=work.no_state, jobs=1, time_budget=0)
    pool = OrderedPool(work.echo, setup=work.no_state, jobs=1)
    with pytest.raises(ValueError, match="window"):
        pool.map([1], window=0)
    running = pool.map([1, 2])
    next(running)
    with pytest.raises(RuntimeError, match="already running"):
        pool.map([3])
    pool.close()
    with pytest.raises(RuntimeError, match="closed"):
        pool.map([3])


def test_default_jobs_counts_usable_cpus() -> None:
    assert 1 <= default_jobs() <= (os.cpu_count() or 1)


# --- failures ---------------------------------------------------------------------------


def test_a_raising_item_gives_an_error_outcome(misbehaving: OrderedPool[None, object, object]) -> None:
    items: list[object] = [0, 1, work.RAISE, 2, 3]
    outcomes = list(misbehaving.map(items))
    assert [o.status for o in outcomes] == ["ok", "ok", "error", "ok", "ok"]
    assert [o.value for o in outcomes if o.ok] == [0, 1, 2, 3]
    bad = outcomes[2]
    assert bad.item == work.RAISE  # kept, so it can be passed through
    assert bad.failure is not None
    assert bad.failure.type == "ValueError"
    assert "cannot handle" in bad.failure.message
    assert "misbehave" in bad.failure.traceback
    with pytest.raises(OutcomeError, match="ValueError"):
        bad.unwrap()
    assert outcomes[0].unwrap() == 0


def test_a_dying_worker_fails_only_its_item(misbehaving: OrderedPool[None, object, object]) -> None:
    items: list[object] = [0, 1, work.DIE, 2, 3, 4, 5]
    outcomes = list(misbehaving.map(items))
    assert [o.status for o in outcomes] == ["ok", "ok", "error", "ok", "ok", "ok", "ok"]
    died = outcomes[2]
    assert died.item == work.DIE
    assert died.failure is not None and died.failure.type == WORKER_DIED
    assert "exited with code 1" in died.failure.message
    assert [o.value for o in outcomes if o.ok] == [0, 1, 2, 3, 4, 5]


def test_an_unpicklable_item_fails_alone(misbehaving: OrderedPool[None, object, object]) -> None:
    items: list[object] = [0, lambda: None, 1]  # a lambda cannot be sent to a worker
    outcomes = list(misbehaving.map(items))
    assert [o.status for o in outcomes] == ["ok", "error", "ok"]
    assert outcomes[1].item is items[1]


def test_an_item_over_the_budget_times_out_and_the_run_goes_on() -> None:
    # jobs=1 with a budget runs in one worker process, which the hung item loses
    pool: OrderedPool[None, object, object] = OrderedPool(
        work.misbehave, setup=work.no_state, jobs=1, time_budget=0.5
    )
    assert not pool.in_process
    with pool:
        outcomes = list(pool.map([0, work.HANG, 1, 2]))
    assert [o.status for o in outcomes] == ["ok", "timeout", "ok", "ok"]
    hung = outcomes[1]
    assert hung.item == work.HANG
    assert hung.failure is not None and hung.failure.type == TIMEOUT
    assert [o.value for o in outcomes if o.ok] == [0, 1, 2]


def test_unpicklable_work_is_refused_at_once() -> None:
    before = {p.pid for p in multiprocessing.active_children() if p.pid is not None}
    with pytest.raises(Exception, match="pickle"):
        list(ordered_map(lambda state, item: item, [1], setup=work.no_state, jobs=2))
    assert not _our_new_children(before)


def test_failing_setup_stops_the_run() -> None:
    with pytest.raises(WorkerSetupError, match="rules directory missing"):
        list(ordered_map(work.echo, [1, 2], setup=work.failing_setup, jobs=2))
    with pytest.raises(WorkerSetupError, match="rules directory missing"):
        list(ordered_map(work.echo, [1, 2], setup=work.failing_setup, jobs=1))


def test_in_process_run_reports_errors_too() -> None:
    pool: OrderedPool[None, object, object] = OrderedPool(work.misbehave, setup=work.no_state, jobs=1)
    assert pool.in_process
    outcomes = list(pool.map([work.RAISE, 0]))
    assert [o.status for o in outcomes] == ["error", "ok"]
    assert outcomes[0].failure is not None and outcomes[0].failure.type == "ValueError"


# --- workers ------------------------------------------------------------------------------


def test_setup_runs_once_per_worker(tmp_path: Path) -> None:
    setup = functools.partial(work.record_setup, str(tmp_path))
    with OrderedPool(work.echo, setup=setup, jobs=2) as pool:
        first = list(pool.map(range(30)))
        second = list(pool.map(range(30, 40)))
    traces = sorted(tmp_path.glob("*.setup"))
    assert len(traces) == 2  # one per worker, none for the second map
    assert all(p.read_text(encoding="utf-8") == "setup\n" for p in traces)
    states = {o.value[0] for o in first + second if isinstance(o.value, tuple)}
    assert states <= {p.name for p in traces}
    assert [o.value[1] for o in first + second if isinstance(o.value, tuple)] == list(range(40))
    assert all(_gone(int(p.stem)) for p in traces)  # closing the pool reaped its workers


def test_an_interrupt_kills_the_workers_and_propagates() -> None:
    before = {p.pid for p in multiprocessing.active_children() if p.pid is not None}
    workers: set[int] = set()

    def source() -> Iterator[object]:
        yield 0
        yield work.HANG  # keeps one worker busy when the interrupt comes
        workers.update(_our_new_children(before))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        list(ordered_map(work.misbehave, source(), setup=work.no_state, jobs=2))
    assert len(workers) == 2
    assert all(_gone(pid) for pid in workers)


# --- the real work ------------------------------------------------------------------------


def test_cleaning_in_workers_equals_cleaning_here() -> None:
    # one real page (mojibake, pinyin, spam, boilerplate) and a few small ones
    pages: list[str | bytes] = [sorted((ROOT / "samples").glob("*.txt"))[0].read_bytes()]
    pages += [
        article_with(["国产av一二三区|日本不卡动作网站|黄色天天久久影片|99草成人免费在线视频"]),
        page(TITLE_S, *BODY_S),
        "",
        b"\xff\xfe broken \x80 bytes",
    ]
    cleaner = cleanpage.Cleaner()
    expected = [cleaner.clean(p) for p in pages]
    outcomes = list(ordered_map(work.clean_page, pages, setup=work.make_cleaner, jobs=2))
    assert all(o.ok for o in outcomes)
    got = [o.unwrap() for o in outcomes]
    assert [r.text for r in got] == [r.text for r in expected]
    assert [r.edits for r in got] == [r.edits for r in expected]
    assert any(r.findings for r in got)  # the comparison covers real edits
