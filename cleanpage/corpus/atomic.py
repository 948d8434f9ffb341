"""Output files that appear whole or not at all.

A writer writes to a temporary file next to its target and renames it over the target
when it is closed after success; on an error it deletes the temporary file. So an
interrupted run leaves the old output (or none), never half of a new one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import BinaryIO

from .compression import compressing, compression_of
from .errors import CorpusError


class Sink:
    """Where a writer's bytes go: ``stream`` (compressed as the target's name says),
    then :meth:`commit` or :meth:`discard`.

    Over a file the bytes go to ``.NAME.RANDOM.tmp`` beside it, renamed over the target
    on commit. Over a stream (standard output), commit only flushes and discard can
    undo nothing.
    """

    def __init__(self, stream: BinaryIO, raw: BinaryIO, target: Path | None, temp: Path | None) -> None:
        self.stream = stream
        self._raw = raw
        self.target = target
        self._temp = temp
        self.done = False

    @classmethod
    def to_file(cls, path: Path, *, compress: bool = True) -> Sink:
        """A temporary file beside ``path``; gzip or zstd when ``path`` ends so and
        ``compress`` (Parquet compresses inside the file itself)."""
        try:
            # 0o666 less the umask, as any new file, unlike mkstemp's 0o600
            raw, temp = open_temp_beside(path, 0o666)
        except FileNotFoundError:
            raise CorpusError(f"{path}: no such directory: {path.parent}") from None
        except PermissionError:
            raise CorpusError(f"{path}: permission denied") from None
        except OSError as exc:
            raise CorpusError(f"{path}: cannot write ({exc.strerror})") from None
        try:
            stream = compressing(raw, compression_of(path.name) if compress else None, str(path))
        except BaseException:
            raw.close()
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        return cls(stream, raw, path, temp)

    @classmethod
    def to_stream(cls, stream: BinaryIO, *, compression: str | None = None) -> Sink:
        """Write to an open stream (standard output), left open afterwards."""
        return cls(compressing(stream, compression, "<stream>"), stream, None, None)

    def commit(self) -> None:
        """Finish the output: the target now holds everything written."""
        if self.done:
            return
        self.done = True
        try:
            if self.stream is not self._raw:
                self.stream.close()  # writes the gzip or zstd trailer
            self._raw.flush()
            if self._temp is not None and self.target is not None:
                os.fsync(self._raw.fileno())
                self._raw.close()
                os.replace(self._temp, self.target)
        except BaseException:
            self._remove_temp()
            raise

    def discard(self) -> None:
        """Give the output up: the target is left as it was."""
        if self.done:
            return
        self.done = True
        if self.stream is not self._raw:
            with contextlib.suppress(Exception):
                self.stream.close()
        self._remove_temp()

    def _remove_temp(self) -> None:
        if self._temp is None:
            with contextlib.suppress(Exception):
                self._raw.flush()
            return
        with contextlib.suppress(OSError):
            self._raw.close()
        with contextlib.suppress(OSError):
            os.unlink(self._temp)


def open_temp_beside(path: Path, mode: int) -> tuple[BinaryIO, Path]:
    """Create ``.NAME.RANDOM.tmp`` beside ``path`` (O_EXCL: never someone else's file)
    and open it for writing: (file, name).

    The name is chosen before the file is created, so whatever interrupts the creation
    (Ctrl-C, a SIGTERM turned into an exception) finds it and removes it: with mkstemp
    the name only exists once the call returns, and an interrupt just then left the
    temporary file behind (seen under load in tests/test_file_safety.py)."""
    temp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise  # not ours to remove
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    try:
        return os.fdopen(fd, "wb"), temp
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_bytes_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that ``path`` is always the old or the new file
    (``mode``: the new file's permission bits; default 0o600, as mkstemp's)."""
    fh, temp = open_temp_beside(path, 0o600)
    try:
        with fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
