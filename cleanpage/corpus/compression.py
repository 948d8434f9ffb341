"""gzip and zstd layers over binary streams, chosen by the file name's last suffix."""

from __future__ import annotations

import gzip
import io
from typing import BinaryIO, cast

from .errors import require

_SUFFIXES = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}


def compression_of(name: str) -> str | None:
    """``gzip``, ``zstd`` or None (not compressed), from the name's last suffix."""
    lower = name.lower()
    for suffix, kind in _SUFFIXES.items():
        if lower.endswith(suffix):
            return kind
    return None


def decompressing(raw: BinaryIO, compression: str | None, name: str) -> BinaryIO:
    """A buffered binary stream of ``raw``'s decompressed bytes (read lazily)."""
    if compression == "gzip":
        return cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="rb"))
    if compression == "zstd":
        zstandard = require("zstandard", "zstandard", f"reading {name}")
        # several frames one after another are one stream (zstd -c a b > c)
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=False)
        return io.BufferedReader(reader, buffer_size=1 << 16)
    return raw


def compressing(raw: BinaryIO, compression: str | None, name: str) -> BinaryIO:
    """A binary stream that compresses into ``raw`` (``raw`` itself when not
    compressing); closing a compressing stream ends it but leaves ``raw`` open."""
    if compression == "gzip":
        # mtime 0: the same input gives the same output bytes
        return cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0))
    if compression == "zstd":
        zstandard = require("zstandard", "zstandard", f"writing {name}")
        writer: BinaryIO = zstandard.ZstdCompressor(level=3).stream_writer(raw, closefd=False)
        return writer
    return raw
