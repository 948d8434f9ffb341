"""Cleaning a stream of documents: records in, (record, result, status) out, in order.

The CLI runs every input through this, page files and corpus files alike: each becomes
:class:`~cleanpage.corpus.records.Record` objects, an :class:`OrderedPool` cleans them
(in this process for ``jobs=1``, else in worker processes that each hold one
``Cleaner``), and :func:`settle` turns every outcome into a status the writers
understand. A bad document never stops the run: it is passed through unchanged or
left out (``on_error``), and the caller reports it by its id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Literal

from ..cleaner import Cleaner
from ..decode import BINARY_DATA
from ..result import Result
from .pool import OrderedPool, Outcome
from .progress import Progress, Summary
from .records import Record, Status

OnError = Literal["keep", "skip"]


@dataclass(frozen=True)
class CleanJob:
    """What a worker needs, pickled once per worker: the cleaner and the options that
    apply to every document (a record's own URL and charset win over these)."""

    cleaner: Cleaner
    url: str | None = None
    site: str | None = None
    encoding: str | None = None
    html: bool | None = None


def _setup(job: CleanJob) -> CleanJob:
    return job


def clean_record(job: CleanJob, record: Record) -> Result | str | None:
    """The record's Result (skipped for binary data); a one-line message for an
    unknown site; None for a record that is not to be cleaned (bad or skipped)."""
    if not record.ok or record.page is None:
        return None
    page = record.page
    html = job.html if job.html is not None else record.html
    try:
        return job.cleaner.clean(
            page,
            url=record.url or job.url,
            site=job.site,
            encoding=record.encoding or job.encoding,
            html=html,
        )
    except KeyError as exc:  # an unknown --site: the CLI checks it first
        return str(exc.args[0])


@dataclass(slots=True)
class Done:
    """One document's end: what to write, and what to tell the user (``problem``)."""

    record: Record
    result: Result | None
    status: Status
    problem: str | None = None  # an error or skip worth reporting, one line
    error: str | None = None  # its type for the summary: "bad record", "Timeout", ...


def settle(outcome: Outcome[Record, Result | str | None], on_error: OnError, budget: float | None) -> Done:
    """The status of one document, from how its cleaning went."""
    record = outcome.item
    failed = Status.PASSED if on_error == "keep" else Status.SKIPPED
    if outcome.status == "timeout":
        return Done(record, None, failed, f"took longer than the time budget of {budget:g} s", "Timeout")
    if outcome.status == "error":
        f = outcome.failure
        what = f"{f.type}: {f.message}" if f is not None else "cleaning failed"
        return Done(record, None, failed, f"cleaning failed ({what})", f.type if f else "Error")
    value = outcome.value
    if value is None:
        if record.skip is not None:  # no document (an image in a WARC): nothing wrong
            return Done(record, None, Status.SKIPPED)
        return Done(record, None, failed, record.error or "bad record", "bad record")
    if isinstance(value, str):
        return Done(record, None, failed, value, "not a page")
    if value.status == "skipped" and value.reason == BINARY_DATA:
        return Done(record, value, failed, BINARY_DATA, "not a page")
    if value.status == "skipped":
        return Done(record, value, failed, f"skipped: {value.reason}", "skipped")
    if not value.text:
        return Done(record, value, Status.REJECTED)
    return Done(record, value, Status.CLEAN)


class Cleaning:
    """One run's pool, progress display and summary; use it as a context manager."""

    def __init__(
        self,
        job: CleanJob,
        *,
        jobs: int | None = None,
        time_budget: float | None = None,
        on_error: OnError = "keep",
        progress: Progress | None = None,
    ) -> None:
        self.pool: OrderedPool[CleanJob, Record, Result | str | None] = OrderedPool(
            clean_record, setup=partial(_setup, job), jobs=jobs, time_budget=time_budget
        )
        self.time_budget = time_budget
        self.on_error: OnError = on_error
        self.progress = progress
        self.summary = Summary()

    def __enter__(self) -> Cleaning:
        self.pool.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.close()
        self.summary.stop()
        self.pool.__exit__(*exc)  # type: ignore[arg-type]

    def run(self, records: Iterable[Record]) -> Iterator[Done]:
        """Clean ``records`` and yield each one's end, in input order."""
        for outcome in self.pool.map(records):
            done = settle(outcome, self.on_error, self.time_budget)
            self._count(done)
            yield done

    def _count(self, done: Done) -> None:
        size = done.record.size
        if done.status == Status.CLEAN or done.status == Status.REJECTED:
            assert done.result is not None
            self.summary.add_result(done.result, bytes_in=size)
        elif done.error == "Timeout":
            self.summary.add_timeout(bytes_in=size)
        elif done.error is not None:
            self.summary.add_error(done.error, bytes_in=size)
        if self.progress is not None:
            self.progress.update(nbytes=size, failed=1 if done.error else 0)
