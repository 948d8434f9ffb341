"""Which corpus form a file is, and the readers and writers for it by file name.

The entry points for the CLI: :func:`corpus_form`, :func:`open_records`,
:func:`output_name`, :func:`open_writer`, :func:`open_report`, :func:`open_rejected`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .annotation import KEY
from .atomic import Sink
from .compression import compression_of, decompressing
from .errors import CorpusError, cannot_read, require
from .jsonl import JsonlWriter, read_jsonl
from .parquet import ParquetWriter, open_parquet, read_parquet, text_column_check
from .records import Record
from .reports import RejectedWriter, ReportWriter
from .warc import TEXT_FIELD, read_warc
from .writer import CorpusWriter

# name endings, longest first within a form, lower case
_ENDINGS = (
    ("jsonl", tuple(base + comp for base in (".jsonl", ".ndjson") for comp in ("", ".gz", ".zst", ".zstd"))),
    ("warc", (".warc", ".warc.gz")),
    ("parquet", (".parquet",)),
)
SUFFIXES = tuple(ending for _, endings in _ENDINGS for ending in endings)


def corpus_form(path: str | Path) -> str | None:
    """``jsonl``, ``warc`` or ``parquet`` by the file's name; None for an ordinary page."""
    name = Path(path).name.lower()
    for form, endings in _ENDINGS:
        if name.endswith(endings):
            return form
    return None


def output_name(name: str) -> str:
    """The output file's name for input ``name``: the same, except that a WARC becomes
    JSONL (``a.warc.gz`` -> ``a.jsonl.gz``)."""
    lower = name.lower()
    if lower.endswith(".warc"):
        return name[: -len(".warc")] + ".jsonl"
    if lower.endswith(".warc.gz"):
        return name[: -len(".warc.gz")] + ".jsonl.gz"
    return name


def open_records(path: str | Path, *, field: str = "text", max_size: int | None = None) -> Iterator[Record]:
    """The records of a corpus file, read lazily in file order.

    ``field``: the JSONL key or Parquet column of the text (WARC: ignored).
    ``max_size``: a record larger than this many bytes comes as an error record (and a
    WARC body is not read past it). Raises :class:`CorpusError` at once when the file
    cannot be opened, is no corpus file, lacks the column, or needs a package of the
    ``corpus`` extra that is not installed; a bad record later never raises.
    """
    name = str(path)
    if field == KEY:
        raise CorpusError(f"--field cannot be {KEY!r}: cleanpage writes its own object there")
    form = corpus_form(path)
    if form is None:
        raise CorpusError(f"{name}: not a corpus file (names end in {', '.join(SUFFIXES)})")
    if form == "parquet":
        return read_parquet(Path(path), name, field=field)
    if form == "warc":
        require("warcio", "warcio", f"reading {name}")
    raw = _open(Path(path), name)
    try:
        stream = decompressing(raw, compression_of(name), name) if form == "jsonl" else raw
    except BaseException:
        raw.close()
        raise
    if form == "jsonl":
        return _closing(read_jsonl(stream, name, field=field, max_size=max_size), stream, raw)
    return _closing(read_warc(stream, name, max_size=max_size), raw)


def _open(path: Path, name: str) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise CorpusError(cannot_read(name, exc)) from None


def _closing(records: Iterator[Record], *streams: BinaryIO) -> Iterator[Record]:
    """``records``, closing ``streams`` when they run out or are abandoned."""
    try:
        yield from records
    finally:
        for stream in streams:
            with contextlib.suppress(Exception):
                stream.close()


def open_writer(path: str | Path, *, source: str | Path, field: str = "text") -> CorpusWriter:
    """A writer to ``path`` in the form of the input ``source`` (see :func:`output_name`):
    JSONL as JSONL (compressed as ``path``'s name says), WARC as JSONL with the text in
    ``text``, Parquet as Parquet with ``source``'s schema. Use it as a context manager:
    ``path`` appears when the block ends without an exception."""
    form = corpus_form(source)
    target = Path(path)
    if form == "parquet":
        like = open_parquet(Path(source), str(source))
        text_column_check(like.schema_arrow, str(source), field)
        return ParquetWriter(Sink.to_file(target, compress=False), like, field=field)
    if form == "warc":
        return JsonlWriter(Sink.to_file(target), field=TEXT_FIELD)
    if form == "jsonl":
        return JsonlWriter(Sink.to_file(target), field=field)
    raise CorpusError(f"{source}: not a corpus file (names end in {', '.join(SUFFIXES)})")


def open_report(path: str | Path) -> ReportWriter:
    """``--report FILE``: JSONL, one line per document (compressed if FILE ends .gz/.zst)."""
    return ReportWriter(Sink.to_file(Path(path)))


def open_rejected(path: str | Path, *, source: str | Path, field: str = "text") -> RejectedWriter:
    """``--rejected FILE``: JSONL of the documents of ``source`` that cleaned to nothing."""
    text_field = TEXT_FIELD if corpus_form(source) == "warc" else field
    return RejectedWriter(Sink.to_file(Path(path)), field=text_field)
