"""An ordered, bounded process pool: map a function over a stream of items in parallel.

:func:`ordered_map` (one run) and :class:`OrderedPool` (several runs on the same workers)
yield one :class:`Outcome` per item, in input order: a value, an error (the exception's
type, message and a short traceback) or a timeout. A failing item never stops the run,
and the item stays in its outcome so the caller can pass it through unchanged.

Why our own workers rather than ``concurrent.futures.ProcessPoolExecutor``: the executor
cannot kill one worker (a per-item time budget needs that), and when a worker dies it
breaks the whole pool, failing every pending future without saying which item was to
blame. Here each worker is a process we started, with its own pipe, running one item at
a time, so a timeout or a crash is charged to exactly the item that caused it, and only
that worker is replaced.

Workers are started with ``spawn`` by default: ``fork`` copies a process that may hold
threads and locks (a Ray or web worker importing cleanpage), which can deadlock the
child. ``forkserver`` (POSIX only) is also safe.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, Generic, Literal, TypeAlias, TypeVar, cast

__all__ = [
    "TIMEOUT",
    "WORKER_DIED",
    "Failure",
    "OrderedPool",
    "Outcome",
    "OutcomeError",
    "WorkerSetupError",
    "default_jobs",
    "ordered_map",
]

S = TypeVar("S")  # per-worker state built by ``setup``
T = TypeVar("T")  # an input item
R = TypeVar("R")  # what ``work`` returns for an item

Status = Literal["ok", "error", "timeout"]
# how worker processes start; "fork" is accepted but unsafe in a process with threads
StartMethod = Literal["spawn", "forkserver", "fork"]

# Failure.type of an item whose worker process died under it (segfault, os._exit, OOM
# kill), and of an item that ran over the time budget.
WORKER_DIED = "WorkerDied"
TIMEOUT = "Timeout"

_PROTOCOL = pickle.HIGHEST_PROTOCOL
_TRACEBACK_FRAMES = 6  # the innermost frames say where it broke; keep reports short
_TRACEBACK_CHARS = 2000
_GRACE_SECONDS = 2.0  # how long close() lets an idle worker exit before killing it


def default_jobs() -> int:
    """The number of CPUs this process may run on (its affinity mask where the OS has
    one, so a container or ``taskset`` limit is respected)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an item has no value: an exception's type name and message, with the last
    frames of its traceback; or :data:`WORKER_DIED` / :data:`TIMEOUT`."""

    type: str
    message: str
    traceback: str = ""

    @classmethod
    def from_exception(cls, exc: BaseException) -> Failure:
        lines = traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-_TRACEBACK_FRAMES)
        return cls(type(exc).__name__, str(exc), "".join(lines)[-_TRACEBACK_CHARS:])

    def __str__(self) -> str:
        return f"{self.type}: {self.message}" if self.message else self.type


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T, R]):
    """What became of the item at position ``index`` of the input.

    ``status`` is ``ok`` (``value`` holds the result), ``error`` (``work`` raised, the
    item could not be sent, or the worker died: see ``failure``) or ``timeout``.
    ``seconds`` is the time the item took (up to the budget for a timeout).
    """

    index: int
    item: T
    status: Status
    value: R | None = None
    failure: Failure | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def unwrap(self) -> R:
        """The value; :class:`OutcomeError` for an error or a timeout."""
        if self.status != "ok":
            raise OutcomeError(self.index, self.failure)
        return cast(R, self.value)


# what map() returns: a generator, so a caller can close() it to abandon a run
Outcomes: TypeAlias = Generator[Outcome[T, R], None, None]


class OutcomeError(Exception):
    """:meth:`Outcome.unwrap` on an item that failed."""

    def __init__(self, index: int, failure: Failure | None) -> None:
        super().__init__(f"item {index}: {failure}")
        self.index = index
        self.failure = failure


class WorkerSetupError(RuntimeError):
    """``setup`` failed (or a worker died before it finished): the run cannot start,
    since every replacement would fail the same way."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(f"worker setup failed: {failure}")
        self.failure = failure


# --- the worker process ------------------------------------------------------------------
#
# Protocol on each worker's pipe, every message a pickled tuple:
#   worker -> parent: ("ready",) once setup is done, or ("setup-error", Failure) and exit;
#                     then per item ("ok", value, seconds) or ("error", Failure, seconds)
#   parent -> worker: a pickled item; closing the pipe asks the worker to exit.


