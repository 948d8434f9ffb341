"""Python's cyclic garbage collector, paused while one page is cleaned.

Cleaning a page makes tens of thousands of short-lived objects (elements, text nodes,
runs, edits, statuses), and CPython runs a collection pass after every 700 new
container objects. Those passes find nothing, because the pipeline makes no reference
cycles (``tests/test_collector.py`` checks it on every sample and fixture), yet they
were 6 % of the time of cleaning an HTML page. So :meth:`cleanpage.Cleaner.clean`
turns the collector off for the page and back on after it: every object is still freed
by reference counting the moment it is no longer used, and the collector's next pass
sees whatever the page left, as it would have.

The switch is process-wide. Only the call that turned the collector off turns it back
on, so a caller that keeps it off keeps it off, and two threads cleaning at once leave
it as they found it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off inside the block (if it was on), on again after it,
    also when the block raises."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
