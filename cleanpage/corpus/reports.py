"""The side files of a corpus run: the report (one line per document, with its edits)
and the rejected documents (those whose clean text is empty). Both are JSONL, gzip or
zstd compressed when their names end so, and appear only when the run finishes."""

from __future__ import annotations

from typing import Any

from ..result import Result
from .annotation import KEY, annotation, effective_status, original_text, reason
from .atomic import Sink
from .jsonl import dumps_line
from .records import Record, Status
from .writer import CorpusWriter


def report_line(record: Record, result: Result | None, status: Status) -> dict[str, Any]:
    """What the report says about one document.

    ``edits`` holds every edit (layout ones too) as ``Edit.to_dict()`` gives it, so
    ``rebuild_source(text, edits)`` gives the source back; ``counts`` the content edits
    per kind. Both are empty unless the document was cleaned (or rejected).
    """
    status = effective_status(record, result, status)
    cleaned = status in (Status.CLEAN, Status.REJECTED) and result is not None
    return {
        "id": record.id,
        "url": record.url,
        "status": status.value,
        "reason": None if cleaned else reason(record, result),
        "size": record.size,
        "title": result.title if cleaned and result is not None else None,
        "site": result.site if cleaned and result is not None else None,
        "encoding": result.encoding if result is not None else None,
        "counts": result.counts() if cleaned and result is not None else {},
        "edits": [e.to_dict() for e in result.edits] if cleaned and result is not None else [],
    }


class ReportWriter(CorpusWriter):
    """``--report FILE.jsonl``: one :func:`report_line` per document, every status."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.written = 0

    def write(self, record: Record, result: Result | None, status: Status) -> None:
        self.sink.stream.write(dumps_line(report_line(record, result, status)))
        self.written += 1

    def close(self) -> None:
        self.sink.commit()

    def abort(self) -> None:
        self.sink.discard()


class RejectedWriter(CorpusWriter):
    """``--rejected FILE``: the documents that cleaned to nothing, as they came in.

    Each is one JSONL line: the input object (JSONL), row (Parquet) or WARC metadata,
    with ``field`` holding the original text (decoded, for WARC bodies) and the
    ``cleanpage`` object with status ``rejected``, the edits that emptied it, and the
    record's ``id``. ``write`` ignores every status but :attr:`Status.REJECTED`, so it
    can be called for every record.
    """

    def __init__(self, sink: Sink, *, field: str = "text") -> None:
        self.sink = sink
        self.field = field
        self.written = 0

    def write(self, record: Record, result: Result | None, status: Status = Status.REJECTED) -> None:
        if Status(status) is not Status.REJECTED:
            return
        obj = dict(record.fields)
        obj[self.field] = original_text(record, result)
        info = annotation(record, result, Status.CLEAN)
        info["status"] = Status.REJECTED.value
        info["id"] = record.id
        obj[KEY] = info
        self.sink.stream.write(dumps_line(obj))
        self.written += 1

    def close(self) -> None:
        self.sink.commit()

    def abort(self) -> None:
        self.sink.discard()
