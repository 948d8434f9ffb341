"""One document of a corpus file, as the readers yield it and the writers take it back."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Status(str, enum.Enum):
    """What the caller did with a record, which decides what a writer writes."""

    # cleaned: written with the clean text
    CLEAN = "clean"
    # written unchanged: a bad record (``Record.error``) or one whose cleaning failed
    PASSED = "passed"
    # left out of the output: a bad record the caller chose to drop, or a record that is
    # no document (``Record.skip``)
    SKIPPED = "skipped"
    # cleaned to nothing: left out of the output, written to the rejected file instead
    REJECTED = "rejected"


@dataclass(slots=True)
class Record:
    """One document, and what its writer needs to write it back.

    ``id`` names it in messages and reports: ``path:LINE`` (JSONL, 1-based),
    ``path#N <uri>`` (WARC, N-th record of the file, 1-based) or ``path[ROW]``
    (Parquet, 0-based). ``page`` is the text (JSONL, Parquet) or the HTTP body bytes
    (WARC), and None when the record is bad: then ``error`` says why. ``skip`` says why
    a record that is not bad is still no document to clean (an image in a WARC).

    ``url`` and ``encoding`` (the charset the HTTP headers name) and ``html`` (True for
    an HTML body, False for text/plain, None: unknown) go to ``Cleaner.clean``.
    ``fields`` is the input object (JSONL), the row (Parquet) or the WARC metadata, with
    the text field's own value left out (None) so the text does not travel twice; its
    key order is the output's. ``raw`` is the exact input line of a bad JSONL record, so
    it can be passed through byte for byte. ``size`` is the record's size in the input,
    in bytes.

    Only plain values: a record pickles cheaply to a worker process and back.
    """

    id: str
    page: str | bytes | None
    url: str | None = None
    encoding: str | None = None
    html: bool | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    skip: str | None = None
    raw: bytes | None = None
    size: int = 0

    @property
    def ok(self) -> bool:
        """A document to clean: not bad and not skipped."""
        return self.error is None and self.skip is None and self.page is not None
