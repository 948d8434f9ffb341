"""Limits on one page's work: a size cap and a time budget.

The time budget is cooperative: the pipeline checks it between steps (decoding,
extraction, each detector), so a page stops at the next step boundary after the budget
runs out. A hard stop for a step that never returns needs a separate process, which is
what the corpus pool's per-document budget gives (cleanpage/corpus/pool.py).
"""

from __future__ import annotations

import time

# Larger pages are passed through uncleaned: a real article page is well under 5 MB,
# and anything this size is a dump, a binary or an attack.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


class OverBudget(Exception):
    """The page's time budget ran out; ``step`` names where it was noticed."""

    def __init__(self, step: str, seconds: float) -> None:
        super().__init__(f"time budget of {seconds:g} s ran out (at {step})")
        self.step = step


class Deadline:
    """A point in time after which :meth:`check` raises :class:`OverBudget`."""

    __slots__ = ("_at", "seconds")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._at = None if seconds is None else time.monotonic() + seconds

    def check(self, step: str) -> None:
        if self._at is not None and time.monotonic() > self._at:
            raise OverBudget(step, self.seconds or 0.0)


NO_DEADLINE = Deadline(None)


def input_size(page: str | bytes, limit: int) -> int:
    """The page's size in bytes (UTF-8 for str), exact only when it may exceed ``limit``."""
    if isinstance(page, bytes):
        return len(page)
    if len(page) * 4 <= limit:  # no str of this length can exceed the limit
        return len(page)
    return len(page.encode("utf-8", "surrogatepass"))
