"""Parquet: one document per row, the text in one string column, read and written a
batch at a time with pyarrow.

The output has the input's schema, with the text column holding the clean text and a
``cleanpage`` struct column added (replaced when the input already has one); see
docs/formats.md for its fields.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..result import Result
from .annotation import KEY, annotation, effective_status, written_text
from .atomic import Sink
from .errors import CorpusError, require
from .records import Record, Status
from .writer import CorpusWriter

# rows per batch read: the memory held is this many documents
READ_BATCH_ROWS = 64
# rows (or bytes of text) per row group written: large enough for good Parquet,
# small enough to hold in memory
WRITE_GROUP_ROWS = 1024
WRITE_GROUP_BYTES = 64 * 1024 * 1024
# compression names in Parquet metadata -> names ParquetWriter takes
_CODECS = {
    "SNAPPY": "snappy",
    "GZIP": "gzip",
    "BROTLI": "brotli",
    "ZSTD": "zstd",
    "LZ4": "lz4",
    "LZ4_RAW": "lz4",
    "UNCOMPRESSED": "none",
}


def _pyarrow(purpose: str) -> tuple[Any, Any, Any]:
    pa = require("pyarrow", "pyarrow", purpose)
    pq = require("pyarrow.parquet", "pyarrow", purpose)
    pc = require("pyarrow.compute", "pyarrow", purpose)
    return pa, pq, pc


def open_parquet(path: Path, name: str) -> Any:
    """The ``pyarrow.parquet.ParquetFile`` at ``path``, or a :class:`CorpusError`."""
    pa, pq, _ = _pyarrow(f"reading {name}")
    try:
        return pq.ParquetFile(path)
    except FileNotFoundError:
        raise CorpusError(f"{name}: no such file") from None
    except PermissionError:
        raise CorpusError(f"{name}: permission denied") from None
    except (OSError, pa.ArrowException) as exc:
        raise CorpusError(f"{name}: not a readable Parquet file ({exc})") from None


def text_column_check(schema: Any, name: str, field: str) -> None:
    """Raise a :class:`CorpusError` unless ``field`` is a string column of ``schema``."""
    pa = require("pyarrow", "pyarrow", f"reading {name}")
    if field not in schema.names:
        columns = ", ".join(schema.names)
        raise CorpusError(f"{name}: no column {field!r} (columns: {columns}); choose one with --field")
    kind = schema.field(field).type
    # string_view is newer than some pyarrow releases cleanpage may meet
    is_view = getattr(pa.types, "is_string_view", lambda _: False)
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or is_view(kind)):
        raise CorpusError(f"{name}: column {field!r} holds {kind}, not strings")


def read_parquet(
    path: Path, name: str, *, field: str = "text", batch_rows: int = READ_BATCH_ROWS
) -> Iterator[Record]:
    """The rows of a Parquet file as records, ``batch_rows`` at a time; ids are
    ``name[ROW]``. Checks the file and the column before the first record is asked for."""
    parquet = open_parquet(path, name)
    text_column_check(parquet.schema_arrow, name, field)
    return _rows(parquet, name, field, batch_rows)


def _rows(parquet: Any, name: str, field: str, batch_rows: int) -> Iterator[Record]:
    _, _, pc = _pyarrow(f"reading {name}")
    names = parquet.schema_arrow.names
    others = [n for n in names if n != field]
    batches = parquet.iter_batches(batch_size=batch_rows)
    row = 0
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as exc:  # a damaged page or row group
            yield Record(f"{name}[{row}]", None, error=f"cannot read the file on from here: {exc}")
            return
        column = batch.column(field)
        texts = column.to_pylist()
        sizes = pc.binary_length(column).to_pylist()
        rest = batch.select(others).to_pylist()
        for text, size, values in zip(texts, sizes, rest, strict=True):
            fields = {n: (None if n == field else values[n]) for n in names}
            rid = f"{name}[{row}]"
            row += 1
            if text is None:
                yield Record(rid, None, fields=fields, error=f"field {field!r} is null")
                continue
            url = fields.get("url")
            yield Record(rid, text, url=url if isinstance(url, str) else None, fields=fields, size=size or 0)


def annotation_type() -> Any:
    """The Arrow type of the ``cleanpage`` column: the JSONL object's fields, with
    ``edits`` as a list of ``{kind, count}`` (maps do not round-trip well)."""
    pa = require("pyarrow", "pyarrow", "writing Parquet")
    return pa.struct(
        [
            ("status", pa.string()),
            ("reason", pa.string()),
            ("title", pa.string()),
            ("site", pa.string()),
            ("encoding", pa.string()),
            ("edits", pa.list_(pa.struct([("kind", pa.string()), ("count", pa.int64())]))),
        ]
    )


def output_schema(schema: Any) -> Any:
    """The input schema with the ``cleanpage`` column added at the end (replacing one
    the input already has), its metadata kept."""
    if KEY in schema.names:
        schema = schema.remove(schema.get_field_index(KEY))
    return schema.append(require("pyarrow", "pyarrow", "writing Parquet").field(KEY, annotation_type()))


def input_compression(parquet: Any) -> str:
    """The compression codec of the input's first column chunk (snappy if none)."""
    meta = parquet.metadata
    if meta.num_row_groups and meta.num_columns:
        codec = str(meta.row_group(0).column(0).compression).upper()
        return _CODECS.get(codec, "snappy")
    return "snappy"


class ParquetWriter(CorpusWriter):
    """Writes rows in the input's schema plus the ``cleanpage`` column, a row group at
    a time: at most ``group_rows`` rows (or ``group_bytes`` of text) are held."""

    def __init__(
        self,
        sink: Sink,
        like: Any,
        *,
        field: str = "text",
        group_rows: int = WRITE_GROUP_ROWS,
        group_bytes: int = WRITE_GROUP_BYTES,
    ) -> None:
        """``like``: the input's ``ParquetFile``, for its schema and compression."""
        pa, pq, _ = _pyarrow("writing Parquet")
        self._pa = pa
        self.sink = sink
        self.field = field
        self.schema = output_schema(like.schema_arrow)
        self.group_rows = group_rows
        self.group_bytes = group_bytes
        self.written = 0
        self._rows: list[dict[str, Any]] = []
        self._bytes = 0
        try:
            self._writer = pq.ParquetWriter(sink.stream, self.schema, compression=input_compression(like))
        except BaseException:
            sink.discard()
            raise

    def write(self, record: Record, result: Result | None, status: Status) -> None:
        status = effective_status(record, result, status)
        if status in (Status.SKIPPED, Status.REJECTED) or not record.fields:
            return
        row = dict(record.fields)
        text = written_text(record, result, status)
        row[self.field] = text
        info = annotation(record, result, status)
        info["edits"] = [{"kind": kind, "count": count} for kind, count in info["edits"].items()]
        row[KEY] = info
        self._rows.append(row)
        self._bytes += len(text or "")
        self.written += 1
        if len(self._rows) >= self.group_rows or self._bytes >= self.group_bytes:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            batch = self._pa.RecordBatch.from_pylist(self._rows, schema=self.schema)
            self._writer.write_batch(batch)
            self._rows, self._bytes = [], 0

    def close(self) -> None:
        try:
            self._flush()
            self._writer.close()
        except BaseException:
            self.sink.discard()
            raise
        self.sink.commit()

    def abort(self) -> None:
        # the output is thrown away: how its writer ends does not matter
        with contextlib.suppress(Exception):
            self._writer.close()
        self.sink.discard()
