"""The ``cleanpage`` object added to every written document, and the text written.

Its keys are always the same six, so a consumer can rely on them::

    {"status": "clean" | "passed",   # cleaned, or written unchanged
     "reason": str | None,           # why it was passed unchanged
     "title": str | None, "site": str | None, "encoding": str | None,
     "edits": {kind: count}}         # content edits per kind (Result.counts())
"""

from __future__ import annotations

from typing import Any

from ..result import Result
from .records import Record, Status

KEY = "cleanpage"


def effective_status(record: Record, result: Result | None, status: Status) -> Status:
    """``status``, except that a record is passed unchanged when there is no result to
    write or the cleaner itself passed it through (too large, over its time budget).
    A plain string (``"clean"``) is taken for the status of that name."""
    status = Status(status)
    if status is Status.CLEAN and (result is None or result.status != "clean"):
        return Status.PASSED
    return status


def reason(record: Record, result: Result | None) -> str | None:
    """Why a record was not cleaned: the record's error, else the cleaner's reason."""
    if record.error is not None:
        return record.error
    if record.skip is not None:
        return record.skip
    if result is not None and result.status != "clean":
        return result.reason
    return None


def annotation(record: Record, result: Result | None, status: Status) -> dict[str, Any]:
    """The ``cleanpage`` object for ``record`` written with ``status``."""
    status = effective_status(record, result, status)
    cleaned = status is Status.CLEAN and result is not None
    return {
        "status": status.value,
        "reason": None if cleaned else reason(record, result),
        "title": result.title if cleaned and result is not None else None,
        "site": result.site if cleaned and result is not None else None,
        "encoding": result.encoding if result is not None else None,
        "edits": result.counts() if cleaned and result is not None else {},
    }


def original_text(record: Record, result: Result | None) -> str | None:
    """The document's text as it came in: the page itself when it is text, else the
    decoded bytes when the cleaner read them, else None (bytes nobody decoded)."""
    if isinstance(record.page, str):
        return record.page
    if result is not None:
        return result.source
    return None


def written_text(record: Record, result: Result | None, status: Status) -> str | None:
    """The text to write for ``record``: the clean text, or the original one."""
    if effective_status(record, result, status) is Status.CLEAN and result is not None:
        return result.text
    return original_text(record, result)