def _worker_main(conn: Connection, setup: Callable[[], Any], work: Callable[[Any, Any], Any]) -> None:
    # Ctrl-C reaches the whole process group; the parent decides what stops, and kills us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    try:
        state = setup()
    except Exception as exc:
        with contextlib.suppress(OSError):
            conn.send_bytes(pickle.dumps(("setup-error", Failure.from_exception(exc)), _PROTOCOL))
        return
    try:
        conn.send_bytes(pickle.dumps(("ready",), _PROTOCOL))
        while True:
            data = conn.recv_bytes()
            start = time.perf_counter()
            try:
                value = work(state, pickle.loads(data))
                # pickled here, so an unpicklable value is this item's error, not a crash
                reply = pickle.dumps(("ok", value, time.perf_counter() - start), _PROTOCOL)
            except Exception as exc:
                failure = Failure.from_exception(exc)
                reply = pickle.dumps(("error", failure, time.perf_counter() - start), _PROTOCOL)
            conn.send_bytes(reply)
    except (EOFError, OSError):
        return  # the parent closed the pipe or is gone


def _exit_with_parent() -> None:
    """Exit when the parent dies, even in the middle of an item: a parent killed with
    SIGKILL cannot stop us, and an orphan stuck on a huge page would run on."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        with contextlib.suppress(OSError, ValueError):
            wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class _Worker:
    """The parent's handle on one worker process: its pipe and the item it is running."""

    def __init__(
        self, start_method: StartMethod, setup: Callable[[], Any], work: Callable[[Any, Any], Any]
    ) -> None:
        parent_end, child_end = Pipe(duplex=True)
        # every concrete context has .Process; typeshed declares it only on the subclasses
        context = multiprocessing.get_context(start_method)
        process_class: Callable[..., BaseProcess] = context.Process  # type: ignore[attr-defined]
        self.process = process_class(
            target=_worker_main, args=(child_end, setup, work), name="cleanpage-worker", daemon=True
        )
        try:
            self.process.start()  # pickles work and setup first: unpicklable ones raise here
        except BaseException:
            parent_end.close()
            raise
        finally:
            child_end.close()  # so the parent sees EOF on its end when the worker dies
        self.conn: Connection = parent_end
        self.ready = False  # setup finished; only then is the worker given items
        self.index: int | None = None  # the item being run
        self.started = 0.0
        self.deadline: float | None = None

    @property
    def idle(self) -> bool:
        return self.ready and self.index is None

    def how_it_ended(self) -> str:
        self.process.join(timeout=1.0)
        code = self.process.exitcode
        if code is None:
            return f"worker {self.process.pid} stopped answering"
        if code < 0:
            with contextlib.suppress(ValueError):
                return f"worker {self.process.pid} was killed by {signal.Signals(-code).name}"
        return f"worker {self.process.pid} exited with code {code}"

    def stop(self, *, kill: bool) -> None:
        """End the process and release its pipe and handles (no zombie is left)."""
        if kill:
            with contextlib.suppress(OSError, ValueError):
                self.process.kill()
        with contextlib.suppress(OSError):
            self.conn.close()  # an idle worker reads EOF and returns
        self.process.join(timeout=None if kill else _GRACE_SECONDS)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()
        self.process.close()


# --- the pool ----------------------------------------------------------------------------


