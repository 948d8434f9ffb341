"""WARC: the HTTP responses (and resource records) of a web archive, read with warcio.

Only ``response`` and ``resource`` records are documents; requests, metadata, revisits
and warcinfo records are passed over in silence. A response that is no page (an image,
a script, an HTTP error, an empty body) comes as a record with ``skip`` set, one whose
body cannot be decoded as its headers say as a record with ``error`` set. Why warcio and
not fastwarc: docs/formats.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from ..decode import looks_binary
from .errors import require
from .http import PAGE_TYPES, BodyError, decode_content, parse_content_type
from .records import Record

# the output key of the text; WARC records become JSONL objects
TEXT_FIELD = "text"
DOCUMENT_TYPES = ("response", "resource")


def read_warc(stream: BinaryIO, name: str, *, max_size: int | None = None) -> Iterator[Record]:
    """The documents of a WARC stream (plain or gzipped per record), in file order.

    ``max_size`` caps the bytes read from one body: a larger one comes as an error
    record and is never held in memory whole.
    """
    archive = require("warcio.archiveiterator", "warcio", f"reading {name}")
    readers = require("warcio.bufferedreaders", "warcio", f"reading {name}")
    records = iter(archive.ArchiveIterator(stream))
    number = 0
    while True:
        try:
            warc = next(records)
        except StopIteration:
            return
        except Exception as exc:  # warcio's ArchiveLoadFailed, a damaged gzip member
            yield Record(f"{name}#{number + 1}", None, error=f"cannot read the file on from here: {exc}")
            return
        number += 1
        if warc.rec_type not in DOCUMENT_TYPES:
            continue
        yield _document(warc, f"{name}#{number}", readers.ChunkedDataReader, max_size)


def _document(warc: Any, rid: str, chunked_reader: Any, max_size: int | None) -> Record:
    headers = warc.rec_headers
    uri = (headers.get_header("WARC-Target-URI") or "").strip("<> ") or None
    if uri:
        rid = f"{rid} {uri}"
    fields = {
        "url": uri,
        "warc_record_id": headers.get_header("WARC-Record-ID"),
        "warc_date": headers.get_header("WARC-Date"),
        TEXT_FIELD: None,
    }

    def bad(why: str) -> Record:
        return Record(rid, None, url=uri, fields=fields, error=why)

    def not_a_page(why: str) -> Record:
        return Record(rid, None, url=uri, fields=fields, skip=why)

    http = warc.http_headers if warc.rec_type == "response" else None
    if http is not None:
        status = http.get_statuscode()
        if not status.startswith("2"):
            return not_a_page(f"HTTP status {status}")
        media, charset = parse_content_type(http.get_header("Content-Type"))
    else:
        media, charset = parse_content_type(headers.get_header("Content-Type"))
        if warc.rec_type == "response" and media in ("application/http", None):
            return not_a_page("a response without HTTP headers")
    if media is not None and media not in PAGE_TYPES:
        return not_a_page(f"not a page: {media}")
    try:
        body_stream = warc.raw_stream
        if http is not None and (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
            # de-chunked only: the Content-Encoding is undone below, with a size cap
            body_stream = chunked_reader(warc.raw_stream, decomp_type=None)
        body = body_stream.read(max_size + 1) if max_size is not None else body_stream.read()
    except Exception as exc:  # a truncated record: the archive's error comes next
        return bad(f"cannot read the body: {exc}")
    if max_size is not None and len(body) > max_size:
        return bad(f"too large: more than {max_size:,} bytes")
    if http is not None:
        try:
            body = decode_content(body, http.get_header("Content-Encoding"), max_size)
        except BodyError as exc:
            return bad(str(exc))
    if not body.strip():
        return not_a_page("empty body")
    if media is None and looks_binary(body):
        return not_a_page("not a page: binary body without a Content-Type")
    html = PAGE_TYPES.get(media) if media is not None else None
    return Record(rid, body, url=uri, encoding=charset, html=html, fields=fields, size=len(body))
