"""What a WARC reader needs from HTTP: the media type and charset of a Content-Type,
and a Content-Encoding undone with a cap on the decoded size."""

from __future__ import annotations

import codecs
import importlib
import zlib
from typing import Any

# media types that are pages to clean; the value says whether the body is HTML
PAGE_TYPES = {"text/html": True, "application/xhtml+xml": True, "text/plain": False}


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) of a Content-Type value, lower case; None when absent.

    A charset Python does not know is dropped: the cleaner then decides alone.
    """
    if not value:
        return None, None
    parts = value.split(";")
    media = parts[0].strip().lower() or None
    charset = None
    for param in parts[1:]:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            name = val.strip().strip("\"'").strip().lower()
            if name and _known(name):
                charset = name
    return media, charset


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


class BodyError(Exception):
    """An HTTP body that cannot be decoded as its headers say."""


def decode_content(body: bytes, encoding: str | None, limit: int | None) -> bytes:
    """``body`` with its Content-Encoding (gzip, deflate, br) undone.

    A body that is plainly not compressed though the header says so (servers lie) is
    returned as it is. Raises :class:`BodyError` for a damaged or truncated compressed
    body, an unknown encoding, or one that decodes to more than ``limit`` bytes (a
    compression bomb must not fill memory).
    """
    name = (encoding or "").strip().lower()
    if name in ("", "identity", "none"):
        return body
    if name in ("gzip", "x-gzip"):
        if not body.startswith(b"\x1f\x8b"):
            return body
        return _inflate(body, zlib.decompressobj(wbits=16 + zlib.MAX_WBITS), limit, name)
    if name == "deflate":
        # RFC 9110 says zlib-wrapped; some servers send raw deflate
        wbits = zlib.MAX_WBITS if body[:1] == b"\x78" else -zlib.MAX_WBITS
        return _inflate(body, zlib.decompressobj(wbits=wbits), limit, name)
    if name == "br":
        try:
            brotli = importlib.import_module("brotli")
        except ImportError:
            raise BodyError("a brotli-compressed body needs the Brotli package: pip install Brotli") from None
        return _unbrotli(body, brotli.Decompressor(), limit)
    raise BodyError(f"unknown Content-Encoding {encoding!r}")


def _inflate(body: bytes, inflater: zlib._Decompress, limit: int | None, name: str) -> bytes:
    try:
        out = inflater.decompress(body, limit + 1) if limit is not None else inflater.decompress(body)
    except zlib.error as exc:
        raise BodyError(f"damaged {name} body: {exc}") from None
    if limit is not None and len(out) > limit:
        raise BodyError(f"{name} body decodes to more than {limit:,} bytes")
    if not inflater.eof:
        raise BodyError(f"truncated {name} body")
    return out


def _unbrotli(body: bytes, decompressor: Any, limit: int | None) -> bytes:
    """Google's Brotli module (1.1 or later caps the output as zlib does)."""
    try:
        if limit is None:
            out = decompressor.process(body)
        else:
            out = decompressor.process(body, output_buffer_limit=limit + 1)
    except Exception as exc:  # brotli.error; a TypeError from another module named brotli
        raise BodyError(f"damaged br body, or an unsupported brotli module: {exc}") from None
    if limit is not None and len(out) > limit:
        raise BodyError(f"br body decodes to more than {limit:,} bytes")
    if not decompressor.is_finished():
        raise BodyError("truncated br body")
    return bytes(out)
