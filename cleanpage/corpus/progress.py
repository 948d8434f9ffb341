"""What a corpus run shows while it runs and says when it ends.

:class:`Progress` redraws one status line on a terminal (pages, MB, rates, and the
percentage and ETA when the input size is known); on anything that is not a terminal,
or when quiet, it writes nothing, so logs and pipes stay clean. :class:`Summary` adds up
the run (pages, bytes, edits by kind, errors) for a closing report or for JSON.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TextIO

from ..result import Result

__all__ = ["Progress", "Summary"]

_MB = 1_000_000


def _megabytes(nbytes: int) -> str:
    mb = nbytes / _MB
    return f"{mb:.2f} MB" if mb < 10 else f"{mb:,.1f} MB"


def _duration(seconds: float) -> str:
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


class Progress:
    """A one-line progress display on ``stream`` (a terminal, normally stderr).

    Call :meth:`update` after each page; the line is redrawn at most once per
    ``interval`` seconds, and :meth:`close` draws the final state and ends the line.
    ``total_bytes`` (the size of the input, when the caller knows it) adds a percentage
    and an ETA. Use :meth:`note` to print a message without garbling the line.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        total_bytes: int | None = None,
        quiet: bool = False,
        interval: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.total_bytes = total_bytes
        self.interval = interval
        self.clock = clock
        self.enabled = not quiet and _is_terminal(stream)
        self.pages = 0
        self.nbytes = 0
        self.failed = 0
        self.started = clock()
        self._drawn_at: float | None = None
        self._width = 0  # length of the line on screen, to blank it out
        self._closed = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def update(self, *, pages: int = 1, nbytes: int = 0, failed: int = 0) -> None:
        """Count ``pages`` more pages of ``nbytes`` input bytes, ``failed`` of them not
        cleaned (errors and timeouts)."""
        self.pages += pages
        self.nbytes += nbytes
        self.failed += failed
        if not self.enabled or self._closed:
            return
        now = self.clock()
        if self._drawn_at is None or now - self._drawn_at >= self.interval:
            self._draw(now)

    def note(self, message: str) -> None:
        """Print ``message`` on its own line above the progress line (or just print it
        when the display is off)."""
        if self.enabled and self._width:
            self._blank()
        self.stream.write(message.rstrip("\n") + "\n")
        if self.enabled and not self._closed and self._drawn_at is not None:
            self._draw(self.clock())
        self.stream.flush()

    def close(self) -> None:
        """Draw the final counts and end the line. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self.enabled:
            self._draw(self.clock())
            self.stream.write("\n")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        """The status text: ``1,234 pages  12.3 MB  45.6 pages/s  1.20 MB/s  37%  ETA 0:01:23``."""
        seconds = (self.clock() if now is None else now) - self.started
        parts = [
            f"{self.pages:,} pages",
            _megabytes(self.nbytes),
            f"{_rate(self.pages, seconds):,.1f} pages/s",
            f"{_rate(self.nbytes, seconds) / _MB:.2f} MB/s",
        ]
        if self.total_bytes:
            done = min(self.nbytes / self.total_bytes, 1.0)
            parts.append(f"{done:.0%}")
            speed = _rate(self.nbytes, seconds)
            if speed > 0:
                parts.append("ETA " + _duration(max(self.total_bytes - self.nbytes, 0) / speed))
        if self.failed:
            parts.append(f"{self.failed:,} failed")
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        # one column short of the width, or the terminal wraps and \r no longer works
        columns = shutil.get_terminal_size((80, 24)).columns - 1
        text = self.line(now)[: max(columns, 20)]
        self.stream.write("\r" + text + " " * max(self._width - len(text), 0))
        self.stream.flush()
        self._width = len(text)
        self._drawn_at = now

    def _blank(self) -> None:
        self.stream.write("\r" + " " * self._width + "\r")
        self._width = 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


@dataclass
class Summary:
    """The totals of a run: add each page's result (or failure), then :meth:`render`
    for people or :meth:`to_dict` for JSON.

    ``pages`` counts every document, including those that failed; ``errors`` counts
    failures by exception type (``WorkerDied`` for a crashed worker) and ``timeouts``
    the pages that ran over the time budget. A failed page passed through unchanged
    still counts its bytes out.
    """

    pages: int = 0
    changed: int = 0
    emptied: int = 0  # pages with text whose clean text is empty
    bytes_in: int = 0
    bytes_out: int = 0
    edits: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    timeouts: int = 0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    started: float = field(default=-1.0, repr=False, compare=False)
    stopped: float | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.started < 0:
            self.started = self.clock()

    def add_result(self, result: Result, *, bytes_in: int, bytes_out: int | None = None) -> None:
        """Count a cleaned page; ``bytes_out`` defaults to the UTF-8 size of its text."""
        self.add_counts(
            result.counts(),
            bytes_in=bytes_in,
            bytes_out=len(result.text.encode("utf-8")) if bytes_out is None else bytes_out,
            changed=result.changed,
            emptied=not result.text.strip() and bool(result.source.strip()),
        )

    def add_counts(
        self, counts: Mapping[str, int], *, bytes_in: int, bytes_out: int, changed: bool, emptied: bool
    ) -> None:
        """Count a cleaned page from what a worker sent back (``Result.counts()`` and a
        few facts) when the whole :class:`Result` did not cross the process boundary."""
        self.pages += 1
        self.bytes_in += bytes_in
        self.bytes_out += bytes_out
        self.changed += changed
        self.emptied += emptied
        for kind, n in counts.items():
            self.edits[kind] = self.edits.get(kind, 0) + n

    def add_error(self, error_type: str, *, bytes_in: int = 0, bytes_out: int = 0) -> None:
        """Count a page that could not be cleaned (``bytes_out`` if passed through)."""
        self.pages += 1
        self.bytes_in += bytes_in
        self.bytes_out += bytes_out
        self.errors[error_type] = self.errors.get(error_type, 0) + 1

    def add_timeout(self, *, bytes_in: int = 0, bytes_out: int = 0) -> None:
        """Count a page that ran over the time budget."""
        self.pages += 1
        self.bytes_in += bytes_in
        self.bytes_out += bytes_out
        self.timeouts += 1

    def stop(self) -> None:
        """Fix the elapsed time (otherwise it runs on until now)."""
        if self.stopped is None:
            self.stopped = self.clock()

    @property
    def seconds(self) -> float:
        return (self.clock() if self.stopped is None else self.stopped) - self.started

    @property
    def failed(self) -> int:
        return sum(self.errors.values()) + self.timeouts

    def render(self) -> str:
        """A few aligned lines for the end of a run."""
        seconds = self.seconds
        detail = [f"{self.changed:,} changed", f"{self.emptied:,} emptied"]
        n_errors = sum(self.errors.values())
        if n_errors:
            detail.append(f"{n_errors:,} error" + ("s" if n_errors != 1 else ""))
        if self.timeouts:
            detail.append(f"{self.timeouts:,} timeout" + ("s" if self.timeouts != 1 else ""))
        lines = [f"pages   {self.pages:,} ({', '.join(detail)})"]
        if self.errors:
            lines.append("errors  " + _by_count(self.errors))
        lines.append(f"bytes   {_megabytes(self.bytes_in)} in, {_megabytes(self.bytes_out)} out")
        total_edits = sum(self.edits.values())
        lines.append(f"edits   {total_edits:,}" + (": " + _by_count(self.edits) if self.edits else ""))
        lines.append(
            f"time    {seconds:,.1f} s ({_rate(self.pages, seconds):,.1f} pages/s, "
            f"{_rate(self.bytes_in, seconds) / _MB:.2f} MB/s)"
        )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        seconds = self.seconds
        return {
            "pages": self.pages,
            "changed": self.changed,
            "emptied": self.emptied,
            "failed": self.failed,
            "errors": dict(sorted(self.errors.items())),
            "timeouts": self.timeouts,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "edits": dict(sorted(self.edits.items())),
            "seconds": round(seconds, 3),
            "pages_per_second": round(_rate(self.pages, seconds), 2),
            "mb_per_second": round(_rate(self.bytes_in, seconds) / _MB, 3),
        }


def _by_count(counts: Mapping[str, int]) -> str:
    """``pinyin 719, seo-spam 30``: most frequent first, then by name."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{kind} {n:,}" for kind, n in ordered)
