"""JSON Lines: one JSON object per line, the text in one top-level field.

Reading keeps a bad line (not UTF-8, not JSON, not an object, no such field, not a
string, too large) as a record with ``error`` set and the line's exact bytes in ``raw``,
so it can be passed through unchanged. Blank lines are dropped.
"""

from __future__ import annotations

import datetime
import decimal
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..result import Result
from .annotation import KEY, annotation, effective_status, written_text
from .atomic import Sink
from .records import Record, Status
from .writer import CorpusWriter

_BOM = b"\xef\xbb\xbf"
_TYPE_NAMES = {dict: "an object", list: "a list", int: "a number", float: "a number", bool: "a boolean"}


def read_jsonl(
    stream: BinaryIO, name: str, *, field: str = "text", max_size: int | None = None
) -> Iterator[Record]:
    """The records of a JSONL stream, one line at a time; ids are ``name:LINE``."""
    number = 0
    while True:
        try:
            line = stream.readline()
        except Exception as exc:  # a damaged gzip or zstd stream: zlib, EOF, zstd errors
            yield Record(f"{name}:{number + 1}", None, error=f"cannot read the file on from here: {exc}")
            return
        if not line:
            return
        number += 1
        body = line[:-1] if line.endswith(b"\n") else line
        if number == 1 and body.startswith(_BOM):
            body = body[len(_BOM) :]
        if not body.strip():
            continue
        yield parse_line(body, f"{name}:{number}", field, max_size)


def parse_line(body: bytes, rid: str, field: str, max_size: int | None = None) -> Record:
    """One JSONL line (without its newline) as a record, bad or good."""
    size = len(body)

    def bad(why: str, fields: dict[str, Any] | None = None) -> Record:
        return Record(rid, None, error=why, raw=body, fields=fields or {}, size=size)

    if max_size is not None and size > max_size:
        return bad(f"too large: {size:,} bytes (the limit is {max_size:,})")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return bad(f"not UTF-8 (byte {exc.start} of the line)")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return bad(f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return bad("invalid JSON: nested too deeply")
    if not isinstance(obj, dict):
        return bad(f"not a JSON object but {_kind(obj)}")
    if field not in obj:
        return bad(f"no field {field!r}", obj)
    value = obj[field]
    if not isinstance(value, str):
        return bad(f"field {field!r} is {_kind(value)}, not a string", obj)
    obj[field] = None  # the text travels as ``page``, not twice
    url = obj.get("url")
    return Record(rid, value, url=url if isinstance(url, str) else None, fields=obj, size=size)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return "a string" if isinstance(value, str) else _TYPE_NAMES.get(type(value), type(value).__name__)


def dumps_line(obj: dict[str, Any]) -> bytes:
    """``obj`` as one UTF-8 JSON line (with its newline), CJK text kept readable."""
    try:
        return _dumps(obj, ascii_only=False).encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        # a lone surrogate (from a "\udxxx" escape in the input) has no UTF-8 form:
        # escape everything, which JSON can always say
        return _dumps(obj, ascii_only=True).encode("ascii") + b"\n"


def _dumps(obj: dict[str, Any], *, ascii_only: bool) -> str:
    return json.dumps(obj, ensure_ascii=ascii_only, separators=(",", ":"), default=_json_default)


def _json_default(value: object) -> Any:
    """Parquet values JSON has no type for (only the rejected and report files, which
    are JSONL whatever the input, meet them)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


class JsonlWriter(CorpusWriter):
    """Writes records as JSONL: each input object with ``field`` set to the clean text
    and a ``cleanpage`` object added (see :mod:`cleanpage.corpus.annotation`).

    A bad line passed through is written as it came, byte for byte. A passed record
    that was read is written with its original text. Used for JSONL and WARC input."""

    def __init__(self, sink: Sink, *, field: str = "text") -> None:
        self.sink = sink
        self.field = field
        self.written = 0

    def write(self, record: Record, result: Result | None, status: Status) -> None:
        status = effective_status(record, result, status)
        if status in (Status.SKIPPED, Status.REJECTED):
            return
        if status is Status.PASSED and record.raw is not None:
            self.sink.stream.write(record.raw + b"\n")
        elif record.fields or record.page is not None:
            obj = dict(record.fields)
            obj[self.field] = written_text(record, result, status)
            obj[KEY] = annotation(record, result, status)
            self.sink.stream.write(dumps_line(obj))
        else:
            return  # nothing was read (an unreadable rest of a file): nothing to pass on
        self.written += 1

    def close(self) -> None:
        self.sink.commit()

    def abort(self) -> None:
        self.sink.discard()