class OrderedPool(Generic[S, T, R]):
    """``jobs`` worker processes, each holding the state ``setup()`` built once, running
    ``work(state, item)``; :meth:`map` streams items through them in order.

    ``work`` and ``setup`` must be picklable: module-level functions, or
    ``functools.partial`` of them. With ``jobs=1`` and no ``time_budget`` the items run
    in this process (no start-up cost, no pickling; a crash in ``work`` then ends the
    run). A ``time_budget`` always uses worker processes, even for ``jobs=1``, since only
    a process can be stopped in the middle of an item.

    Use it as a context manager: leaving the block normally lets the workers exit;
    leaving it by an exception (KeyboardInterrupt included) kills them at once.
    """

    def __init__(
        self,
        work: Callable[[S, T], R],
        *,
        setup: Callable[[], S],
        jobs: int | None = None,
        time_budget: float | None = None,
        start_method: StartMethod = "spawn",
    ) -> None:
        self.jobs = default_jobs() if jobs is None else jobs
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")
        if time_budget is not None and not time_budget > 0:
            raise ValueError(f"time_budget must be positive, not {time_budget}")
        self.work = work
        self.setup = setup
        self.time_budget = time_budget
        self.start_method = start_method
        self._workers: list[_Worker] = []
        self._inline_state: tuple[S] | None = None
        self._running = False
        self._closed = False

    @property
    def in_process(self) -> bool:
        """True when items run in this process (``jobs=1`` without a time budget)."""
        return self.jobs == 1 and self.time_budget is None

    def __enter__(self) -> OrderedPool[S, T, R]:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()

    def close(self) -> None:
        """Let the workers finish and exit (killing any that do not within a moment)."""
        self._closed = True
        workers, self._workers = self._workers, []
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.close()
        for worker in workers:
            worker.stop(kill=worker.index is not None)

    def terminate(self) -> None:
        """Kill the workers now, whatever they are doing."""
        self._closed = True
        workers, self._workers = self._workers, []
        for worker in workers:
            with contextlib.suppress(OSError, ValueError):
                worker.process.kill()
        for worker in workers:
            worker.stop(kill=True)

    def map(self, items: Iterable[T], *, window: int | None = None) -> Outcomes[T, R]:
        """One :class:`Outcome` per item of ``items``, in input order.

        At most ``window`` items (default ``4 * jobs``) are taken from ``items`` beyond
        the last outcome the caller has received: a slow item holds back the ones after
        it, and reading stops until it is done (back-pressure), so an endless or huge
        input streams in bounded memory. Only one map may run at a time.
        """
        if window is None:
            window = 4 * self.jobs
        if window < 1:
            raise ValueError(f"window must be at least 1, not {window}")
        if self._closed:
            raise RuntimeError("the pool is closed")
        self._check_idle()
        if self.in_process:
            return self._map_here(items)
        return self._map_workers(items, window)

    def _check_idle(self) -> None:
        # checked when map() is called and again when its generator starts, since two
        # maps may be created before either is iterated
        if self._running:
            raise RuntimeError("a map is already running on this pool")

    # -- in this process --

    def _map_here(self, items: Iterable[T]) -> Outcomes[T, R]:
        self._check_idle()
        self._running = True
        try:
            if self._inline_state is None:
                try:
                    self._inline_state = (self.setup(),)
                except Exception as exc:
                    raise WorkerSetupError(Failure.from_exception(exc)) from exc
            state = self._inline_state[0]
            for index, item in enumerate(items):
                start = time.perf_counter()
                try:
                    value = self.work(state, item)
                except Exception as exc:
                    failure = Failure.from_exception(exc)
                    outcome: Outcome[T, R] = Outcome(
                        index, item, "error", failure=failure, seconds=time.perf_counter() - start
                    )
                else:
                    outcome = Outcome(index, item, "ok", value=value, seconds=time.perf_counter() - start)
                yield outcome
        finally:
            self._running = False

    # -- in worker processes --

    def _spawn(self) -> _Worker:
        return _Worker(self.start_method, self.setup, self.work)

    def _map_workers(self, items: Iterable[T], window: int) -> Outcomes[T, R]:
        self._check_idle()
        self._running = True
        run = _Run[T, R](iter(items), window)
        try:
            while len(self._workers) < self.jobs:
                self._workers.append(self._spawn())
            while True:
                while run.yielded in run.done:
                    yield run.pop_next()
                if run.finished:
                    return
                self._dispatch(run)
                if run.yielded in run.done or run.finished:
                    continue  # an item failed to be sent, or the input ended
                self._wait(run)
        finally:
            self._running = False
            # Items still running belong to an abandoned or interrupted run: kill their
            # workers (the next map starts replacements) rather than wait for them.
            for worker in [w for w in self._workers if w.index is not None]:
                self._workers.remove(worker)
                worker.stop(kill=True)

    def _dispatch(self, run: _Run[T, R]) -> None:
        """Give every idle worker one item: a held-back one first, else a new one.

        One item at a time per worker, never a queue: the deadline is then exactly the
        item's own time, a crash names exactly one item, and the parent never blocks
        writing a large page into the pipe of a worker that is busy sending a result.
        The cost, a pipe round trip per item, is small next to cleaning a page.
        """
        for worker in [w for w in self._workers if w.idle]:
            while True:
                index = run.next_index()
                if index is None:
                    return
                try:
                    data = pickle.dumps(run.held[index], _PROTOCOL)
                except Exception as exc:
                    run.finish(index, "error", failure=Failure.from_exception(exc))
                    continue  # this worker is still idle
                # marked busy before sending, so an interrupted send kills this worker
                worker.index = index
                worker.started = time.monotonic()
                if self.time_budget is not None:
                    worker.deadline = worker.started + self.time_budget
                try:
                    worker.conn.send_bytes(data)
                except OSError:
                    # it died while idle: the item goes to another worker
                    worker.index = worker.deadline = None
                    run.pending.appendleft(index)
                    self._replace(worker)
                break

    def _wait(self, run: _Run[T, R]) -> None:
        """Block until a worker answers or dies, or a deadline passes; handle that."""
        deadlines = [w.deadline for w in self._workers if w.deadline is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        watched: list[Any] = [w.conn for w in self._workers] + [w.process.sentinel for w in self._workers]
        ready = set(wait(watched, timeout))
        for worker in list(self._workers):
            if worker.conn in ready or worker.process.sentinel in ready:
                self._collect(worker, run)
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.deadline is not None and worker.deadline <= now:
                self._collect(worker, run)  # the answer may have come just in time
                if worker in self._workers and worker.index is not None:
                    self._time_out(worker, run)

    def _collect(self, worker: _Worker, run: _Run[T, R]) -> None:
        """Read everything the worker sent; replace it if it died."""
        try:
            while worker.conn.poll():
                self._receive(worker, worker.conn.recv_bytes(), run)
        except (EOFError, OSError):
            pass
        else:
            if worker.process.is_alive():
                return
        index = worker.index
        how = worker.how_it_ended()
        if index is not None:
            failure = Failure(WORKER_DIED, f"{how} while running item {index}")
            run.finish(index, "error", failure=failure, seconds=time.monotonic() - worker.started)
        elif not worker.ready:
            raise WorkerSetupError(Failure(WORKER_DIED, f"{how} before its setup finished"))
        self._replace(worker)

    def _receive(self, worker: _Worker, data: bytes, run: _Run[T, R]) -> None:
        try:
            message = pickle.loads(data)
        except Exception as exc:  # a value this process cannot unpickle
            if worker.index is not None:
                run.finish(worker.index, "error", failure=Failure.from_exception(exc))
                worker.index = worker.deadline = None
            return
        kind = message[0]
        if kind == "ready":
            worker.ready = True
        elif kind == "setup-error":
            raise WorkerSetupError(message[1])
        elif worker.index is not None:
            if kind == "ok":
                run.finish(worker.index, "ok", value=message[1], seconds=message[2])
            else:
                run.finish(worker.index, "error", failure=message[1], seconds=message[2])
            worker.index = worker.deadline = None

    def _time_out(self, worker: _Worker, run: _Run[T, R]) -> None:
        assert worker.index is not None and self.time_budget is not None
        failure = Failure(TIMEOUT, f"took longer than {self.time_budget:g} s; its worker was killed")
        run.finish(worker.index, "timeout", failure=failure, seconds=time.monotonic() - worker.started)
        worker.index = None
        self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        self._workers.remove(worker)
        worker.stop(kill=True)
        self._workers.append(self._spawn())


class _Run(Generic[T, R]):
    """The bookkeeping of one map: what was read, what waits, what is done."""

    def __init__(self, source: Iterator[T], window: int) -> None:
        self.source = source
        self.window = window
        self.exhausted = False
        self.pulled = 0  # items taken from the source
        self.yielded = 0  # outcomes handed to the caller; the next one is ``yielded``
        self.held: dict[int, T] = {}  # every item taken and not yet yielded
        self.pending: deque[int] = deque()  # taken, waiting for a worker
        self.done: dict[int, Outcome[T, R]] = {}

    @property
    def finished(self) -> bool:
        return self.exhausted and self.yielded == self.pulled

    def next_index(self) -> int | None:
        """The next item to send: one sent back by a dead worker, else a new one from
        the source, unless the window is full or the source is exhausted."""
        if self.pending:
            return self.pending.popleft()
        if self.exhausted or self.pulled - self.yielded >= self.window:
            return None
        try:
            item = next(self.source)
        except StopIteration:
            self.exhausted = True
            return None
        index = self.pulled
        self.pulled += 1
        self.held[index] = item
        return index

    def finish(
        self,
        index: int,
        status: Status,
        *,
        value: R | None = None,
        failure: Failure | None = None,
        seconds: float = 0.0,
    ) -> None:
        self.done[index] = Outcome(index, self.held[index], status, value, failure, seconds)

    def pop_next(self) -> Outcome[T, R]:
        outcome = self.done.pop(self.yielded)
        del self.held[self.yielded]
        self.yielded += 1
        return outcome


def ordered_map(
    work: Callable[[S, T], R],
    items: Iterable[T],
    *,
    setup: Callable[[], S],
    jobs: int | None = None,
    window: int | None = None,
    time_budget: float | None = None,
    start_method: StartMethod = "spawn",
) -> Outcomes[T, R]:
    """``work(state, item)`` for every item, ``state = setup()`` once per worker: one
    :class:`Outcome` per item, in input order, on a pool made for this run.

    The workers start at the first ``next()``. Exhausting the iterator lets them exit;
    closing it early (``contextlib.closing``, or dropping it) or an exception, Ctrl-C
    included, kills them. See :class:`OrderedPool` and :meth:`OrderedPool.map`.
    """
    pool: OrderedPool[S, T, R] = OrderedPool(
        work, setup=setup, jobs=jobs, time_budget=time_budget, start_method=start_method
    )
    return _closing(pool, pool.map(items, window=window))  # arguments are checked now


def _closing(pool: OrderedPool[S, T, R], outcomes: Outcomes[T, R]) -> Outcomes[T, R]:
    try:
        yield from outcomes
    except BaseException:  # GeneratorExit (closed early), KeyboardInterrupt, errors
        pool.terminate()
        raise
    pool.close()
